using System.IO.Compression;
using System.Net;
using System.Text.Json;
using KoproGo.Tests.Support;
using KoproGo.Web.Infrastructure;

namespace KoproGo.Tests.Pages.Privacy;

/// <summary>"My data": the GDPR rights a person exercises themselves, and the syndic's side of their requests.</summary>
public class MyDataTests(App app) : AppTest(app)
{
    private async Task WaitFor(string sql, object? param = null)
    {
        for (var i = 0; i < 300 && !await Scalar<bool>(sql, param); i++) await Task.Delay(100);
        Assert.True(await Scalar<bool>(sql, param), sql);
    }

    /// <summary>An assembly in session where Sophie and Pieter were convened, came and voted (the demo's assembly is a draft).</summary>
    private async Task SeedAVote()
    {
        var (assembly, org) = await Row<(long, long)>("""
            insert into assemblies (organisation_id, building_id, kind, meeting_at, place, status, convened_on, opened_at)
            select organisation_id, id, 'ordinary', now() - interval '1 hour', 'Salle commune', 'in_session', current_date - 20, now() - interval '1 hour'
            from buildings where slug = 'residence-les-tilleuls' returning id, organisation_id
            """);
        var item = await Scalar<long>("""
            insert into agenda_items (organisation_id, assembly_id, position, title, decision_kind, majority, vote_status)
            values (@org, @assembly, 1, 'Peinture du hall', 'works', 'absolute', 'open') returning id
            """, new { org, assembly });
        foreach (var (email, name, choice) in new[] { ("owner@demo.koprogo.be", "Sophie Lambert", "for"), ("board@demo.koprogo.be", "Pieter Janssens", "against") })
        {
            await Scalar<int>("""
                insert into assembly_members (assembly_id, organisation_id, owner_id, name, votes, lots, language, email, channel, token, convocation_sent_at, attendance)
                select @assembly, @org, owner_id, @name, 100, 'A', 'fr', @email, 'email', md5(@email), now() - interval '20 days', 'present'
                from users where email = @email returning 1
                """, new { assembly, org, name, email });
            await Scalar<int>("""
                insert into votes (agenda_item_id, assembly_id, owner_id, choice) select @item, @assembly, owner_id, @choice from users where email = @email returning 1
                """, new { item, assembly, choice, email });
        }
    }

