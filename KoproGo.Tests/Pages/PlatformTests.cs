using AngleSharp.Dom;
using AngleSharp.Html.Dom;
using System.Globalization;
using System.Net;
using System.Text.RegularExpressions;
using System.Xml.Linq;
using KoproGo.Tests.Support;
using KoproGo.Web.Infrastructure;

namespace KoproGo.Tests.Pages;

public partial class PlatformTests(App app) : AppTest(app)
{
    /// <summary>Whatever clock the run is on (./koprogo test --on DATE), PostgreSQL and the app see the same day in Brussels.</summary>
    [Fact]
    public async Task The_stylesheet_reads_in_browsers_without_custom_properties()
    {
        // IE 11, Android 4 and Safari before 9.1 drop any declaration with var(): the header and primary buttons would
        // show white on white there
        var css = await (await App.NewSession().GetRaw("/css/site.css")).Content.ReadAsStringAsync();
        Assert.Contains(".site-header", css);
        Assert.DoesNotContain("var(", css);
        Assert.DoesNotMatch(@"(?m)^\s*--[a-z-]+\s*:", css);
        // every grid gap has its older name first, for Safari 10–11
        foreach (System.Text.RegularExpressions.Match rule in System.Text.RegularExpressions.Regex.Matches(css, @"\{[^}]*[ ;{]gap:[^}]*\}"))
            Assert.Contains("grid-gap:", rule.Value);
    }

    [Fact]
    public async Task The_database_and_the_app_agree_on_today_in_Brussels()
    {
        var (databaseToday, databaseZone) = await Row<(DateOnly, string)>("select current_date, current_setting('TimeZone')");
        Assert.Equal("Europe/Brussels", databaseZone);
        Assert.Equal(KoproGo.Web.Infrastructure.BrusselsTime.Today, databaseToday);
        Assert.InRange(await Scalar<double>("select abs(extract(epoch from now() - @utc))", new { utc = DateTime.UtcNow }), 0, 60);
    }

    [Fact]
    public async Task What_a_signed_in_person_downloads_is_never_cached_and_https_is_remembered_for_a_year()
    {
        var building = await Scalar<long>("select id from buildings where slug = 'residence-les-tilleuls'");
        var syndic = await SignedIn("syndic@demo.koprogo.be");
        foreach (var url in new[] { "/dashboard", $"/buildings/{building}/journal?handler=csv", $"/buildings/{building}/board?handler=report" })
        {
            var response = await syndic.GetRaw(url);
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            Assert.True(response.Headers.CacheControl?.NoStore, $"{url} may be stored: {response.Headers.CacheControl}");
        }
        // the public page stays cacheable for visitors
        Assert.NotEqual(true, (await App.NewSession().GetRaw("/public/residence-les-tilleuls/qr.svg")).Headers.CacheControl?.NoStore);

        var overHttps = await App.NewSession().GetRaw("/account/login", r => { r.Headers.Host = "koprogo.test"; r.Headers.Add("X-Forwarded-Proto", "https"); });
        var hsts = overHttps.Headers.GetValues("Strict-Transport-Security").Single();
        Assert.True(int.Parse(Regex.Match(hsts, @"max-age=(\d+)").Groups[1].Value, CultureInfo.InvariantCulture) >= 180 * 24 * 3600, hsts);
    }

    [Theory]
    [InlineData("br")]
    [InlineData("gzip")]
    public async Task Pages_styles_and_scripts_travel_compressed(string encoding)
    {
        var syndic = await SignedIn("syndic@demo.koprogo.be");
        foreach (var url in new[] { "/dashboard", "/css/site.css", "/lib/htmx.min.js" })
        {
            var response = await syndic.GetRaw(url, r => r.Headers.AcceptEncoding.ParseAdd(encoding));
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            Assert.Equal([encoding], response.Content.Headers.ContentEncoding);
        }
    }

    [Fact]
    public async Task Every_response_carries_security_headers_and_server_timing()
    {
        var session = await SignedIn("syndic@demo.koprogo.be");
        var response = await session.GetRaw("/dashboard");
        var csp = string.Join(";", response.Headers.GetValues("Content-Security-Policy"));
        Assert.Contains("script-src 'self'", csp);
        Assert.Contains("frame-ancestors 'none'", csp);
        Assert.Equal("nosniff", response.Headers.GetValues("X-Content-Type-Options").Single());
        Assert.Equal("DENY", response.Headers.GetValues("X-Frame-Options").Single());
        var timing = response.Headers.GetValues("Server-Timing").Single();
        Assert.Matches(@"total;dur=[\d.]+, sql;dur=[\d.]+;desc=""[1-9]\d* SQL commands""", timing);
    }

