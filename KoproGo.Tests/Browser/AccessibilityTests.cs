using Deque.AxeCore.Commons;
using Deque.AxeCore.Playwright;
using KoproGo.Tests.Support;
using KoproGo.Web.Infrastructure;
using Microsoft.Playwright;

namespace KoproGo.Tests.Browser;

/// <summary>Chromium (Debian's, never a downloaded one) launched once for the browser tests.</summary>
public sealed class Chromium : IAsyncLifetime
{
    private IPlaywright? playwright;
    public IBrowser Browser { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        playwright = await Playwright.CreateAsync();
        Browser = await playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = "/usr/bin/chromium",
            Headless = true,
            Args = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run"],
        });
    }

    public async Task DisposeAsync()
    {
        await Browser.DisposeAsync();
        playwright?.Dispose();
    }
}

/// <summary>WCAG 2.1 AA checks by axe-core on the pages people use, and the htmx enhancements in a real browser.</summary>
public class AccessibilityTests(App app, Chromium chromium) : AppTest(app), IClassFixture<Chromium>
{
    private readonly List<string> cspViolations = [];

    private async Task<IPage> NewPage(string language = "fr", int width = 1280, bool javaScript = true)
    {
        var context = await chromium.Browser.NewContextAsync(new BrowserNewContextOptions
        {
            JavaScriptEnabled = javaScript,
            BaseURL = App.BaseUrl,
            ViewportSize = new ViewportSize { Width = width, Height = width < 600 ? 740 : 720 },
            Locale = language,
            ExtraHTTPHeaders = new Dictionary<string, string> { ["Accept-Language"] = language },
        });
        var page = await context.NewPageAsync();
        page.Console += (_, message) =>
        {
            if (message.Text.Contains("Content Security Policy")) cspViolations.Add(message.Text);
        };
        return page;
    }

    private static async Task SignIn(IPage page, string email)
    {
        await page.GotoAsync("/account/login");
        await page.FillAsync("#Input_Email", email);
        await page.FillAsync("#Input_Password", Session.DemoPassword);
        await page.ClickAsync("main button[type=submit]");
        // Signed in once the next page is on its way; each test then opens the page it checks and waits for it.
        await page.WaitForURLAsync(url => !url.Contains("/account/login"), new PageWaitForURLOptions { WaitUntil = WaitUntilState.Commit });
    }

    private static async Task AssertAccessible(IPage page, string url)
    {
        var response = await page.GotoAsync(url);
        Assert.True(response!.Ok, $"{url} answered {response.Status}");
        await AssertAccessible(page);
    }

