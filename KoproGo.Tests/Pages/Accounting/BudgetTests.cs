using System.Globalization;
using System.Net;
using KoproGo.Domain.Accounting;
using KoproGo.Tests.Pages.Works;
using KoproGo.Tests.Support;
using KoproGo.Web.Infrastructure;
using Npgsql;

namespace KoproGo.Tests.Pages.Accounting;

/// <summary>Budgets at Résidence du Parc (three owners, six lots, no budget in the demo) and at Les Tilleuls.</summary>
public class BudgetTests(App app) : AppTest(app)
{
    private static readonly int Year = BrusselsTime.Today.Year;
    private Task<long> Parc() => Scalar<long>("select id from buildings where slug = 'residence-du-parc'");

    private static string Money(decimal amount) => amount.ToString("N2", CultureInfo.GetCultureInfo("fr-BE")).Replace('\u202f', ' ').Replace('\u00a0', ' ');

    /// <summary>A distribution key over two of the building's lots, weights 1 and 2.</summary>
    private async Task<long> LiftKey(long building) => await Scalar<long>("""
        with k as (insert into distribution_keys (organisation_id, building_id, name) select organisation_id, id, 'Ascenseur' from buildings where id = @building returning id),
             l as (select id, row_number() over (order by number) as n from lots where building_id = @building order by number limit 2)
        insert into distribution_key_lots (key_id, lot_id, weight) select k.id, l.id, l.n from k, l returning key_id
        """, new { building });