    [Fact]
    public async Task A_copy_of_my_data_holds_every_area_of_mine_and_nothing_of_anyone_else()
    {
        var sophie = App.NewSession("fr");
        await sophie.SignIn("owner@demo.koprogo.be");
        // Areas the demo leaves empty for Sophie get a row of hers, so that every section is proved to read her data.
        // Early in January, before the year's first call falls due, the demo has no payment of hers yet: one by hand.
        if (await Scalar<long>("select count(*) from payments where owner_id = (select owner_id from users where email = 'owner@demo.koprogo.be')") == 0)
            Assert.Equal(HttpStatusCode.Redirect, (await (await SignedIn("syndic@demo.koprogo.be")).Post(
                $"/buildings/{await Scalar<long>("select id from buildings where slug = 'residence-les-tilleuls'")}/bank?handler=payment",
                ("Input.Target", $"owner-{await Scalar<long>("select owner_id from users where email = 'owner@demo.koprogo.be'")}"), ("Input.Amount", "10.00"),
                ("Input.PaidOn", BrusselsTime.Today.ToString("yyyy-MM-dd")))).StatusCode);
        await Scalar<int>("""
            insert into privacy_objections (user_id, purpose) select id, 'statistics' from users where email = 'owner@demo.koprogo.be' returning 1
            """);
        await Scalar<int>("""
            insert into notifications (organisation_id, user_id, title, body) select organisation_id, id, 'Nouveau procès-verbal', '' from users
            where email in ('owner@demo.koprogo.be', 'board@demo.koprogo.be') returning 1
            """);
        await Scalar<int>("""
            insert into outbox_messages (to_address, to_name, language, kind, subject, html_body, text_body)
            values ('owner@demo.koprogo.be', 'Sophie Lambert', 'fr', 'legal', 'Convocation', '<p>Bonjour</p>', 'Bonjour'),
                   ('board@demo.koprogo.be', 'Pieter Janssens', 'nl', 'legal', 'Oproeping', '<p>Dag</p>', 'Dag') returning 1
            """);
        await SeedAVote();
        Assert.Equal(HttpStatusCode.Redirect, (await sophie.Post("/account/data?handler=Export")).StatusCode);
        var page = await sophie.Get("/account/data");
        Assert.NotNull(page.QuerySelector("#export-progress progress, #export-progress a[href*='handler=download']"));

        await WaitFor("select exists (select 1 from privacy_requests where kind = 'export' and state = 'done')");
        var mail = await App.Smtp.WaitFor(m => m.To.Contains("owner@demo.koprogo.be") && m.Subject == "La copie de vos données est prête");
        Assert.Equal("/account/data", mail.Link("/account/data"));
        var link = (await sophie.Get("/account/data")).QuerySelector("#export-progress a[href*='handler=download']")!.GetAttribute("href")!;
        var response = await sophie.GetRaw(link);
        Assert.Equal("application/zip", response.Content.Headers.ContentType!.MediaType);
        Assert.StartsWith("koprogo-my-data-", response.Content.Headers.ContentDisposition!.FileNameStar ?? response.Content.Headers.ContentDisposition.FileName);
        using var zip = new ZipArchive(new MemoryStream(await response.Content.ReadAsByteArrayAsync()));
        Assert.Equal(["data.json", "summary.html"], zip.Entries.Select(e => e.FullName).Order());
        var json = await new StreamReader(zip.GetEntry("data.json")!.Open()).ReadToEndAsync();
        var summary = await new StreamReader(zip.GetEntry("summary.html")!.Open()).ReadToEndAsync();

        using var data = JsonDocument.Parse(json);
        var sections = data.RootElement.GetProperty("sections");
        Assert.Equal(KoproGo.Web.Pages.Privacy.DataExport.Sections.Select(s => s.Key).Order(), sections.EnumerateObject().Select(p => p.Name).Order());
        string[] filled = ["account", "owner_register", "ownerships", "calls_for_funds", "payments", "account_entries", "convocations", "votes",
            "mails", "community", "notifications", "sessions", "choices", "consents", "requests", "audit_log"];
        Assert.Equal([], filled.Where(key => sections.GetProperty(key).GetArrayLength() == 0).ToArray());
        Assert.Equal("owner@demo.koprogo.be", sections.GetProperty("account")[0].GetProperty("email").GetString());
        Assert.Equal("Lambert", sections.GetProperty("owner_register")[0].GetProperty("last_name").GetString());
        Assert.Contains(sections.GetProperty("ownerships").EnumerateArray(), o => o.GetProperty("lot").GetString() == "A2.1");
        Assert.Matches(@"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z$", sections.GetProperty("account")[0].GetProperty("created_at").GetString()!);

        // Nobody else: no other owner's or user's name or address, though Marc shares her flat and her name.
        var others = await Query<string>("""
            select email from users where email <> 'owner@demo.koprogo.be'
            union select coalesce(first_name || ' ', '') || last_name from owners where id <> (select owner_id from users where email = 'owner@demo.koprogo.be')
            union select email from owners where email is not null and id <> (select owner_id from users where email = 'owner@demo.koprogo.be')
            """);
        Assert.Contains("Marc Lambert", others);
        foreach (var other in others) Assert.DoesNotContain(other, json, StringComparison.OrdinalIgnoreCase);

        // The readable half, in her language.
        Assert.Contains("<html lang=\"fr\">", summary);
        Assert.Contains("Vos paiements", summary);
        Assert.Contains("Sophie Lambert", summary);

        // Hers alone: another owner, or the syndic, asking for it by its number gets nothing.
        var camille = await SignedIn("owner2@demo.koprogo.be");
        Assert.Equal(HttpStatusCode.NotFound, (await camille.GetRaw(link)).StatusCode);
        var syndic = await SignedIn("syndic@demo.koprogo.be");
        Assert.Equal(HttpStatusCode.NotFound, (await syndic.GetRaw(link)).StatusCode);
    }

