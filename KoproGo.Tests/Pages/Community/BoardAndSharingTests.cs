using System.Net;
using KoproGo.Tests.Support;

namespace KoproGo.Tests.Pages.Community;

/// <summary>Notice board, skills directory, swap shop, the community page and the impact report at Les Tilleuls.</summary>
public class BoardAndSharingTests(App app) : AppTest(app)
{
    private Task<long> Tilleuls() => Scalar<long>("select id from buildings where slug = 'residence-les-tilleuls'");

    [Fact]
    public async Task Members_post_and_comment_flags_reach_the_moderation_queue_and_the_syndic_hides_and_restores()
    {
        var building = await Tilleuls();
        var sophie = await SignedIn("owner@demo.koprogo.be");
        var posted = await sophie.Post($"/buildings/{building}/notices", ("Input.Kind", "question"), ("Input.Title", "Qui a un diable ?"),
            ("Input.Body", "Pour descendre une armoire samedi."), ("Input.ExpiresOn", BrusselsTimeDay(7)));
        Assert.Equal(HttpStatusCode.Redirect, posted.StatusCode);
        var notice = long.Parse(posted.Headers.Location!.OriginalString.Split('/')[2]);
        var pieter = await SignedIn("board@demo.koprogo.be");
        Assert.Equal(HttpStatusCode.Redirect, (await pieter.Post($"/notices/{notice}?handler=comment", ("Input.Comment", "Oui, au 3e. Passez me voir."))).StatusCode);
        var comment = await Scalar<long>("select id from notice_comments where notice_id = @notice", new { notice });

        // flags: once per member, with a reason
        Assert.Equal(HttpStatusCode.OK, (await sophie.Post($"/notices/{notice}?handler=flag&commentId={comment}", ("Input.Reason", ""))).StatusCode);
        Assert.Equal(HttpStatusCode.Redirect, (await sophie.Post($"/notices/{notice}?handler=flag&commentId={comment}", ("Input.Reason", "Propos déplacés"))).StatusCode);
        var twice = await sophie.Post($"/notices/{notice}?handler=flag&commentId={comment}", ("Input.Reason", "Encore"));
        Assert.Contains("déjà signalé", (await Session.Parse(twice)).MainText());

        var syndic = await SignedIn("syndic@demo.koprogo.be");
        Assert.Contains("Propos déplacés", (await syndic.Get($"/buildings/{building}/moderation")).MainText());
        Assert.Equal(HttpStatusCode.NotFound, (await sophie.GetRaw($"/buildings/{building}/moderation")).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await pieter.Post($"/notices/{notice}?handler=hide&commentId={comment}", ("Input.Reason", "non"))).StatusCode);
        Assert.Equal(HttpStatusCode.Redirect, (await syndic.Post($"/notices/{notice}?handler=hide&commentId={comment}", ("Input.Reason", "Hors charte"))).StatusCode);
        Assert.DoesNotContain("Passez me voir", (await sophie.Get($"/notices/{notice}")).MainText());
        Assert.Contains("Rien n'attend", (await syndic.Get($"/buildings/{building}/moderation")).MainText());
        Assert.Equal(HttpStatusCode.Redirect, (await syndic.Post($"/notices/{notice}?handler=restore&commentId={comment}")).StatusCode);
        Assert.Contains("Passez me voir", (await sophie.Get($"/notices/{notice}")).MainText());