    [Fact]
    public async Task A_budget_goes_from_draft_to_approved_by_a_real_assembly_vote_and_its_calls_split_to_the_cent()
    {
        var building = await Parc();
        var key = await LiftKey(building);
        var syndic = await SignedIn("syndic@demo.koprogo.be");
        var created = await syndic.Post($"/buildings/{building}/budgets", ("Year", Year.ToString()));
        Assert.Equal(HttpStatusCode.Redirect, created.StatusCode);
        var id = WorksRequestTests.IdOf(created, "/budgets/");
        // one budget per year, refused by the field
        var twice = await Session.Parse(await syndic.Post($"/buildings/{building}/budgets", ("Year", Year.ToString())));
        Assert.Contains(Year.ToString(), twice.FieldError("Year"));

        // lines: bad input comes back by the field with what was typed
        var bad = await Session.Parse(await syndic.Post($"/budgets/{id}?handler=line", ("Line.Kind", "ordinary"), ("Line.Account", "612"), ("Line.KeyId", ""), ("Line.Amount", "douze")));
        Assert.NotNull(bad.FieldError("Line.Amount"));
        Assert.Equal("douze", bad.FieldValue("Line.Amount"));
        foreach (var (kind, account, keyId, amount) in new[] { ("ordinary", "612", key.ToString(), "1000.01"), ("ordinary", "611", "", "1234.56"), ("extraordinary", "618", "", "500") })
            Assert.Equal(HttpStatusCode.Redirect, (await syndic.Post($"/budgets/{id}?handler=line", ("Line.Kind", kind), ("Line.Account", account), ("Line.KeyId", keyId), ("Line.Amount", amount))).StatusCode);
        var again = await Session.Parse(await syndic.Post($"/budgets/{id}?handler=line", ("Line.Kind", "ordinary"), ("Line.Account", "611"), ("Line.KeyId", ""), ("Line.Amount", "5")));
        Assert.NotNull(again.FieldError("Line.Account"));
        Assert.Equal(2234.57m, await Scalar<decimal>("select sum(amount) from budget_lines where budget_id = @id and kind = 'ordinary'", new { id }));
        // the draft's page, with its forms and with a form's errors, is valid HTML
        var draft = await (await syndic.GetRaw($"/budgets/{id}")).Content.ReadAsStringAsync();
        var withErrors = await (await syndic.Post($"/budgets/{id}?handler=line", ("Line.Kind", ""), ("Line.Account", ""), ("Line.KeyId", "x"), ("Line.Amount", ""))).Content.ReadAsStringAsync();
        var problems = await NuValidator.Errors([new SiteCrawl.Page($"/budgets/{id}", draft), new SiteCrawl.Page($"/budgets/{id}?handler=line", withErrors)]);
        Assert.True(problems.Count == 0, string.Join("\n", problems.Select(p => $"{p.Url}: {p.Message} [{p.Extract}]")));

        // on a real assembly's agenda, with the budget attached for the convocation; then it no longer changes
        var assembly = WorksRequestTests.IdOf(await syndic.Post($"/assemblies/edit?building={building}", ("Input.Kind", "ordinary"),
            ("Input.Date", WorksRequestTests.Day(20)), ("Input.Time", "18:30"), ("Input.Place", "Salle du Parc")), "/assemblies/");
        Assert.Equal(HttpStatusCode.Redirect, (await syndic.Post($"/budgets/{id}?handler=submit", ("Assembly", assembly.ToString()))).StatusCode);
        var item = await Row<(long Id, string Majority, string Title)>("select id, majority, title from agenda_items where assembly_id = @assembly", new { assembly });
        Assert.Equal("absolute", item.Majority);
        var document = await Scalar<long>("select document_id from agenda_item_documents where agenda_item_id = @Id", new { item.Id });
        var annex = await PdfText.Of(await (await syndic.GetRaw($"/documents/{document}")).Content.ReadAsByteArrayAsync());
        Assert.Contains($"Budget {Year}", annex);
        Assert.Contains(Money(1234.56m), annex.Replace('\u202f', ' ').Replace('\u00a0', ' '));
        Assert.Equal(HttpStatusCode.OK, (await syndic.Post($"/budgets/{id}?handler=line", ("Line.Kind", "ordinary"), ("Line.Account", "601"), ("Line.KeyId", ""), ("Line.Amount", "5"))).StatusCode);
        var locked = await Assert.ThrowsAsync<PostgresException>(() => Query<int>("update budget_lines set amount = 1 where budget_id = @id returning 1", new { id }));
        Assert.Equal("budgets_edited_in_draft", locked.ConstraintName);

        // the vote
        await VoteAtMeeting(syndic, assembly, item.Id, "for");
        var decided = await Row<(string State, DateOnly DecidedOn, long AssemblyId)>("select state, decided_on, assembly_id from budgets where id = @id", new { id });
        Assert.Equal(("approved", BrusselsTime.Today, assembly), decided);
        Assert.Equal(2234.57m, await Scalar<decimal>("select working_capital from provision_plans where building_id = @building and year = @Year", new { building, Year }));

        // the first quarter's calls: running charges by their two keys (250.01 + 308.64), the works part by the general key, each to the cent
        var page = await syndic.Get($"/budgets/{id}");
        Assert.Contains(Money(558.65m), page.MainText().Replace('\u202f', ' ').Replace('\u00a0', ' '));
        Assert.Equal(HttpStatusCode.Redirect, (await syndic.Post($"/budgets/{id}?handler=issue&period=1", ("dueDate", WorksRequestTests.Day(30)))).StatusCode);
        var calls = await Query<(long Id, string Kind, decimal Total)>("select id, kind, total from fund_calls where budget_id = @id order by kind desc", new { id });
        Assert.Equal([("working_capital", 558.65m), ("extraordinary", 125.00m)], calls.Select(c => (c.Kind, c.Total)));
        foreach (var call in calls)
            Assert.Equal(call.Total, await Scalar<decimal>("select sum(amount) from fund_call_items where call_id = @Id", new { call.Id }));
        // the lift's line reaches only the key's lots: the other lots pay the general part alone, the same in both calls' split
        var outside = await Scalar<long>("""
            select count(*) from fund_call_lots f join fund_call_items i on i.id = f.item_id
            where i.call_id = @call and f.lot_id not in (select lot_id from distribution_key_lots where key_id = @key)
            """, new { call = calls[0].Id, key });
        Assert.Equal(4L, outside);
        // issued once: the period now links its call and a second post changes nothing
        await syndic.Post($"/budgets/{id}?handler=issue&period=1", ("dueDate", WorksRequestTests.Day(30)));
        Assert.Equal(2L, await Scalar<long>("select count(*) from fund_calls where budget_id = @id", new { id }));
        // every lot's instalments of the year add up to the budget
        Assert.Contains(Money(2734.57m), (await syndic.Get($"/budgets/{id}/provisions")).MainText().Replace('\u202f', ' ').Replace('\u00a0', ' '));
    }