    [Fact]
    public async Task A_copy_expires_after_seven_days_and_the_clean_up_deletes_its_file()
    {
        var sophie = await SignedIn("owner@demo.koprogo.be");
        await sophie.Post("/account/data?handler=Export");
        await WaitFor("select exists (select 1 from privacy_requests where kind = 'export' and state = 'done')");
        var key = await Scalar<string>("select file_key from privacy_requests where kind = 'export'");
        var file = Path.Combine(App.DocumentsFolder, key[..2], key);
        Assert.True(File.Exists(file));

        await Scalar<int>("update privacy_requests set file_expires_at = now() - interval '1 minute' returning 1");
        Assert.Null((await sophie.Get("/account/data")).QuerySelector("a[href*='handler=download']"));
        await RunJob("purge-account-links");
        Assert.False(File.Exists(file));
        Assert.Equal(1, await Scalar<int>("select (removed ->> 'exports')::int from job_runs where job_key = 'purge-account-links'"));
        Assert.Equal("done", await Scalar<string>("select state from privacy_requests where kind = 'export'"));
    }

    [Fact]
    public async Task My_details_are_corrected_by_the_field_with_the_input_kept()
    {
        var sophie = await SignedIn("owner@demo.koprogo.be");
        var response = await sophie.Submit("/account/data?handler=Details", ("Details.DisplayName", ""), ("Details.Postcode", "99"), ("Details.Phone", "call me"));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var page = await Session.Parse(response);
        Assert.NotNull(page.FieldError("Details.DisplayName"));
        Assert.NotNull(page.FieldError("Details.Postcode"));
        Assert.NotNull(page.FieldError("Details.Phone"));
        Assert.Equal("99", page.FieldValue("Details.Postcode"));
        Assert.Equal("call me", page.FieldValue("Details.Phone"));

        Assert.Equal(HttpStatusCode.Redirect, (await sophie.Submit("/account/data?handler=Details", ("Details.DisplayName", "Sophie Lambert-Dubois"),
            ("Details.Street", "Rue Neuve 1"), ("Details.Postcode", "1000"), ("Details.City", "Bruxelles"))).StatusCode);
        var (name, street, city) = await Row<(string, string, string)>("""
            select u.display_name, o.street, o.city from users u join owners o on o.id = u.owner_id where u.email = 'owner@demo.koprogo.be'
            """);
        Assert.Equal(("Sophie Lambert-Dubois", "Rue Neuve 1", "Bruxelles"), (name, street, city));
        Assert.Equal(1L, await Scalar<long>("select count(*) from audit_log where entity = 'user' and action = 'updated' and after ->> 'street' = 'Rue Neuve 1'"));
    }

