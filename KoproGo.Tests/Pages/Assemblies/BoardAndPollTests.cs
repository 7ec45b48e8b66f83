using System.Net;
using KoproGo.Tests.Support;
using KoproGo.Web.Infrastructure;

namespace KoproGo.Tests.Pages.Assemblies;

public class BoardAndPollTests(App app) : AppTest(app)
{
    private Task<long> Tilleuls() => Scalar<long>("select id from buildings where slug = 'residence-les-tilleuls'");

    [Fact]
    public async Task A_poll_is_answered_once_per_owner_and_its_results_are_live_and_printable()
    {
        var poll = await Scalar<long>("select id from polls limit 1");
        var owner = await SignedIn("owner@demo.koprogo.be");
        Assert.Equal(HttpStatusCode.Redirect, (await owner.Post($"/polls/{poll}", ("Answer", "Samedi 14 h"))).StatusCode);
        var twice = await owner.Post($"/polls/{poll}", ("Answer", "Dimanche 10 h"));
        Assert.Equal(HttpStatusCode.OK, twice.StatusCode);
        Assert.Contains("déjà répondu", (await Session.Parse(twice)).QuerySelector(".error-summary")!.TextContent);
        Assert.Equal("Samedi 14 h", await Scalar<string>("select answer from poll_answers where poll_id = @poll", new { poll }));
        var board = await SignedIn("board@demo.koprogo.be");
        Assert.Contains("Samedi 14 h", (await board.Get($"/polls/{poll}")).MainText());
        var wrong = await board.Post($"/polls/{poll}", ("Answer", "Mardi"));
        Assert.NotNull((await Session.Parse(wrong)).FieldError("Answer"));
        var pdf = await board.GetRaw($"/polls/{poll}?handler=pdf");
        Assert.Contains("Samedi 14 h", await PdfText.Of(await pdf.Content.ReadAsByteArrayAsync()));
    }

    [Fact]
    public async Task Board_members_are_elected_without_overlap_and_hold_the_board_role_while_their_mandate_runs()
    {
        var building = await Tilleuls();
        var syndic = await SignedIn("syndic@demo.koprogo.be");
        var sophie = await Scalar<long>("select id from owners where first_name = 'Sophie'");
        var today = BrusselsTime.Today;
        var from = today.ToString("yyyy-MM-dd");
        var to = today.AddYears(1).ToString("yyyy-MM-dd");

        // art. 3.90 §1: one year at most, renewal is a new mandate
        var eighteenMonths = today.AddMonths(18).ToString("yyyy-MM-dd");
        var tooLong = await Session.Parse(await syndic.Post($"/buildings/{building}/board?handler=Elect", ("Input.OwnerId", sophie.ToString()),
            ("Input.Role", "member"), ("Input.From", from), ("Input.To", eighteenMonths), ("Input.AssemblyId", "")));
        Assert.Contains($"au plus tard ; un renouvellement", tooLong.FieldError("Input.To"));
        Assert.Contains(today.AddYears(1).ToString("d", Languages.Culture("fr")), tooLong.FieldError("Input.To"));
        Assert.Equal(eighteenMonths, tooLong.FieldValue("Input.To"));
        Assert.Equal(0L, await Scalar<long>("select count(*) from board_members where owner_id = @sophie", new { sophie }));
        await Assert.ThrowsAsync<Npgsql.PostgresException>(() => Scalar<int>("""
            insert into board_members (organisation_id, building_id, owner_id, role, mandate_from, mandate_to)
            select organisation_id, id, @sophie, 'member', current_date, current_date + 500 from buildings where id = @building returning 1
            """, new { sophie, building }));

        var president = await syndic.Post($"/buildings/{building}/board?handler=Elect", ("Input.OwnerId", sophie.ToString()), ("Input.Role", "president"),
            ("Input.From", from), ("Input.To", to), ("Input.AssemblyId", ""));
        Assert.Contains("déjà un président", (await Session.Parse(president)).FieldError("Input.Role"));
        Assert.Equal(HttpStatusCode.Redirect, (await syndic.Post($"/buildings/{building}/board?handler=Elect", ("Input.OwnerId", sophie.ToString()),
            ("Input.Role", "member"), ("Input.From", from), ("Input.To", to), ("Input.AssemblyId", ""))).StatusCode);
        Assert.True(await Scalar<bool>("select exists (select 1 from user_roles r join users u on u.id = r.user_id where u.email = 'owner@demo.koprogo.be' and r.role = 'BoardMember')"));
        // the audit line names the role in the reader's language (a term of the summary, translated when read)
        Assert.Contains($"Sophie Lambert, Membre, {from} – {to}", (await syndic.Get("/audit?entity=board_member")).QuerySelector("tbody tr")!.TextContent);
        var again = await syndic.Post($"/buildings/{building}/board?handler=Elect", ("Input.OwnerId", sophie.ToString()), ("Input.Role", "member"),
            ("Input.From", from), ("Input.To", to), ("Input.AssemblyId", ""));
        Assert.NotNull((await Session.Parse(again)).FieldError("Input.OwnerId"));

        var pieter = await Scalar<long>("select id from board_members where owner_id = (select id from owners where first_name = 'Pieter')");
        Assert.Equal(HttpStatusCode.Redirect, (await syndic.Post($"/buildings/{building}/board?handler=End", ("memberId", pieter.ToString()))).StatusCode);
        Assert.False(await Scalar<bool>("select exists (select 1 from user_roles r join users u on u.id = r.user_id where u.email = 'board@demo.koprogo.be' and r.role = 'BoardMember')"));
        var report = await syndic.GetRaw($"/buildings/{building}/board?handler=report");
        Assert.Contains("Remplacement de la porte", await PdfText.Of(await report.Content.ReadAsByteArrayAsync()));
    }