    [Fact]
    public async Task The_sign_in_cookie_is_http_only_and_same_site()
    {
        var session = App.NewSession();
        var response = await session.Post("/account/login", ("Input.Email", "syndic@demo.koprogo.be"), ("Input.Password", Session.DemoPassword));
        var cookie = response.Headers.GetValues("Set-Cookie").Single(c => c.StartsWith("koprogo-auth="));
        Assert.Contains("httponly", cookie.ToLowerInvariant());
        Assert.Contains("samesite=lax", cookie.ToLowerInvariant());
    }

    [Fact]
    public async Task Health_checks_the_database()
    {
        var response = await App.NewSession().GetRaw("/health");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("healthy", await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task Live_answers_and_ready_waits_for_every_migration_of_the_release()
    {
        var visitor = App.NewSession();
        Assert.Equal(HttpStatusCode.OK, (await visitor.GetRaw("/health/live")).StatusCode);
        var ready = await visitor.GetRaw("/health/ready");
        Assert.Equal(HttpStatusCode.OK, ready.StatusCode);
        var text = await ready.Content.ReadAsStringAsync();
        Assert.Contains("database: ok", text);
        Assert.Contains($"migrations: ok ({Directory.GetFiles(Path.Combine(AppContext.BaseDirectory, "migrations"), "*.sql").Length})", text);
        Assert.Matches(@"documents disk: \d+\s?% free", text);
        // as if this release's last migration had not been applied yet (another instance still migrating)
        var last = await Scalar<string>("select max(version) from schema_migrations");
        var checksum = await Scalar<string>("select checksum from schema_migrations where version = @last", new { last });
        await Query<int>("delete from schema_migrations where version = @last returning 1", new { last });
        try
        {
            var waiting = await visitor.GetRaw("/health/ready");
            Assert.Equal(HttpStatusCode.ServiceUnavailable, waiting.StatusCode);
            Assert.Contains($"migrations: pending {last}", await waiting.Content.ReadAsStringAsync());
            Assert.Equal(HttpStatusCode.OK, (await visitor.GetRaw("/health/live")).StatusCode);
        }
        finally
        {
            await Query<int>("insert into schema_migrations (version, checksum) values (@last, @checksum) returning 1", new { last, checksum });
        }
    }

    [Theory]
    [InlineData("fr", "Se connecter")]
    [InlineData("nl", "Aanmelden")]
    [InlineData("de", "Anmelden")]
    [InlineData("en", "Sign in")]
    [InlineData("nl-NL,nl;q=0.9", "Aanmelden")]
    [InlineData("es-ES,es;q=0.9", "Se connecter")]
    public async Task The_browser_language_picks_the_page_language(string acceptLanguage, string heading)
    {
        var page = await App.NewSession(acceptLanguage).Get("/account/login");
        Assert.Equal(heading, page.QuerySelector("h1")!.TextContent);
    }

    [Fact]
    public async Task The_language_switch_is_remembered_and_beats_the_browser_language()
    {
        var session = App.NewSession("en");
        var response = await session.Post("/language", ("code", "de"), ("returnUrl", "/account/login"));
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Equal("/account/login", response.Headers.Location!.OriginalString);
        Assert.Equal("Anmelden", (await session.Get("/account/login")).QuerySelector("h1")!.TextContent);
        var offsite = await session.Post("/language", ("code", "fr"), ("returnUrl", "https://evil.example/"));
        Assert.Equal("/", offsite.Headers.Location!.OriginalString);
    }

    [Fact]
    public async Task The_headers_language_switch_and_sign_out_work_as_the_browser_sends_them()
    {
        var session = await SignedIn("syndic@demo.koprogo.be");
        // Exactly the fields the page carries, as a browser without JavaScript posts them: no token added by the test.
        async Task<HttpResponseMessage> SubmitHeaderForm(string selector, params (string, string)[] extra)
        {
            var form = (await session.Get("/dashboard")).QuerySelector<IHtmlFormElement>(selector)!;
            var fields = form.Elements.OfType<IHtmlInputElement>().Where(i => i.Name is { Length: > 0 })
                .Select(i => new KeyValuePair<string, string>(i.Name!, i.Value))
                .Concat(extra.Select(e => new KeyValuePair<string, string>(e.Item1, e.Item2)));
            return await session.Post(form.Action, fields, withToken: false);
        }
        var switched = await SubmitHeaderForm("form.language-switch", ("code", "nl"));
        Assert.Equal(HttpStatusCode.Redirect, switched.StatusCode);
        Assert.Equal("nl", (await session.Get("/dashboard")).DocumentElement.GetAttribute("lang"));
        Assert.Equal(HttpStatusCode.Redirect, (await SubmitHeaderForm("form[action='/account/logout']")).StatusCode);
        Assert.Equal(HttpStatusCode.Redirect, (await session.GetRaw("/dashboard")).StatusCode);
    }

    [Fact]
    public async Task Dates_and_numbers_follow_the_language()
    {
        var lot = await Scalar<long>("select l.id from lots l join buildings b on b.id = l.building_id where b.slug = 'residence-les-tilleuls' and l.number = 'A2.1'");
        var nl = await (await SignedIn("board@demo.koprogo.be")).Get($"/lots/{lot}");
        var deed = new DateOnly(2012, 9, 1);
        Assert.NotEqual(deed.ToString("d", CultureInfo.GetCultureInfo("nl-BE")), deed.ToString("d", CultureInfo.GetCultureInfo("en-BE")));
        Assert.Contains(deed.ToString("d", CultureInfo.GetCultureInfo("nl-BE")), nl.MainText());
        Assert.Contains("10.000", nl.MainText());
        var fr = await (await SignedIn("syndic@demo.koprogo.be")).Get($"/lots/{lot}");
        Assert.Contains(deed.ToString("d", CultureInfo.GetCultureInfo("fr-BE")), fr.MainText());
        Assert.Contains("10\u202f000", fr.MainText());
    }

    private static string SourceRoot([System.Runtime.CompilerServices.CallerFilePath] string here = "") =>
        Path.GetFullPath(Path.Combine(Path.GetDirectoryName(here)!, "..", ".."));

    [GeneratedRegex(@"\b[Ll]\[""((?:[^""\\]|\\.)+)""|\bError\([^,""]+,\s*""((?:[^""\\]|\\.)+)""|TempData\[""Notice""\]\s*=\s*""((?:[^""\\]|\\.)+)""|Languages\.Text\([^,]+,\s*""((?:[^""\\]|\\.)+)""|\bT\(""((?:[^""\\]|\\.)+)""[,)]|\bSays\(""((?:[^""\\]|\\.)+)""|\bFail\(""((?:[^""\\]|\\.)+)""|\bJob<\w+>\(""[^""]+"", ""([^""]+)""|\bNews\(\s*""([^""]+)""|\],\s*""([^""]+)"",\s*\[")]
    private static partial Regex TextKey();

    [GeneratedRegex(@"(?:=>|const string \w+ =) ""([^""]+)""")]
    private static partial Regex LabelText();

    [Fact]
    public void Every_text_of_every_page_exists_in_the_four_languages()
    {
        var web = Path.Combine(SourceRoot(), "KoproGo.Web");
        var keys = Directory.EnumerateFiles(web, "*.cs*", SearchOption.AllDirectories)
            .Where(f => !f.Contains($"{Path.DirectorySeparatorChar}obj{Path.DirectorySeparatorChar}") && (f.EndsWith(".cs") || f.EndsWith(".cshtml")))
            .SelectMany(f => TextKey().Matches(File.ReadAllText(f)))
            .Select(m => m.Groups.Cast<Group>().Skip(1).First(g => g.Success).Value.Replace("\\\"", "\""))
            .ToHashSet();
        // Labels.cs maps stored codes to texts: every string it returns is a text too.
        keys.UnionWith(LabelText().Matches(File.ReadAllText(Path.Combine(web, "Infrastructure", "Labels.cs"))).Select(m => m.Groups[1].Value));
        // What the CODA reader finds wrong is shown in the reader's language.
        keys.UnionWith(typeof(KoproGo.Domain.Accounting.Coda.Problems).GetFields().Select(f => (string)f.GetValue(null)!));
        // and what the meter-reading files' reader finds wrong
        keys.UnionWith(typeof(KoproGo.Domain.Energy.MeterFiles.Problems).GetFields().Select(f => (string)f.GetValue(null)!));
        // texts chosen by code at run time: the audit log's labels and the scheduled jobs' descriptions
        keys.UnionWith(Labels.AuditEntities.Values.Concat(Labels.AuditActions.Values).Concat(Labels.AuditFields.Values));
        keys.UnionWith(KoproGo.Web.Infrastructure.Scheduling.Scheduler.Jobs.Select(j => j.Description));
        Assert.True(keys.Count > 150, $"only {keys.Count} texts found: the scan is broken");
        foreach (var suffix in new[] { "", ".fr", ".nl", ".de" })
        {
            var resx = XDocument.Load(Path.Combine(web, "Resources", $"SharedResource{suffix}.resx"));
            var entries = resx.Root!.Elements("data").ToDictionary(d => d.Attribute("name")!.Value, d => d.Element("value")!.Value);
            // Resource names ignore case: a second key differing only by case is silently dropped by the build.
            var clashes = entries.Keys.GroupBy(k => k, StringComparer.OrdinalIgnoreCase).Where(g => g.Count() > 1).Select(g => g.Key).ToList();
            Assert.True(clashes.Count == 0, $"SharedResource{suffix}.resx has keys differing only by case: {string.Join(" | ", clashes)}");
            var missing = keys.Where(k => !entries.TryGetValue(k, out var v) || string.IsNullOrWhiteSpace(v)).ToList();
            Assert.True(missing.Count == 0, $"SharedResource{suffix}.resx lacks: {string.Join(" | ", missing)}");
        }
    }
}