    [Fact]
    public async Task A_correction_of_the_register_reaches_the_syndic_who_is_alerted_before_its_deadline_and_answers_it()
    {
        var sophie = await SignedIn("owner@demo.koprogo.be");
        var empty = await sophie.Submit("/account/data?handler=Correction", ("Correction", " "));
        Assert.NotNull((await Session.Parse(empty)).FieldError("Correction"));
        Assert.Equal(HttpStatusCode.Redirect, (await sophie.Submit("/account/data?handler=Correction", ("Correction", "Mon nom est Lambert-Dubois."))).StatusCode);
        var (id, dueOn) = await Row<(long, DateTime)>("select id, due_on from privacy_requests where kind = 'rectification'");
        Assert.Equal(KoproGo.Domain.Privacy.DataRequests.DueOn(BrusselsTime.Today), DateOnly.FromDateTime(dueOn));

        var syndic = await SignedIn("syndic@demo.koprogo.be");
        var list = await syndic.Get("/privacy/requests");
        Assert.Contains("Sophie Lambert", list.QuerySelector("table")!.TextContent);
        // Another firm's syndic neither lists it nor opens it.
        var other = await SignedIn("syndic2@demo.koprogo.be");
        Assert.DoesNotContain("Sophie Lambert", (await other.Get("/privacy/requests")).MainText());
        Assert.Equal(HttpStatusCode.NotFound, (await other.GetRaw($"/privacy/requests/{id}")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await other.Post($"/privacy/requests/{id}?handler=Answer", ("NewState", "refused"), ("Answer", "non"))).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await sophie.GetRaw($"/privacy/requests/{id}")).StatusCode);

        // Three days before the deadline the job alerts the syndic, in the app; he objected to notification mails, so no mail.
        await syndic.Post("/account/data?handler=Objections", ("Objections", "notification_mails"));
        await Scalar<int>("update privacy_requests set due_on = @due returning 1", new { due = BrusselsTime.Today.AddDays(3) });
        await RunJob("privacy-deadlines");
        Assert.Equal(1L, await Scalar<long>("""
            select count(*) from notifications n join users u on u.id = n.user_id where u.email = 'syndic@demo.koprogo.be' and n.link = @link
            """, new { link = $"/privacy/requests/{id}" }));
        Assert.Equal(0L, await Scalar<long>("select count(*) from outbox_messages where to_address = 'syndic@demo.koprogo.be'"));
        Assert.Equal(0L, await Scalar<long>("select count(*) from notifications n join users u on u.id = n.user_id where u.email = 'syndic2@demo.koprogo.be'"));
        await RunJob("privacy-deadlines");
        Assert.Equal(1L, await Scalar<long>("select count(*) from notifications where link = @link", new { link = $"/privacy/requests/{id}" }));