        // pinning puts it first; a hidden post leaves the board; an expired one too
        Assert.Equal(HttpStatusCode.Forbidden, (await sophie.Post($"/notices/{notice}?handler=pin")).StatusCode);
        await syndic.Post($"/notices/{notice}?handler=pin");
        Assert.True(await Scalar<bool>("select pinned from notices where id = @notice", new { notice }));
        await syndic.Post($"/notices/{notice}?handler=hide", ("Input.Reason", "Doublon"));
        Assert.DoesNotContain("Qui a un diable", (await pieter.Get($"/buildings/{building}/notices")).MainText());
        Assert.Equal(HttpStatusCode.NotFound, (await pieter.GetRaw($"/notices/{notice}")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await sophie.GetRaw($"/notices/{notice}")).StatusCode);
        await syndic.Post($"/notices/{notice}?handler=restore");
        await Scalar<int>("update notices set expires_on = current_date - 1 where id = @notice returning 1", new { notice });
        Assert.DoesNotContain("Qui a un diable", (await pieter.Get($"/buildings/{building}/notices")).MainText());
    }

    [Fact]
    public async Task Counts_of_one_read_in_the_singular()
    {
        var building = await Tilleuls();
        var sophie = await SignedIn("owner@demo.koprogo.be");
        // the demo's laundry has one booking to come (Lucas's), the parking one (Sophie's)
        var resources = (await sophie.Get($"/buildings/{building}/resources")).MainText();
        Assert.Contains("1 réservation à venir", resources);
        Assert.DoesNotContain("1 réservations", resources);
        await Scalar<int>("delete from swap_items where building_id = @building and title <> 'Jeux de société' returning 1", new { building });
        Assert.Contains("1 chose à donner ou échanger", (await sophie.Get($"/buildings/{building}/community")).MainText());
    }

    private static string BrusselsTimeDay(int days) => KoproGo.Web.Infrastructure.BrusselsTime.Today.AddDays(days).ToString("yyyy-MM-dd");

    [Fact]
    public async Task Bad_posts_skills_and_swap_items_keep_the_input_and_other_firms_see_nothing()
    {
        var building = await Tilleuls();
        var sophie = await SignedIn("owner@demo.koprogo.be");
        foreach (var (field, value) in new[] { ("Input.Kind", "spam"), ("Input.Title", ""), ("Input.Body", ""), ("Input.ExpiresOn", "2001-01-01"), ("Input.ExpiresOn", "bientôt") })
        {
            var fields = new Dictionary<string, string> { ["Input.Kind"] = "question", ["Input.Title"] = "Titre gardé", ["Input.Body"] = "Texte", [field] = value };
            var page = await Session.Parse(await sophie.Post($"/buildings/{building}/notices", fields));
            Assert.NotNull(page.FieldError(field));
            Assert.Equal(field == "Input.Title" ? "" : "Titre gardé", page.FieldValue("Input.Title"));
        }
        var eventWithoutDate = await Session.Parse(await sophie.Post($"/buildings/{building}/notices", ("Input.Kind", "event"), ("Input.Title", "Barbecue"), ("Input.Body", "Au jardin")));
        Assert.NotNull(eventWithoutDate.FieldError("Input.EventOn"));
        foreach (var (field, value) in new[] { ("Input.Category", "x"), ("Input.Title", ""), ("Input.CreditsPerHour", "0") })
        {
            var fields = new Dictionary<string, string> { ["Input.Category"] = "diy", ["Input.Title"] = "Montage de meubles", ["Input.InSel"] = "true", ["Input.CreditsPerHour"] = "2", [field] = value };
            var page = await Session.Parse(await sophie.Post($"/buildings/{building}/skills", fields));
            Assert.NotNull(page.FieldError(field));
        }
        foreach (var (field, value) in new[] { ("Input.Mode", "sell"), ("Input.Title", ""), ("Input.Wanted", "") })
        {
            var fields = new Dictionary<string, string> { ["Input.Mode"] = "swap", ["Input.Title"] = "Poussette", ["Input.Wanted"] = "Un vélo", [field] = value };
            var page = await Session.Parse(await sophie.Post($"/buildings/{building}/swap", fields));
            Assert.NotNull(page.FieldError(field));
        }
        Assert.Equal(0L, await Scalar<long>("select (select count(*) from notices where title in ('Titre gardé', 'Barbecue')) + (select count(*) from skills where title = 'Montage de meubles') + (select count(*) from swap_items where title = 'Poussette')"));

        var stranger = await SignedIn("owner2@demo.koprogo.be");
        var notice = await Scalar<long>("select id from notices where building_id = @building limit 1", new { building });
        foreach (var url in new[] { "community", "skills", "notices", "swap", "impact", "moderation" })
            Assert.Equal(HttpStatusCode.NotFound, (await stranger.GetRaw($"/buildings/{building}/{url}")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await stranger.GetRaw($"/notices/{notice}")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await stranger.Post($"/notices/{notice}?handler=comment", ("Input.Comment", "coucou"))).StatusCode);
    }

    [Fact]
    public async Task Skills_show_only_once_opted_in_and_the_leaderboard_lists_only_those_who_chose_it()
    {
        var building = await Tilleuls();
        var sophie = await SignedIn("owner@demo.koprogo.be");
        var pieter = await SignedIn("board@demo.koprogo.be");
        await pieter.Post($"/buildings/{building}/community?handler=privacy", ("InDirectory", "false"), ("OnLeaderboard", "false"));
        Assert.Equal(HttpStatusCode.Redirect, (await pieter.Post($"/buildings/{building}/skills", ("Input.Category", "tech"), ("Input.Title", "Réparer un vélo électrique"),
            ("Input.InSel", "true"), ("Input.CreditsPerHour", "2"))).StatusCode);
        Assert.Contains("Réparer un vélo électrique", (await pieter.Get($"/buildings/{building}/skills")).MainText());
        Assert.DoesNotContain("Réparer un vélo électrique", (await sophie.Get($"/buildings/{building}/skills")).MainText());
        Assert.DoesNotContain("Pieter J.", (await sophie.Get($"/buildings/{building}/community?period=all_time")).MainText());
        var choices = await pieter.Get($"/buildings/{building}/community");
        Assert.False(choices.QuerySelector("#InDirectory")!.HasAttribute("checked") || choices.QuerySelector("#OnLeaderboard")!.HasAttribute("checked"));

        await pieter.Post($"/buildings/{building}/community?handler=privacy", ("InDirectory", "true"), ("OnLeaderboard", "true"));
        choices = await pieter.Get($"/buildings/{building}/community");
        Assert.True(choices.QuerySelector("#InDirectory")!.HasAttribute("checked") && choices.QuerySelector("#OnLeaderboard")!.HasAttribute("checked"));
        var found = (await sophie.Get($"/buildings/{building}/skills?q=vélo&category=tech")).MainText();
        Assert.Contains("Réparer un vélo électrique", found);
        Assert.Contains("Pieter J.", found);
        Assert.DoesNotContain("Réparer un vélo électrique", (await sophie.Get($"/buildings/{building}/skills?category=cooking")).MainText());

        // the leaderboard: credits earned; Sophie earned 2 in the demo, Pieter none yet, Anne chose not to appear
        var board = (await sophie.Get($"/buildings/{building}/community?period=all_time")).MainText();
        Assert.Contains("Sophie L. — 2 crédits", board);
        Assert.Contains("Jean D. — 1 crédit", board);
        Assert.DoesNotContain("1 crédits", board);
        Assert.DoesNotContain("Anne L.", board);
        Assert.Matches(@"Bon voisin : échanges réalisés\s*:\s*2 · Bronze", board);

        // members delete their own skills, not others'
        var skill = await Scalar<long>("select id from skills where title = 'Réparer un vélo électrique'");
        Assert.Equal(HttpStatusCode.NotFound, (await sophie.Post($"/buildings/{building}/skills?handler=delete&skillId={skill}")).StatusCode);
        Assert.Equal(HttpStatusCode.Redirect, (await pieter.Post($"/buildings/{building}/skills?handler=delete&skillId={skill}")).StatusCode);
        Assert.Equal(0L, await Scalar<long>("select count(*) from skills where id = @skill", new { skill }));
    }

    [Fact]
    public async Task A_swap_item_is_reserved_by_one_neighbour_at_a_time_then_given()
    {
        var building = await Tilleuls();
        var sophie = await SignedIn("owner@demo.koprogo.be");
        var pieter = await SignedIn("board@demo.koprogo.be");
        await sophie.Post($"/buildings/{building}/swap", ("Input.Mode", "give"), ("Input.Title", "Table de jardin"));
        var item = await Scalar<long>("select id from swap_items where title = 'Table de jardin'");
        Assert.Equal(HttpStatusCode.Forbidden, (await sophie.Post($"/buildings/{building}/swap?handler=reserve&itemId={item}")).StatusCode);
        var token = await pieter.Token();
        var answers = await Task.WhenAll(Enumerable.Range(0, 10).Select(_ => pieter.Client.PostAsync($"/buildings/{building}/swap?handler=reserve&itemId={item}",
            new FormUrlEncodedContent([new("__RequestVerificationToken", token)]))));
        Assert.All(answers, a => Assert.True(a.StatusCode is HttpStatusCode.Redirect or HttpStatusCode.Forbidden, $"{a.StatusCode}"));
        Assert.Equal("reserved", await Scalar<string>("select status from swap_items where id = @item", new { item }));
        Assert.Equal(HttpStatusCode.Forbidden, (await pieter.Post($"/buildings/{building}/swap?handler=given&itemId={item}")).StatusCode);
        Assert.Equal(HttpStatusCode.Redirect, (await sophie.Post($"/buildings/{building}/swap?handler=given&itemId={item}")).StatusCode);
        Assert.Equal("given", await Scalar<string>("select status from swap_items where id = @item", new { item }));
        Assert.Equal(1L, await Scalar<long>("""
            select count(*) from notifications n join users u on u.id = n.user_id where u.email = 'owner@demo.koprogo.be' and n.link like '%/swap'
            """));
    }

    [Fact]
    public async Task The_impact_dashboard_counts_the_quarter_and_its_report_is_a_pdf_for_the_syndic_and_the_board()
    {
        var building = await Tilleuls();
        var syndic = await SignedIn("syndic@demo.koprogo.be");
        var today = KoproGo.Web.Infrastructure.BrusselsTime.Today;
        var quarter = (today.Month - 1) / 3 + 1;
        var expected = await Scalar<long>("""
            select count(*) from sel_exchanges where building_id = @building and status = 'completed'
              and extract(quarter from completed_at at time zone 'Europe/Brussels') = @quarter and extract(year from completed_at at time zone 'Europe/Brussels') = @year
            """, new { building, quarter, year = today.Year });
        var page = await syndic.Get($"/buildings/{building}/impact?year={today.Year}&quarter={quarter}");
        Assert.Equal(expected.ToString(), page.QuerySelector("dl.figures dd")!.TextContent.Trim());
        Assert.Equal(4, page.QuerySelectorAll("svg[role=img] title").Length);
        var pdf = await syndic.GetRaw($"/buildings/{building}/impact?handler=pdf&year={today.Year}&quarter={quarter}");
        Assert.Equal("application/pdf", pdf.Content.Headers.ContentType!.MediaType);
        Assert.StartsWith("%PDF", System.Text.Encoding.ASCII.GetString((await pdf.Content.ReadAsByteArrayAsync())[..4]));

        var pieter = await SignedIn("board@demo.koprogo.be");
        Assert.Equal(HttpStatusCode.OK, (await pieter.GetRaw($"/buildings/{building}/impact")).StatusCode);
        var sophie = await SignedIn("owner@demo.koprogo.be");
        Assert.Equal(HttpStatusCode.NotFound, (await sophie.GetRaw($"/buildings/{building}/impact")).StatusCode);
    }
}