    [Fact]
    public async Task An_account_spent_beyond_its_tolerance_alerts_the_syndic_once_per_tolerance()
    {
        var building = await Parc();
        var budget = await Scalar<long>("""
            with b as (insert into budgets (organisation_id, building_id, year, state, decided_on) select organisation_id, id, @Year, 'draft', null from buildings where id = @building returning id)
            insert into budget_lines (budget_id, kind, account_code, amount) select id, 'ordinary', '611', 1000 from b returning budget_id
            """, new { building, Year });
        await Scalar<int>("update budgets set state = 'submitted' where id = @budget returning 1", new { budget });
        await Scalar<int>("update budgets set state = 'approved', decided_on = current_date where id = @budget returning 1", new { budget });
        async Task Spend(decimal amount) => await Scalar<long>("""
            with e as (insert into journal_entries (organisation_id, building_id, year_id, journal, entry_date, description)
                       select organisation_id, id, 0, 'misc', @day, 'Nettoyage' from buildings where id = @building returning id)
            insert into journal_lines (entry_id, account_code, debit, credit) select id, '611', @amount, 0 from e union all select id, '440', 0, @amount from e
            returning entry_id
            """, new { building, amount, day = BrusselsTime.Today });
        Task<long> Alerts() => Scalar<long>("select count(*) from notifications where link = @link", new { link = $"/budgets/{budget}/variance" });

        await Spend(1100m);        // exactly 10 % over: not beyond
        await RunJob(Web.Pages.Budgets.BudgetAlertsJob.Key);
        Assert.Equal(0L, await Alerts());
        await Spend(0.01m);
        await RunJob(Web.Pages.Budgets.BudgetAlertsJob.Key);
        var once = await Alerts();
        Assert.True(once > 0);
        await RunJob(Web.Pages.Budgets.BudgetAlertsJob.Key);
        Assert.Equal(once, await Alerts());
        Assert.Contains("Au-delà du budget", (await (await SignedIn("syndic@demo.koprogo.be")).Get($"/budgets/{budget}/variance")).MainText());
        // a lower tolerance set by the building is a new threshold crossed: alerted again, once
        await Scalar<int>("update buildings set budget_tolerance = 5 where id = @building returning 1", new { building });
        await RunJob(Web.Pages.Budgets.BudgetAlertsJob.Key);
        await RunJob(Web.Pages.Budgets.BudgetAlertsJob.Key);
        Assert.Equal(2 * once, await Alerts());
    }

    [Fact]
    public async Task Another_firm_and_owners_see_no_budget_and_the_board_reads_its_buildings()
    {
        var tilleuls = await Scalar<long>("select id from buildings where slug = 'residence-les-tilleuls'");
        var budget = await Scalar<long>("select id from budgets where building_id = @tilleuls and state = 'approved'", new { tilleuls });
        var board = await SignedIn("board@demo.koprogo.be");
        Assert.Equal(HttpStatusCode.OK, (await board.GetRaw($"/budgets/{budget}")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await board.GetRaw($"/budgets/{budget}/variance")).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await board.Post($"/buildings/{tilleuls}/budgets", ("Year", (Year + 5).ToString()))).StatusCode);
        var other = await SignedIn("syndic2@demo.koprogo.be");
        foreach (var url in new[] { $"/budgets/{budget}", $"/budgets/{budget}/variance", $"/budgets/{budget}/provisions", $"/budgets/{budget}?handler=pdf", $"/buildings/{tilleuls}/budgets" })
            Assert.Equal(HttpStatusCode.NotFound, (await other.GetRaw(url)).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await other.Post($"/budgets/{budget}?handler=issue&period=4", ("dueDate", WorksRequestTests.Day(30)))).StatusCode);
        var owner = await SignedIn("owner@demo.koprogo.be");
        foreach (var url in new[] { $"/budgets/{budget}", $"/buildings/{tilleuls}/budgets" })
            Assert.True((await owner.GetRaw(url)).StatusCode is HttpStatusCode.NotFound or HttpStatusCode.Forbidden, url);
        Assert.Equal(0L, await Scalar<long>("select count(*) from budgets where year = @y", new { y = Year + 5 }));
    }
}