    [Fact]
    public async Task A_decision_moves_forward_only_on_the_page_and_in_the_database()
    {
        var syndic = await SignedIn("syndic@demo.koprogo.be");
        var door = await Scalar<long>("select id from decisions where title like 'Remplacement de la porte%'");
        var page = await syndic.Get($"/decisions/{door}");
        Assert.Equal(["in_progress", "done", "cancelled"], page.QuerySelectorAll("select[name='Input.Status'] option").Select(o => o.GetAttribute("value")));

        Assert.Equal(HttpStatusCode.Redirect, (await syndic.Submit($"/decisions/{door}", ("Input.Status", "done"))).StatusCode);
        Assert.Equal("done", await Scalar<string>("select status from decisions where id = @door", new { door }));
        // a form opened before it was done, sent afterwards: refused by the field, the notes typed kept
        var back = await Session.Parse(await syndic.Post($"/decisions/{door}", ("Input.Responsible", "Syndic Horizon SRL"), ("Input.Deadline", ""),
            ("Input.Status", "in_progress"), ("Input.Notes", "Relancer le menuisier")));
        Assert.Contains("« Fait » ne peut pas devenir « En cours »", back.FieldError("Input.Status"));
        Assert.Equal("Relancer le menuisier", back.FieldValue("Input.Notes"));
        Assert.Equal("done", await Scalar<string>("select status from decisions where id = @door", new { door }));
        Assert.Equal(["done"], (await syndic.Get($"/decisions/{door}")).QuerySelectorAll("select[name='Input.Status'] option").Select(o => o.GetAttribute("value")));

        // no page or job can write a backwards move: PostgreSQL refuses it
        var error = await Assert.ThrowsAsync<Npgsql.PostgresException>(() => Scalar<int>("update decisions set status = 'pending' where id = @door returning 1", new { door }));
        Assert.Equal("decisions_status_transition", error.ConstraintName);
        var lift = await Scalar<long>("select id from decisions where status = 'pending'");
        await Assert.ThrowsAsync<Npgsql.PostgresException>(() => Scalar<int>("update decisions set status = 'done' where id = @lift returning 1", new { lift }));
        Assert.Equal(HttpStatusCode.Redirect, (await syndic.Submit($"/decisions/{lift}", ("Input.Status", "cancelled"), ("Input.Notes", "Contrat prolongé"))).StatusCode);
        var list = (await syndic.Get($"/buildings/{await Tilleuls()}/board")).MainText();
        Assert.Contains("Annulée", list);
        Assert.DoesNotContain("En retard", list);
    }

    [Fact]
    public async Task The_board_and_the_syndic_are_alerted_before_a_deadline_and_when_it_is_overdue_once()
    {
        var admin = await SignedIn("admin@demo.koprogo.be");
        for (var run = 1; run <= 2; run++)
        {
            Assert.Equal(HttpStatusCode.Redirect, (await admin.Post("/admin/jobs?handler=run&key=board-follow-up")).StatusCode);
            for (var i = 0; i < 100 && await Scalar<long>("select count(*) from job_runs where job_key = 'board-follow-up'") < run; i++) await Task.Delay(100);
        }
        var board = await Scalar<long>("select id from users where email = 'board@demo.koprogo.be'");
        Assert.Equal(2L, await Scalar<long>("select count(*) from notifications where user_id = @board", new { board }));
        Assert.Equal(1L, await Scalar<long>("select count(*) from notifications where user_id = @board and title like '%te laat%'", new { board }));
        var page = await (await SignedIn("board@demo.koprogo.be")).Get($"/buildings/{await Tilleuls()}/board");
        Assert.Contains("Te laat", page.MainText());
    }

    [Fact]
    public async Task Owners_holding_one_fifth_ask_for_an_assembly_and_the_syndic_is_told_the_deadline()
    {
        var building = await Tilleuls();
        var owner = await SignedIn("owner@demo.koprogo.be");
        Assert.Equal(HttpStatusCode.Redirect, (await owner.Post($"/buildings/{building}/requests?handler=Item", ("Title", "Installer des bornes de recharge"), ("Body", ""))).StatusCode);
        Assert.Equal(HttpStatusCode.Redirect, (await owner.Post($"/buildings/{building}/requests?handler=Assembly", ("Reason", "Infiltrations en toiture"))).StatusCode);
        var request = await Scalar<long>("select id from assembly_requests");
        Assert.Null(await Scalar<DateOnly?>("select threshold_reached_on from assembly_requests"));
        // Immo Louise SA (900) joins Sophie's lots (380 + 25 + 75 = 480): 1,380 of 10,000 is not a fifth; Pieter's 305 neither; the flat A6.1 (1,025) is.
        foreach (var last in new[] { "Immo Louise SA", "Janssens", "Vermeulen" })
            await Scalar<int>("insert into assembly_request_signatures (request_id, organisation_id, owner_id) select @request, organisation_id, id from owners where last_name = @last returning 1",
                new { request, last });
        var board = await SignedIn("board@demo.koprogo.be");
        Assert.Equal(HttpStatusCode.Redirect, (await board.Post($"/buildings/{building}/requests?handler=Sign", ("requestId", request.ToString()))).StatusCode);
        Assert.NotNull(await Scalar<DateOnly?>("select threshold_reached_on from assembly_requests"));
        var syndic = await Scalar<long>("select id from users where email = 'syndic@demo.koprogo.be'");
        Assert.Equal(2L, await Scalar<long>("select count(*) from notifications where user_id = @syndic", new { syndic }));
        Assert.Contains("bornes de recharge", (await (await SignedIn("syndic@demo.koprogo.be")).Get($"/buildings/{building}/assemblies")).MainText());
    }
}