    private static async Task AssertAccessible(IPage page)
    {
        var result = await page.RunAxe(new AxeRunOptions
        {
            RunOnly = new RunOnlyOptions { Type = "tag", Values = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"] },
        });
        var violations = result.Violations.Select(v =>
            $"{v.Id} ({v.Impact}): {v.Help} at {string.Join(", ", v.Nodes.Select(n => n.Html).Take(3))}").ToList();
        Assert.True(violations.Count == 0, $"{page.Url}:\n{string.Join("\n", violations)}");
    }

    private Task<long> Id(string sql) => Scalar<long>(sql);

    [Fact]
    public async Task The_sign_in_page_and_the_public_pages_have_no_violations()
    {
        var page = await NewPage("nl");
        await AssertAccessible(page, "/account/login");
        await AssertAccessible(page, "/public/residence-les-tilleuls");
        await AssertAccessible(page, "/public/residence-les-tilleuls/poster");
        await AssertAccessible(page, "/account/forgot");
        await page.GotoAsync("/account/set-password?token=not-a-token");
        await AssertAccessible(page);
        Assert.Empty(cspViolations);
    }

    [Fact]
    public async Task The_syndics_pages_have_no_violations()
    {
        var building = await Id("select id from buildings where slug = 'residence-les-tilleuls'");
        var lot = await Id("select id from lots where number = 'A2.1'");
        var owner = await Id("select id from owners where first_name = 'Sophie'");
        var page = await NewPage();
        await SignIn(page, "syndic@demo.koprogo.be");
        foreach (var url in new[]
        {
            "/dashboard", $"/buildings/{building}", $"/buildings/{building}/edit", "/owners", $"/owners/{owner}", $"/owners/{owner}/edit",
            $"/lots/{lot}", $"/lots/{lot}/owners", $"/lots/new?building={building}", "/account/password", "/audit",
            "/users", "/users/invite", "/account/preferences", "/account/sessions", "/account/two-factor", $"/buildings/{building}/documents",
            $"/buildings/{building}/accounting", $"/buildings/{building}/journal", $"/buildings/{building}/statements",
            $"/buildings/{building}/invoices", $"/buildings/{building}/calls", $"/buildings/{building}/keys", "/suppliers",
            $"/invoices/{await Id("select id from invoices limit 1")}",
        })
            await AssertAccessible(page, url);
        Assert.Empty(cspViolations);
    }

    /// <summary>At the test provider's own screens (not ours to check): who the person is there, at which level, and allow.</summary>
    private async Task AtTheProvider(IPage page, string person, string level)
    {
        await page.WaitForURLAsync(url => url.StartsWith(App.IdentityProvider.Authority));
        await page.FillAsync("#person", person);
        await page.CheckAsync($"#{level}");
        await page.ClickAsync("form[action$='/login'] button");
        await page.ClickAsync("form[action$='/allow'] button");
        await page.WaitForURLAsync(url => url.StartsWith(App.BaseUrl) && !url.Contains("/signin-oidc"));
    }

    [Fact]
    public async Task An_owner_links_the_identity_provider_and_signs_in_through_it_in_the_browser_and_its_pages_have_no_violations()
    {
        await App.IdentityProvider.EnsureStarted(App.BaseUrl);
        var page = await NewPage();
        await SignIn(page, "owner@demo.koprogo.be");
        await AssertAccessible(page, "/account/identity");
        await page.ClickAsync("main form[action*='handler=Link'] button");
        await AtTheProvider(page, "sophie.in.browser", "low");
        Assert.EndsWith("/account/identity", page.Url);
        Assert.Contains("Votre compte est lié", await page.InnerTextAsync("main"));
        await AssertAccessible(page);

        var phone = await NewPage("nl", width: 360);
        await phone.GotoAsync("/account/login");
        await phone.ClickAsync("main form[action='/account/external'] button");
        await AtTheProvider(phone, "sophie.in.browser", "high");
        Assert.Contains("via Test ID, niveau fort", await (await phone.GotoAsync("/account/sessions"))!.TextAsync());
        await AssertAccessible(phone);
        // the page saying why a sign-in did not complete
        var stranger = await NewPage("de");
        await AssertAccessible(stranger, "/account/external/done");
        Assert.Empty(cspViolations);
    }

    [Fact]
    public async Task An_owner_reports_a_problem_from_a_phone_and_the_problem_and_maintenance_pages_have_no_violations()
    {
        var building = await Id("select id from buildings where slug = 'residence-les-tilleuls'");
        var phone = await NewPage(width: 360);
        await SignIn(phone, "owner@demo.koprogo.be");
        await AssertAccessible(phone, $"/problems/new?building={building}");
        await phone.FillAsync("#Input_Place", "Hall, 2nd floor");
        await phone.SelectOptionAsync("#Input_Category", "water_leak");
        await phone.FillAsync("#Input_Title", "Leak in the hall");
        await phone.FillAsync("#Input_Description", "Water runs down the wall.");
        await phone.ClickAsync("main button[type=submit]");
        await phone.WaitForURLAsync(url => System.Text.RegularExpressions.Regex.IsMatch(url, "/problems/[0-9]+$"));
        await AssertAccessible(phone);
        var report = phone.Url.Split('/').Last();
        await AssertAccessible(phone, "/problems");
        // a form sent back with errors
        await phone.GotoAsync($"/problems/new?building={building}");
        await phone.ClickAsync("main button[type=submit]");
        await phone.WaitForSelectorAsync(".error-summary");
        await AssertAccessible(phone);

        var syndic = await NewPage();
        await SignIn(syndic, "syndic@demo.koprogo.be");
        var lift = await Id($"select id from equipment where building_id = {building} and kind = 'lift'");
        foreach (var url in new[] { $"/problems/{report}", "/problems?overdue=true", $"/buildings/{building}/problem-delays", $"/buildings/{building}",
                     $"/buildings/{building}/maintenance", $"/maintenance/{lift}", $"/buildings/{building}/maintenance/edit?equipment={lift}" })
            await AssertAccessible(syndic, url);
        Assert.Empty(cspViolations);
    }

    [Fact]
    public async Task A_contractor_answers_on_a_phone_by_link_and_the_works_pages_have_no_violations()
    {
        var request = await Id("select id from works_requests where title like 'Réfection de la toiture%'");
        var dubois = await Id("select id from suppliers where name = 'Toitures Dubois SRL'");
        var token = KoproGo.Web.Infrastructure.AccountTokens.NewSecret();
        await Scalar<int>("""
            insert into contractor_links (organisation_id, supplier_id, token_hash, expires_at) select organisation_id, id, @hash, now() + interval '1 day'
            from suppliers where id = @dubois returning 1
            """, new { hash = KoproGo.Web.Infrastructure.AccountTokens.Hash(token), dubois });
        var phone = await NewPage(width: 360);
        await phone.GotoAsync($"/c/{token}");
        Assert.EndsWith("/contractor", phone.Url);
        await AssertAccessible(phone);
        await AssertAccessible(phone, $"/contractor/requests/{request}");
        await phone.FillAsync("#Input_AmountExclVat", "quinze mille");
        await phone.ClickAsync("main form button[type=submit]");
        await phone.WaitForSelectorAsync(".error-summary");
        await AssertAccessible(phone);
        await phone.FillAsync("#Input_AmountExclVat", "15000");
        await phone.ClickAsync("main form button[type=submit]");
        await phone.WaitForSelectorAsync(".notice");
        await AssertAccessible(phone);
        await Scalar<int>("update contractor_links set expires_at = now() - interval '1 minute' where supplier_id = @dubois returning 1", new { dubois });
        await AssertAccessible(phone, $"/c/{token}");
        await AssertAccessible(phone, "/contractor/signed-out");

        // the heating firm reports its works on a phone: the report form, sent back with its errors
        var thermo = await Id("select id from suppliers where name = 'Thermo Services SRL'");
        var purge = await Id("update work_orders set state = 'in_progress', started_at = now() where title like 'Purge%' returning id");
        var thermoToken = KoproGo.Web.Infrastructure.AccountTokens.NewSecret();
        await Scalar<int>("""
            insert into contractor_links (organisation_id, supplier_id, token_hash, expires_at) select organisation_id, id, @hash, now() + interval '1 day'
            from suppliers where id = @thermo returning 1
            """, new { hash = KoproGo.Web.Infrastructure.AccountTokens.Hash(thermoToken), thermo });
        var heating = await NewPage("nl", width: 360);
        await heating.GotoAsync($"/c/{thermoToken}");
        await AssertAccessible(heating, $"/contractor/orders/{purge}");
        await heating.ClickAsync("main form button[type=submit]");
        await heating.WaitForSelectorAsync(".error-summary");
        await AssertAccessible(heating);

        var building = await Id("select id from buildings where slug = 'residence-les-tilleuls'");
        var lighting = await Id("select id from work_orders where title like 'Remplacer%'");
        var syndic = await NewPage();
        await SignIn(syndic, "syndic@demo.koprogo.be");
        foreach (var url in new[] { "/works", $"/works/{request}", $"/works/{request}?sort=price", "/works/new", $"/buildings/{building}/works-rules", "/suppliers",
                     "/orders", $"/orders/{lighting}", $"/orders/{purge}", "/orders/new", $"/suppliers/{thermo}", $"/buildings/{building}/maintenance" })
            await AssertAccessible(syndic, url);
        // a decision sent back with its errors
        await syndic.GotoAsync($"/works/{request}");
        await syndic.ClickAsync("form[action*='handler=Accept'] button[type=submit]");
        await syndic.WaitForSelectorAsync(".error-summary");
        await AssertAccessible(syndic);
        var board = await NewPage("nl", width: 360);
        await SignIn(board, "board@demo.koprogo.be");
        await AssertAccessible(board, $"/works/{request}");
        Assert.Empty(cspViolations);
    }

    [Fact]
    public async Task A_copy_of_my_data_is_made_before_my_eyes_and_the_privacy_pages_have_no_violations()
    {
        var page = await NewPage();
        await SignIn(page, "owner@demo.koprogo.be");
        await AssertAccessible(page, "/account/data");
        // a correction left empty: the message by the field, and the page still passes
        await page.ClickAsync("form[action*='handler=Correction'] button[type=submit]");
        await page.WaitForSelectorAsync("#Correction-error");
        await AssertAccessible(page);

        // the copy is asked for; htmx follows the job until the download link appears, without a reload
        await page.GotoAsync("/account/data");
        await page.ClickAsync("#Export");
        await page.WaitForSelectorAsync("#export-progress a[href*='handler=download']", new PageWaitForSelectorOptions { Timeout = 30_000 });
        await AssertAccessible(page);
        var download = await page.RunAndWaitForDownloadAsync(() => page.ClickAsync("#export-progress a[href*='handler=download']"));
        using (var zip = new System.IO.Compression.ZipArchive(File.OpenRead(await download.PathAsync())))
        {
            // the readable summary is a file of its own (opened from the disk, no site around it): it passes axe too
            var file = await NewPage();
            await file.SetContentAsync(await new StreamReader(zip.GetEntry("summary.html")!.Open()).ReadToEndAsync());
            await AssertAccessible(file);
        }

        // an erasure asked and confirmed: the syndic's list and the request with its plan
        await page.GotoAsync("/account/data");
        await page.CheckAsync("input[name=CommunityContent][value=keep]");
        await page.ClickAsync("form[action*='handler=Erase'] button[type=submit]");
        var link = (await App.Smtp.WaitFor(m => m.To.Contains("owner@demo.koprogo.be") && m.Text.Contains("/account/data/confirm"))).Link("/account/data/confirm");
        await AssertAccessible(page, link);
        await page.ClickAsync("main form button[type=submit]");
        await page.WaitForSelectorAsync("main .notice");
        await AssertAccessible(page);
        var syndic = await NewPage("nl");
        await SignIn(syndic, "syndic@demo.koprogo.be");
        await AssertAccessible(syndic, "/privacy/requests");
        await AssertAccessible(syndic, $"/privacy/requests/{await Id("select id from privacy_requests where kind = 'erasure'")}");
        await syndic.ClickAsync("form[action*='handler=Erase'] button[type=submit]");
        await syndic.WaitForSelectorAsync("#Understood-error");
        await AssertAccessible(syndic);

        // the breach register: the list with its form refused, a breach with its persons and its decision form
        await AssertAccessible(syndic, "/privacy/breaches");
        await syndic.ClickAsync("main form button[type=submit]");
        await syndic.WaitForSelectorAsync("#Input_Title-error");
        await AssertAccessible(syndic);
        var breach = await Id("""
            insert into data_breaches (organisation_id, discovered_at, recorded_by, title, description)
            select organisation_id, now() - interval '60 hours', 'Claire Horizon', 'Clé USB perdue', 'Une clé USB avec la liste des propriétaires.'
            from users where email = 'syndic@demo.koprogo.be' returning id
            """);
        await Id($"""
            insert into data_breach_persons (breach_id, organisation_id, owner_id)
            select {breach}, organisation_id, id from owners where last_name = 'Lambert' returning breach_id
            """);
        await AssertAccessible(syndic, $"/privacy/breaches/{breach}");

        // the register of processing, an activity's form, the notice the syndic publishes and the one the persons read
        foreach (var url in new[] { "/privacy/register", "/privacy/register/accounting", "/privacy/register/new", "/privacy/notice", "/privacy/dpa", "/account/notice",
                     "/public/residence-les-tilleuls/privacy" })
            await AssertAccessible(syndic, url);
        Assert.Empty(cspViolations);
    }

    [Fact]
    public async Task A_bank_statement_uploaded_with_htmx_is_matched_before_the_users_eyes_and_the_money_pages_have_no_violations()
    {
        var building = await Id("select id from buildings where slug = 'residence-les-tilleuls'");
        var sophie = await Id("select id from owners where first_name = 'Sophie'");
        var page = await NewPage();
        await SignIn(page, "syndic@demo.koprogo.be");
        await AssertAccessible(page, $"/buildings/{building}/bank");

        // a file that is not a statement: the message comes next to the field, in place
        await page.EvaluateAsync("() => window.pageHeading = document.querySelector('h1')");
        await page.SetInputFilesAsync("#Statement", new FilePayload { Name = "notes.txt", MimeType = "text/plain", Buffer = "bonjour"u8.ToArray() });
        await page.ClickAsync("form[data-upload-progress] button[type=submit]");
        await page.WaitForSelectorAsync("#Statement-error");
        await AssertAccessible(page);
        // only the form was replaced (the page around it is the same), and the focus is on its error summary
        Assert.True(await page.EvaluateAsync<bool>("() => document.querySelector('h1') === window.pageHeading"));
        await page.WaitForFunctionAsync("() => document.activeElement.matches('#import-form .error-summary')");

        var file = new CodaSample("BE41363081234510", BrusselsTime.Today, 42, 0m)
            .Credit(77.70m, "cotisation", "PERSONNE INCONNUE", structured: false).Bytes;
        await page.SetInputFilesAsync("#Statement", new FilePayload { Name = "extrait-42.cod", MimeType = "application/octet-stream", Buffer = file });
        await page.ClickAsync("form[data-upload-progress] button[type=submit]");
        await page.WaitForURLAsync("**/bank-imports/*");
        await page.WaitForSelectorAsync("text=Chaque ligne est examinée");
        await AssertAccessible(page);
        var line = await Id("select id from bank_lines where amount = 77.70");
        foreach (var url in new[]
        {
            $"/bank-lines/{line}", $"/buildings/{building}/settlement", $"/buildings/{building}/owners/{sophie}/statement",
            $"/buildings/{building}/arrears", $"/buildings/{building}/arrears/{await Id("select id from owners where first_name = 'Philippe'")}",
            $"/buildings/{building}/owners/{await Id("select id from owners where first_name = 'Philippe'")}/statement", $"/buildings/{building}/recovery-rules",
            $"/buildings/{building}/budgets", $"/budgets/{await Id("select id from budgets where state = 'approved'")}",
            $"/budgets/{await Id("select id from budgets where state = 'approved'")}/variance", $"/budgets/{await Id("select id from budgets where state = 'approved'")}/provisions",
            $"/budgets/{await Id("select id from budgets where state = 'submitted'")}", $"/buildings/{building}/transfers",
            $"/buildings/{building}/etats-dates", $"/etats-dates/{await Id("select id from etat_dates")}", $"/buildings/{building}/proceedings",
        })
            await AssertAccessible(page, url);
        Assert.Empty(cspViolations);
    }

    [Fact]
    public async Task The_sensors_pages_charts_alerts_and_forms_in_error_and_the_owners_meters_have_no_violations()
    {
        var building = await Id("select id from buildings where slug = 'residence-les-tilleuls'");
        var sensor = await Id("""
            insert into sensors (organisation_id, building_id, kind, key, name, unit) select organisation_id, id, 'cold_water', 'main', 'Compteur général', 'm3'
            from buildings where slug = 'residence-les-tilleuls' returning id
            """);
        await Id($"insert into rejected_readings (building_id, topic, payload, reason) values ({building}, 'koprogo/residence-les-tilleuls/gas/x', '12', 'unknown sensor') returning id");
        // a day and a half of readings (with their summaries, as the ingestion writes them), a rule and its alert
        await Readings.Store(App, [.. Enumerable.Range(0, 36 * 4).Select(q => (sensor, DateTime.UtcNow.AddMinutes(-15 * q), 900 - 0.05 * q))]);
        var rule = await Id($"insert into sensor_alert_rules (organisation_id, building_id, kind, condition, threshold) select organisation_id, id, 'cold_water', 'spike', 40 from buildings where id = {building} returning id");
        await Id($"insert into sensor_alerts (rule_id, sensor_id, detail) values ({rule}, {sensor}, '2026-11-30: 2.4 m3 / 1.1 m3') returning id");
        var page = await NewPage();
        await SignIn(page, "syndic@demo.koprogo.be");
        await AssertAccessible(page, $"/buildings/{building}/sensors");
        await page.ClickAsync("form[method=post] button.primary");
        await page.WaitForSelectorAsync("#Input_Kind-error");
        await AssertAccessible(page);
        await page.ClickAsync("#alerts ~ form button.primary");
        await page.WaitForSelectorAsync("#NewRule_Target-error");
        await AssertAccessible(page);
        // the sensor's charts, live (polled) and past, and a wrong date
        await AssertAccessible(page, $"/sensors/{sensor}?period=hour");
        await AssertAccessible(page, $"/sensors/{sensor}?period=day");
        await AssertAccessible(page, $"/sensors/{sensor}?period=month&on=2026-13-01");
        // the owner's meters
        var lot = await Id($"select l.id from lots l join lot_ownerships o on o.lot_id = l.id join users u on u.owner_id = o.owner_id where u.email = 'owner@demo.koprogo.be' and l.building_id = {building} limit 1");
        await Id($"update sensors set lot_id = {lot} where id = {sensor} returning id");
        var owner = await NewPage();
        await SignIn(owner, "owner@demo.koprogo.be");
        await AssertAccessible(owner, "/my/meters");
    }

    [Fact]
    public async Task The_keys_from_meter_readings_with_a_preview_and_errors_have_no_violations()
    {
        var building = await Id("select id from buildings where slug = 'residence-les-tilleuls'");
        var lot = await Id($"select id from lots where building_id = {building} and kind = 'apartment' order by id limit 1");
        var sensor = await Readings.Sensor(App, "heat_cost_allocator", "a1", lot);
        await Readings.Store(App, [(sensor, DateTime.UtcNow.AddDays(-20), 10), (sensor, DateTime.UtcNow.AddDays(-1), 250)]);
        var page = await NewPage();
        await SignIn(page, "syndic@demo.koprogo.be");
        await AssertAccessible(page, $"/buildings/{building}/consumption-keys");
        await page.FillAsync("#Input_From", BrusselsTime.Today.AddDays(-30).ToString("yyyy-MM-dd"));
        await page.FillAsync("#Input_To", BrusselsTime.Today.ToString("yyyy-MM-dd"));
        await page.ClickAsync("form button.secondary");
        await page.WaitForSelectorAsync("#preview");
        await AssertAccessible(page);
        await page.FillAsync("#Input_Name", "");
        await page.ClickAsync("form button.primary");
        await page.WaitForSelectorAsync("#Input_Name-error");
        await AssertAccessible(page);
    }

    [Fact]
    public async Task Meter_imports_their_columns_results_and_the_register_have_no_violations()
    {
        var building = await Id("select id from buildings where slug = 'residence-les-tilleuls'");
        var lot = await Id($"select id from lots where building_id = {building} and kind = 'apartment' order by id limit 1");
        await Id($"""
            insert into sensors (organisation_id, building_id, lot_id, kind, key, name, unit, serial, provider)
            select organisation_id, id, {lot}, 'heat_cost_allocator', '7ista10001', '7ISTA10001', 'units', '7ISTA10001', 'ista' from buildings where id = {building} returning id
            """);
        var today = BrusselsTime.Today;
        var page = await NewPage();
        await SignIn(page, "syndic@demo.koprogo.be");
        await AssertAccessible(page, $"/buildings/{building}/meter-imports");
        // a file with a faulty line, refused in place; then the sample, imported (htmx posts it, the browser follows)
        var faulty = System.Text.Encoding.UTF8.GetBytes("Numéro d'appareil;Date de relevé;Index\n7ISTA10001;32/01/2025;1,0\n");
        await page.SetInputFilesAsync("#Readings", new FilePayload { Name = "ista.csv", MimeType = "text/csv", Buffer = faulty });
        await page.ClickAsync("form[data-upload-progress] button[type=submit]");
        await page.WaitForSelectorAsync("#Readings-error");
        await AssertAccessible(page);
        await page.SetInputFilesAsync("#Readings", new FilePayload { Name = "ista.csv", MimeType = "text/csv",
            Buffer = System.Text.Encoding.UTF8.GetBytes(MeterFileSamples.IstaCsv(today.AddYears(-1), today)) });
        await page.ClickAsync("form[data-upload-progress] button[type=submit]");
        await page.WaitForURLAsync("**/meter-imports/*");
        await page.WaitForSelectorAsync("#unknown");
        await AssertAccessible(page);
        // the register with the meters to add, and its form in error
        await AssertAccessible(page, $"/buildings/{building}/meters");
        await page.ClickAsync("form[method=post] button.primary");
        await page.WaitForSelectorAsync("#Input_Serial-error");
        await AssertAccessible(page);
        // another firm's CSV: its columns to name, and a wrong choice
        await page.GotoAsync($"/buildings/{building}/meter-imports");
        await page.SelectOptionAsync("#Upload_Format", "csv");
        await page.SetInputFilesAsync("#Readings", new FilePayload { Name = "techem.csv", MimeType = "text/csv",
            Buffer = System.Text.Encoding.UTF8.GetBytes(MeterFileSamples.OtherCsv(today)) });
        await page.ClickAsync("form[data-upload-progress] button[type=submit]");
        await page.WaitForSelectorAsync("#columns");
        await AssertAccessible(page);
        await page.SelectOptionAsync("#Map_Value", "Remark");
        await page.ClickAsync("form[method=post] button.primary");
        await page.WaitForSelectorAsync("#Map_DecimalSeparator-error");
        await AssertAccessible(page);
    }

    [Fact]
    public async Task A_group_purchase_joined_in_the_browser_and_its_pages_have_no_violations()
    {
        var building = await Id("select id from buildings where slug = 'residence-les-tilleuls'");
        var page = await NewPage();
        await SignIn(page, "syndic@demo.koprogo.be");
        await AssertAccessible(page, $"/buildings/{building}/energy-campaigns");
        await page.ClickAsync("#new ~ form button.primary");
        await page.WaitForSelectorAsync("#Input_Title-error");
        await AssertAccessible(page);
        await page.FillAsync("#Input_Title", "Électricité 2027");
        await page.CheckAsync("input[name='Input.Energy'][value='both']");
        await page.ClickAsync("#new ~ form button.primary");
        await page.WaitForURLAsync("**/energy-campaigns/*");
        var campaign = page.Url.Split('/')[^1];
        await page.SelectOptionAsync("#Move_To", "collecting");
        await page.ClickAsync("#next ~ form button.primary");
        await page.WaitForSelectorAsync("#new-offer");
        await page.ClickAsync("#new-offer ~ form button.primary");
        await page.WaitForSelectorAsync("#NewOffer_Supplier-error");
        await AssertAccessible(page);
        // an owner: the join form, in error, then taking part with their bill
        var owner = await NewPage();
        await SignIn(owner, "owner@demo.koprogo.be");
        await AssertAccessible(owner, $"/energy-campaigns/{campaign}");
        await owner.ClickAsync("#join ~ form button.primary");
        await owner.WaitForSelectorAsync("#Join_Consent-error");
        await AssertAccessible(owner);
        await owner.FillAsync("#Join_ElectricityEan", "541448820000000015");
        await owner.FillAsync("#Join_DayKwh", "2500");
        await owner.SetInputFilesAsync("#Bill", new FilePayload { Name = "facture.pdf", MimeType = "application/pdf", Buffer = Samples.MinimalPdf });
        await owner.CheckAsync("#Join_Consent");
        await owner.ClickAsync("#join ~ form button.primary");
        await owner.WaitForSelectorAsync("#mine");
        await AssertAccessible(owner);
    }

    [Fact]
    public async Task An_owner_offers_in_the_sel_through_the_browser_and_its_pages_have_no_violations()
    {
        var building = await Id("select id from buildings where slug = 'residence-les-tilleuls'");
        var page = await NewPage();
        await SignIn(page, "owner@demo.koprogo.be");
        await AssertAccessible(page, $"/buildings/{building}/sel");
        await page.FillAsync("#Input_Title", "");
        await page.FillAsync("#Input_Credits", "200");
        await page.ClickAsync("form[method=post] button.primary");
        await page.WaitForSelectorAsync("#Input_Credits-error");
        await AssertAccessible(page);
        await page.SelectOptionAsync("#Input_Category", "gardening");
        await page.FillAsync("#Input_Title", "Tondre la pelouse");
        await page.FillAsync("#Input_Credits", "2");
        await page.ClickAsync("form[method=post] button.primary");
        await page.WaitForURLAsync("**/sel/*");
        await AssertAccessible(page);
        await AssertAccessible(page, $"/buildings/{building}/sel/statement");
        Assert.Empty(cspViolations);
    }

    [Fact]
    public async Task A_member_books_the_guest_parking_in_the_browser_and_the_community_pages_have_no_violations()
    {
        var building = await Id("select id from buildings where slug = 'residence-les-tilleuls'");
        var parking = await Id("select id from resources where name = 'Parking visiteurs P1'");
        var page = await NewPage();
        await SignIn(page, "owner@demo.koprogo.be");
        foreach (var url in new[]
        {
            $"/buildings/{building}/community", $"/buildings/{building}/skills", $"/buildings/{building}/library", $"/buildings/{building}/notices",
            $"/buildings/{building}/resources", $"/buildings/{building}/swap", $"/objects/{await Id("select min(id) from shared_objects")}",
            $"/notices/{await Id("select id from notices where kind = 'event'")}", $"/resources/{parking}?view=week", $"/buildings/{building}/tenants",
        })
            await AssertAccessible(page, url);

        // a booking over the demo's one: refused by the field, then another day goes through
        await AssertAccessible(page, $"/resources/{parking}");
        var taken = KoproGo.Web.Infrastructure.BrusselsTime.Today.AddDays(2).ToString("yyyy-MM-dd");
        await page.FillAsync("#Input_Date", taken);
        await page.FillAsync("#Input_From", "11:00");
        await page.FillAsync("#Input_To", "13:00");
        await page.FillAsync("#Input_Purpose", "Livraison");
        await page.ClickAsync("form[action*=book] button.primary");
        await page.WaitForSelectorAsync("#Input_From-error");
        Assert.Equal("Livraison", await page.InputValueAsync("#Input_Purpose"));
        await AssertAccessible(page);
        await page.FillAsync("#Input_Date", KoproGo.Web.Infrastructure.BrusselsTime.Today.AddDays(5).ToString("yyyy-MM-dd"));
        await page.ClickAsync("form[action*=book] button.primary");
        await page.WaitForSelectorAsync(".notice");
        await AssertAccessible(page);
        Assert.Empty(cspViolations);
    }

    [Fact]
    public async Task The_syndics_community_pages_have_no_violations()
    {
        var building = await Id("select id from buildings where slug = 'residence-les-tilleuls'");
        var page = await NewPage();
        await SignIn(page, "syndic@demo.koprogo.be");
        foreach (var url in new[]
        {
            $"/buildings/{building}/resources", $"/buildings/{building}/moderation", $"/buildings/{building}/impact",
            $"/notices/{await Id("select id from notices where pinned")}", $"/resources/{await Id("select id from resources where name = 'Salle commune'")}",
        })
            await AssertAccessible(page, url);

        // inviting a resident with a mistyped address: the message by the field, the name kept
        await AssertAccessible(page, $"/buildings/{building}/residents");
        await page.FillAsync("#Input_Name", "Nina Wouters");
        await page.FillAsync("#Input_Email", "nina@");
        await page.ClickAsync("form:not([action*=handler]) button.primary");
        await page.WaitForSelectorAsync("#Input_Email-error");
        Assert.Equal("Nina Wouters", await page.InputValueAsync("#Input_Name"));
        await AssertAccessible(page);
        Assert.Empty(cspViolations);
    }

    [Fact]
    public async Task A_resident_lands_on_the_community_and_its_pages_have_no_violations()
    {
        var building = await Id("select id from buildings where slug = 'residence-les-tilleuls'");
        var page = await NewPage();
        await SignIn(page, "resident@demo.koprogo.be");
        await page.GotoAsync("/");
        Assert.EndsWith($"/buildings/{building}/community", page.Url);
        await AssertAccessible(page);
        foreach (var url in new[] { $"/buildings/{building}/sel", $"/buildings/{building}/resources", $"/buildings/{building}/swap" })
            await AssertAccessible(page, url);
        Assert.Empty(cspViolations);
    }

    [Fact]
    public async Task The_assembly_pages_have_no_violations_from_preparation_to_minutes()
    {
        var building = await Id("select id from buildings where slug = 'residence-les-tilleuls'");
        var assembly = await Id("select id from assemblies");
        var page = await NewPage();
        await SignIn(page, "syndic@demo.koprogo.be");
        foreach (var url in new[]
        {
            $"/buildings/{building}/assemblies", $"/assemblies/edit?building={building}", $"/assemblies/{assembly}/items",
            $"/buildings/{building}/board", $"/decisions/{await Id("select min(id) from decisions")}", $"/buildings/{building}/polls",
            $"/polls/{await Id("select id from polls")}",
        })
            await AssertAccessible(page, url);
        await page.GotoAsync($"/assemblies/{assembly}");
        await page.ClickAsync("form[action*=Convene] button");
        await page.WaitForSelectorAsync(".notice");
        await AssertAccessible(page);
        await AssertAccessible(page, $"/assemblies/{assembly}/post");
        var token = await Scalar<string>("select token from assembly_members m join owners o on o.id = m.owner_id where o.first_name = 'Sophie'");
        await AssertAccessible(page, $"/convocation/{token}");
        await Scalar<int>("update assemblies set meeting_at = now() returning 1");
        await page.GotoAsync($"/assemblies/{assembly}/live");
        await page.ClickAsync("form[action*=Open] button");
        await page.WaitForSelectorAsync("#attendance");
        await AssertAccessible(page);
        var owner = await NewPage();
        await SignIn(owner, "owner@demo.koprogo.be");
        await AssertAccessible(owner, $"/assemblies/{assembly}/vote");
        await AssertAccessible(owner, $"/buildings/{building}/requests");
        await AssertAccessible(owner, $"/polls/{await Id("select id from polls")}");
        await page.ClickAsync("form[action*=Close] button.primary");
        await page.WaitForSelectorAsync("#Text");
        await AssertAccessible(page);
        Assert.Empty(cspViolations);
    }

    [Fact]
    public async Task A_form_showing_errors_has_no_violations_and_keeps_the_input()
    {
        var page = await NewPage("de");
        await SignIn(page, "syndic@demo.koprogo.be");
        await page.GotoAsync("/owners/new");
        await page.FillAsync("#Input_FirstName", "Anna");
        await page.FillAsync("#Input_LastName", "Schmitz");
        await page.FillAsync("#Input_Email", "anna@");
        await page.ClickAsync("main button.primary");
        await page.WaitForSelectorAsync("#Input_Email-error");
        Assert.Equal("Schmitz", await page.InputValueAsync("#Input_LastName"));
        Assert.Equal("true", await page.GetAttributeAsync("#Input_Email", "aria-invalid"));
        await AssertAccessible(page);
        // the focus is on the error summary, whose link takes the keyboard to the field
        Assert.True(await page.EvaluateAsync<bool>("() => document.activeElement.matches('.error-summary')"));
        await page.Keyboard.PressAsync("Tab");
        await page.Keyboard.PressAsync("Enter");
        Assert.True(await page.EvaluateAsync<bool>("() => location.hash === '#Input_Email'"));
    }

    [Fact]
    public async Task Without_javascript_a_form_with_errors_puts_the_focus_on_its_summary()
    {
        var page = await NewPage("nl", javaScript: false);
        await page.GotoAsync("/account/login");
        await page.FillAsync("#Input_Email", "niemand");
        await page.ClickAsync("main button[type=submit]");
        await page.WaitForSelectorAsync(".error-summary");
        Assert.True(await page.EvaluateAsync<bool>("() => document.activeElement.matches('.error-summary')"),
            "the focus is not on the error summary");
    }

    [Fact]
    public async Task The_owner_dashboard_and_the_board_view_have_no_violations()
    {
        var owner = await NewPage();
        await SignIn(owner, "owner@demo.koprogo.be");
        await AssertAccessible(owner, "/my");
        await AssertAccessible(owner, "/notifications");
        await AssertAccessible(owner, $"/buildings/{await Id("select id from buildings where slug = 'residence-les-tilleuls'")}/documents");
        var admin = await NewPage("de");
        await SignIn(admin, "admin@demo.koprogo.be");
        await AssertAccessible(admin, "/admin");
        await AssertAccessible(admin, "/admin/jobs");
        await AssertAccessible(admin, "/admin/interest-rates");
        var board = await NewPage("nl");
        await SignIn(board, "board@demo.koprogo.be");
        await AssertAccessible(board, "/dashboard");
        Assert.Empty(cspViolations);
    }

    [Fact]
    public async Task Typing_in_the_lot_search_filters_the_list_in_place_and_updates_the_address()
    {
        var building = await Id("select id from buildings where slug = 'residence-les-tilleuls'");
        var page = await NewPage("en");
        await SignIn(page, "syndic@demo.koprogo.be");
        await page.GotoAsync($"/buildings/{building}");
        await page.EvaluateAsync("window.__notReloaded = true");
        await page.FillAsync("#q", "henrard");
        await Assertions.Expect(page.Locator("#lots tbody tr")).ToHaveCountAsync(1);
        Assert.Equal("A4.3", (await page.TextContentAsync("#lots tbody th"))!.Trim());
        Assert.True(await page.EvaluateAsync<bool>("window.__notReloaded === true"));
        await page.WaitForURLAsync(url => url.Contains("q=henrard"));
        Assert.Empty(cspViolations);
    }

    [Fact]
    public async Task The_first_tab_reaches_the_skip_link_which_moves_focus_to_the_content()
    {
        var page = await NewPage("en");
        await page.GotoAsync("/public/residence-les-tilleuls");
        await page.Keyboard.PressAsync("Tab");
        Assert.Equal("skip-link", await page.EvaluateAsync<string>("document.activeElement.className"));
        await page.Keyboard.PressAsync("Enter");
        Assert.Equal("main", await page.EvaluateAsync<string>("document.activeElement.id"));
    }

    /// <summary>
    /// At phone width, what axe would find on layout but in a fraction of its time (a full axe run costs two seconds a
    /// page): the page scrolling sideways (with the first elements reaching past the screen's edge outside any region
    /// that scrolls on its own), a region scrolling on its own that the keyboard cannot reach (scrollable-region-focusable),
    /// a link without a name (link-name); and for old tablets, a flex container spaced by gap.
    /// </summary>
    private const string PhoneProblems = """
        () => {
          const problems = [];
          const width = document.documentElement.clientWidth;
          const scrolls = e => ['auto', 'scroll', 'hidden'].includes(getComputedStyle(e).overflowX);
          const scrollsAlone = el => { for (let e = el.parentElement; e; e = e.parentElement) if (scrolls(e)) return true; return false; };
          const describe = el => el.tagName.toLowerCase() + (el.className ? '.' + el.className : '') + ' «' + (el.textContent || '').trim().slice(0, 40) + '»';
          if (document.documentElement.scrollWidth > width + 1)
            problems.push('scrolls sideways, ' + document.documentElement.scrollWidth + 'px: ' + [...document.querySelectorAll('body *')]
              .filter(el => el.getBoundingClientRect().right > width + 1 && !scrollsAlone(el)).slice(0, 4).map(describe).join(', '));
          const focusable = 'a[href], button, input, select, textarea, [tabindex]';
          for (const region of document.querySelectorAll('body *'))
            if (['auto', 'scroll'].includes(getComputedStyle(region).overflowX) && region.scrollWidth > region.clientWidth + 1 && !region.matches('[tabindex]') && !region.querySelector(focusable))
              problems.push('a scrolling region the keyboard cannot reach: ' + describe(region));
          // iOS before 14.5 ignores gap in a flex container: items would touch there
          for (const el of document.querySelectorAll('body *')) {
            const style = getComputedStyle(el);
            if (style.display.endsWith('flex') && [style.rowGap, style.columnGap].some(g => g !== 'normal' && g !== '0px'))
              problems.push('a flex container spaced by gap alone: ' + describe(el));
          }
          for (const link of document.querySelectorAll('a[href]'))
            if (!(link.innerText || '').trim() && !link.getAttribute('aria-label') && !link.querySelector('img[alt]:not([alt=""])'))
              problems.push('a link without a name: ' + link.outerHTML.slice(0, 80));
          return problems;
        }
        """;

    [Fact]
    public async Task On_a_phone_no_page_scrolls_sideways_and_the_pages_opened_on_a_phone_have_no_violations()
    {
        var problems = new List<string>();
        foreach (var person in (string?[])[null, .. KoproGo.Tests.Pages.Html.ValidHtmlTests.People])
        {
            var urls = person is null
                ? ["/account/login", "/account/forgot", "/public/residence-les-tilleuls", "/public/residence-les-tilleuls/poster"]
                : (await SiteCrawl.Pages(await SignedIn(person), 1, "/")).Select(p => p.Url).ToList();
            var page = await NewPage(width: 360);
            if (person is not null) await SignIn(page, person);
            foreach (var url in urls)
            {
                await page.GotoAsync(url);
                problems.AddRange((await page.EvaluateAsync<string[]>(PhoneProblems)).Select(p => $"{person} {url}: {p}"));
            }
            await page.Context.CloseAsync();
        }
        Assert.True(problems.Count == 0, $"{problems.Count} problems at 360 px:\n" + string.Join("\n", problems));

        // the whole of WCAG at phone width on the pages people open on a phone first
        var building = await Id("select id from buildings where slug = 'residence-les-tilleuls'");
        var visitor = await NewPage(width: 360);
        await AssertAccessible(visitor, "/public/residence-les-tilleuls");
        await AssertAccessible(visitor, "/account/login");
        var owner = await NewPage(width: 360);
        await SignIn(owner, "owner@demo.koprogo.be");
        foreach (var url in new[] { "/my", $"/buildings/{building}/community" })
            await AssertAccessible(owner, url);
        var board = await NewPage(width: 360);
        await SignIn(board, "board@demo.koprogo.be");
        await AssertAccessible(board, $"/buildings/{building}/board");
        var syndic = await NewPage(width: 360);
        await SignIn(syndic, "syndic@demo.koprogo.be");
        foreach (var url in new[] { "/dashboard", $"/buildings/{building}", "/users", "/suppliers", $"/buildings/{building}/bank", $"/buildings/{building}/residents" })
            await AssertAccessible(syndic, url);
    }
}