        // Closing it needs an answer; the answer reaches the person's page.
        var noAnswer = await syndic.Submit($"/privacy/requests/{id}?handler=Answer", ("NewState", "done"), ("Answer", ""));
        Assert.NotNull((await Session.Parse(noAnswer)).FieldError("Answer"));
        Assert.Equal(HttpStatusCode.Redirect,
            (await syndic.Submit($"/privacy/requests/{id}?handler=Answer", ("NewState", "done"), ("Answer", "Corrigé au registre."))).StatusCode);
        Assert.Contains("Corrigé au registre.", (await sophie.Get("/account/data")).MainText());
        // Done is final, in the page and in the database.
        Assert.Null((await syndic.Get($"/privacy/requests/{id}")).QuerySelector("form[action*='handler=Answer']"));
        var refused = await syndic.Post($"/privacy/requests/{id}?handler=Answer", ("NewState", "in_progress"), ("Answer", ""));
        Assert.Equal(HttpStatusCode.OK, refused.StatusCode);
        Assert.NotNull((await Session.Parse(refused)).QuerySelector(".error-summary"));
        Assert.Equal("done", await Scalar<string>("select state from privacy_requests where id = @id", new { id }));
        var e = await Assert.ThrowsAsync<Npgsql.PostgresException>(() => Scalar<int>("update privacy_requests set state = 'received' returning 1"));
        Assert.Equal("privacy_requests_state_transition", e.ConstraintName);
    }

    [Fact]
    public async Task Requests_are_limited_to_ten_an_hour_with_a_message_and_the_input_kept()
    {
        var sophie = await SignedIn("owner@demo.koprogo.be");
        for (var i = 1; i <= 10; i++)
            Assert.Equal(HttpStatusCode.Redirect, (await sophie.Submit("/account/data?handler=Correction", ("Correction", $"Correction {i}"))).StatusCode);
        var response = await sophie.Submit("/account/data?handler=Correction", ("Correction", "Une de trop"));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var page = await Session.Parse(response);
        Assert.Contains("10", page.FieldError("Correction"));
        Assert.Equal("Une de trop", page.FieldValue("Correction"));
        Assert.Equal(10L, await Scalar<long>("select count(*) from privacy_requests"));
        Assert.Equal(10L, await Scalar<long>("select count(*) from audit_log where entity = 'privacy_request' and action = 'asked'"));
    }

    [Fact]
    public async Task An_objection_and_a_restriction_take_me_off_the_community_lists_and_stop_notification_mails()
    {
        var sophie = await SignedIn("owner@demo.koprogo.be");
        const string Listed = """
            select bool_or(m.in_directory or m.on_leaderboard) from community_members m join users u on u.owner_id = m.owner_id where u.email = 'owner@demo.koprogo.be'
            """;
        Assert.True(await Scalar<bool>(Listed));
        Assert.Equal(HttpStatusCode.Redirect, (await sophie.Post("/account/data?handler=Objections", ("Objections", "directory"))).StatusCode);
        Assert.False(await Scalar<bool>(Listed));
        // Asking to be listed again in the community is answered by the objection.
        var building = await Scalar<long>("select id from buildings where slug = 'residence-les-tilleuls'");
        await sophie.Post($"/buildings/{building}/community?handler=Privacy", ("InDirectory", "true"), ("OnLeaderboard", "true"));
        Assert.False(await Scalar<bool>(Listed));
        Assert.Equal(["directory"], await Query<string>("select purpose from privacy_objections"));

        // A comment on her post: mailed while she lets notification mails through...
        var pieter = await SignedIn("board@demo.koprogo.be");
        var notice = await Scalar<long>("""
            insert into notices (building_id, author_id, kind, title, body) select @building, id, 'lost_found', 'Vélo trouvé', 'Dans la cave.'
            from users where email = 'owner@demo.koprogo.be' returning id
            """, new { building });
        await pieter.Post($"/notices/{notice}?handler=Comment", ("Input.Comment", "C'est le mien !"));
        Assert.Equal(1L, await Scalar<long>("select count(*) from outbox_messages where to_address = 'owner@demo.koprogo.be'"));
        // ...not once she restricted the processing of her data, though the notification itself is there.
        Assert.Equal(HttpStatusCode.Redirect, (await sophie.Post("/account/data?handler=Restrict")).StatusCode);
        await pieter.Post($"/notices/{notice}?handler=Comment", ("Input.Comment", "Merci !"));
        Assert.Equal(2L, await Scalar<long>("select count(*) from notifications n join users u on u.id = n.user_id where u.email = 'owner@demo.koprogo.be' and n.link like '/notices/%'"));
        Assert.Equal(1L, await Scalar<long>("select count(*) from outbox_messages where to_address = 'owner@demo.koprogo.be'"));
        Assert.Contains("limité depuis", (await sophie.Get("/account/data")).MainText());

        // The syndic lifts it: mails flow again.
        var syndic = await SignedIn("syndic@demo.koprogo.be");
        var id = await Scalar<long>("select id from privacy_requests where kind = 'restriction'");
        Assert.Equal(HttpStatusCode.Redirect,
            (await syndic.Submit($"/privacy/requests/{id}?handler=Answer", ("NewState", "done"), ("Answer", "Vos données ont été vérifiées."))).StatusCode);
        Assert.Null(await Scalar<DateTime?>("select restricted_since from users where email = 'owner@demo.koprogo.be'"));
        await pieter.Post($"/notices/{notice}?handler=Comment", ("Input.Comment", "Bonne journée"));
        Assert.Equal(2L, await Scalar<long>("select count(*) from outbox_messages where to_address = 'owner@demo.koprogo.be'"));
    }
}
