using System.Globalization;
using System.Net;
using KoproGo.Domain.Sales;
using KoproGo.Tests.Support;
using KoproGo.Web.Infrastructure;
using KoproGo.Web.Pages.EtatDates;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;

namespace KoproGo.Tests.Pages.Accounting;

/// <summary>
/// The état daté at Les Tilleuls: Jean Dubois sells his flat A1.1 and his cellar K1 to Thomas Renard; a Dutch-speaking
/// notary asks, the syndic answers with figures read back from the PDF and equal to the journal, then records the deed.
/// </summary>
public class EtatDateTests(App app) : AppTest(app)
{
    private static readonly DateOnly Today = BrusselsTime.Today;

    private Task<long> Tilleuls() => Scalar<long>("select id from buildings where slug = 'residence-les-tilleuls'");
    private Task<long> Owner(string firstName) => Scalar<long>("select id from owners where first_name = @firstName", new { firstName });

    private static string Money(decimal amount) => amount.ToString("N2", CultureInfo.GetCultureInfo("nl-BE")).Replace('\u202f', ' ').Replace('\u00a0', ' ');
    private static readonly byte[] MinimalPdf = Samples.MinimalPdf;
    private static string Flat(string text) => text.Replace('\u202f', ' ').Replace('\u00a0', ' ');

    private static (string, string)[] RequestFields(string lots, string email = "notaris.peeters@example.be") =>
    [
        ("Input.NotaryName", "Meester Jan Peeters"), ("Input.NotaryFirm", "Peeters & Claes"), ("Input.NotaryEmail", email),
        ("Input.NotaryReference", "VK-2026-118"), ("Input.Language", "nl"), ("Input.Lots", lots),
        ("Input.ReceivedOn", Today.ToString("yyyy-MM-dd")), ("Input.DeedPlannedOn", Today.AddDays(40).ToString("yyyy-MM-dd")),
    ];

    private async Task<(long Building, Session Syndic, long Id)> Requested()
    {
        var building = await Tilleuls();
        var syndic = await SignedIn("syndic@demo.koprogo.be");
        var created = await syndic.Post($"/buildings/{building}/etats-dates", RequestFields("A1.1, K1"));
        Assert.True(HttpStatusCode.Redirect == created.StatusCode, (await Session.Parse(created)).QuerySelector(".error-summary")?.TextContent);
        return (building, syndic, long.Parse(created.Headers.Location!.OriginalString.Split('/')[^1]));
    }

    [Fact]
    public async Task From_the_request_to_the_deed_the_figures_equal_the_journal_and_every_step_is_audited()
    {
        var building = await Tilleuls();
        var syndic = await SignedIn("syndic@demo.koprogo.be");
        // bad input comes back by the field, with what was typed
        var bad = await Session.Parse(await syndic.Post($"/buildings/{building}/etats-dates",
            [.. RequestFields("A1.1, Z9", email: "pas une adresse").Where(f => f.Item1 != "Input.NotaryName")]));
        Assert.NotNull(bad.FieldError("Input.NotaryName"));
        Assert.NotNull(bad.FieldError("Input.NotaryEmail"));
        Assert.Contains("Z9", bad.FieldError("Input.Lots"));
        Assert.Equal("A1.1, Z9", bad.FieldValue("Input.Lots"));
        Assert.Equal(0, await Scalar<long>("select count(*) from etat_dates where notary_reference = 'VK-2026-118'"));

        var (_, _, id) = await Requested();
        var proceeding = await syndic.Post($"/buildings/{building}/proceedings", ("Input.Subject", "Litige ascenseur"), ("Input.Counterparty", "Liftco"),
            ("Input.AmountAtStake", "12000"), ("Input.Costs", "1000.00"), ("Input.OpenedOn", Today.ToString("yyyy-MM-dd")));
        Assert.Equal(HttpStatusCode.Redirect, proceeding.StatusCode);
        // last year's assembly with its minutes, and the fire insurance policy, go with the état daté
        foreach (var (file, category) in new[] { ("pv-ag.pdf", "minutes"), ("police-incendie.pdf", "insurance") })
            Assert.Equal(HttpStatusCode.Redirect, (await syndic.Upload($"/buildings/{building}/documents?handler=upload", "Upload", file, MinimalPdf,
                ("Input.Title", file), ("Input.Category", category), ("Input.Visibility", "owners"))).StatusCode);
        await Query<int>("""
            insert into assemblies (organisation_id, building_id, kind, meeting_at, place, status, closed_at, minutes_document_id)
            select organisation_id, id, 'ordinary', now() - interval '11 months', 'Salle des fêtes', 'closed', now() - interval '11 months',
                   (select id from documents where file_name = 'pv-ag.pdf') from buildings where id = @building returning 1
            """, new { building });
        Assert.Equal(HttpStatusCode.Redirect, (await syndic.Post($"/etats-dates/{id}?handler=start")).StatusCode);
        Assert.Equal(HttpStatusCode.Redirect, (await syndic.Post($"/etats-dates/{id}?handler=generate")).StatusCode);
        var generated = await Row<(string State, string Number, long DocumentId)>("select state, number, document_id from etat_dates where id = @id", new { id });
        Assert.Equal("generated", generated.State);
        // the demo's own request is in progress, without a number yet: this one is the first of the year
        Assert.Equal(EtatDateRules.Number(Today.Year, 1), generated.Number);

        // the PDF in the notary's language, its figures those of the journal on that day
        var pdf = await (await syndic.GetRaw($"/documents/{generated.DocumentId}")).Content.ReadAsByteArrayAsync();
        var text = Flat(await PdfText.Of(pdf));
        Assert.Contains("Gedateerde staat", text);
        Assert.Contains(generated.Number, text);
        var quota = await Scalar<int>("select sum(quota)::int from lots where building_id = @building and number in ('A1.1', 'K1')", new { building });
        var total = await Scalar<int>("select total_shares from buildings where id = @building", new { building });
        var reserve = await Scalar<decimal>("""
            select coalesce(sum(l.credit - l.debit), 0) from journal_lines l join journal_entries e on e.id = l.entry_id
            where e.building_id = @building and l.account_code = '101' and e.entry_date <= @Today
            """, new { building, Today });
        Assert.True(reserve > 0, "the demo's reserve fund has a balance");
        Assert.Contains(Money(Math.Round(reserve * quota / total, 2, MidpointRounding.AwayFromZero)), text);
        var jean = await Owner("Jean");
        var balance = await Scalar<decimal>("""
            select coalesce(sum(l.debit - l.credit), 0) from journal_lines l join journal_entries e on e.id = l.entry_id
            where e.building_id = @building and l.owner_id = @jean and l.account_code = '410' and e.entry_date <= @Today
            """, new { building, jean, Today });
        Assert.Contains(Money(balance), text);
        Assert.Contains("Litige ascenseur", text);
        var costs = await Scalar<decimal>("select sum(costs) from proceedings where building_id = @building and status = 'open'", new { building });
        Assert.Contains(Money(Math.Round(costs * quota / total, 2, MidpointRounding.AwayFromZero)), text);
        Assert.Contains(await Scalar<string>("select syndic_name from buildings where id = @building", new { building }), text);
        // the approved budget's instalments of the periods still to come, not called yet, are announced to the buyer
        var toCome = await Scalar<long>("""
            select count(*) from budgets b, generate_series(1, 4) as q
            where b.building_id = @building and b.year = @Year and b.state = 'approved' and make_date(b.year, (q - 1) * 3 + 1, 1) > @Today
              and not exists (select 1 from fund_calls c where c.budget_id = b.id and c.budget_period = q)
            """, new { building, Today.Year, Today });
        Assert.Equal(toCome, Enumerable.Range(1, 4).Count(q => text.Contains($"Budget {Today.Year}, schijf {q} (")));

        // delivered by e-mail with the PDF attached; valid 90 days
        Assert.Equal(HttpStatusCode.Redirect, (await syndic.Post($"/etats-dates/{id}?handler=deliver")).StatusCode);
        Assert.Equal(EtatDateRules.ExpiresOn(Today), await Scalar<DateOnly>("select expires_on from etat_dates where id = @id", new { id }));
        var mail = await App.Smtp.WaitFor(m => m.To.Contains("notaris.peeters@example.be"), 60);
        Assert.Contains(generated.Number, mail.Subject);
        Assert.Contains(text, Flat(await PdfText.Of(mail.Attachments[$"{generated.Number}.pdf"])));
        Assert.Equal(MinimalPdf, mail.Attachments["pv-ag.pdf"]);
        Assert.Equal(MinimalPdf, mail.Attachments["police-incendie.pdf"]);
        Assert.Contains("police-incendie.pdf", text);
        // a second delivery is refused: the state has moved on
        await syndic.Post($"/etats-dates/{id}?handler=deliver");
        Assert.Equal(1, await Scalar<long>("select count(*) from outbox_messages where to_address = 'notaris.peeters@example.be'"));

        // after the deed: a date to come is refused by the field, then Thomas Renard holds both lots
        var thomas = await Owner("Thomas");
        var early = await Session.Parse(await syndic.Post($"/etats-dates/{id}?handler=transfer",
            ("Transfer.TransferOn", Today.AddDays(1).ToString("yyyy-MM-dd")), ("Transfer.BuyerId", thomas.ToString())));
        Assert.NotNull(early.FieldError("Transfer.TransferOn"));
        Assert.Equal(HttpStatusCode.Redirect, (await syndic.Post($"/etats-dates/{id}?handler=transfer",
            ("Transfer.TransferOn", Today.ToString("yyyy-MM-dd")), ("Transfer.BuyerId", thomas.ToString()))).StatusCode);
        Assert.Equal([thomas, thomas], await Query<long>("""
            select o.owner_id from lot_ownerships o join lots l on l.id = o.lot_id
            where l.building_id = @building and l.number in ('A1.1', 'K1') and o.valid_from <= @Today and (o.valid_to is null or o.valid_to > @Today)
            """, new { building, Today }));
        // the working capital Jean was called for this period, for the days from the transfer on, goes from Thomas to Jean
        var frequency = await Scalar<string?>("select frequency from provision_plans where building_id = @building and year = @Year", new { building, Today.Year });
        var (starts, ends) = EtatDateRules.PeriodAround(Today, frequency == "monthly" ? KoproGo.Domain.Accounting.CallFrequency.Monthly
            : frequency == "half_yearly" ? KoproGo.Domain.Accounting.CallFrequency.HalfYearly : KoproGo.Domain.Accounting.CallFrequency.Quarterly);
        var called = await Scalar<decimal>("""
            select coalesce(sum(f.amount), 0) from fund_call_lots f join fund_call_items i on i.id = f.item_id join fund_calls k on k.id = i.call_id
            join lots l on l.id = f.lot_id
            where l.building_id = @building and l.number in ('A1.1', 'K1') and k.kind = 'working_capital' and k.due_date between @starts and @ends and i.owner_id = @jean
            """, new { building, starts, ends, jean });
        var expected = EtatDateRules.WorkingCapitalSettlement(called, starts, ends, Today);
        var settled = await Row<(decimal? Settlement, long? EntryId)>("select settlement, settlement_entry_id from etat_dates where id = @id", new { id });
        Assert.Equal(expected, settled.Settlement);
        if (expected > 0)
            Assert.Equal([(thomas, expected, 0m), (jean, 0m, expected)], await Query<(long, decimal, decimal)>(
                "select owner_id, debit, credit from journal_lines where entry_id = @EntryId order by debit desc", new { settled.EntryId }));
        else
            Assert.Null(settled.EntryId);
        // a second transfer is refused
        await syndic.Post($"/etats-dates/{id}?handler=transfer", ("Transfer.TransferOn", Today.ToString("yyyy-MM-dd")), ("Transfer.BuyerId", jean.ToString()));
        Assert.Equal(thomas, await Scalar<long>("select buyer_owner_id from etat_dates where id = @id", new { id }));

        Assert.Equal(["requested", "preparing", "generated", "delivered", "transfer_recorded"], await Query<string>(
            "select action from audit_log where entity = 'etat_date' and entity_id = @id order by id", new { id }));
    }

    [Fact]
    public async Task The_syndic_is_reminded_on_the_tenth_day_alerted_once_late_and_a_delivered_one_expires_after_90_days()
    {
        var (_, _, id) = await Requested();
        var syndicUser = await Scalar<long>("select id from users where email = 'syndic@demo.koprogo.be'");
        async Task Run(DateOnly day)
        {
            await using var scope = App.Services.CreateAsyncScope();
            await ActivatorUtilities.CreateInstance<EtatDateJob>(scope.ServiceProvider).Run(day);
        }
        Task<long> Notices(string like) => Scalar<long>("select count(*) from notifications where user_id = @syndicUser and title like @like and body like '%Peeters%'",
            new { syndicUser, like });

        await Run(Today.AddDays(9));
        Assert.Equal(0, await Notices("%bientôt%"));
        await Run(Today.AddDays(10));
        await Run(Today.AddDays(11));
        Assert.Equal(1, await Notices("%bientôt%"));
        await Run(Today.AddDays(15));
        Assert.Equal(0, await Notices("%en retard%"));
        await Run(Today.AddDays(16));
        await Run(Today.AddDays(20));
        Assert.Equal(1, await Notices("%en retard%"));

        // delivered today: it expires on its 90th day, not before, and the log says so
        var syndic = await SignedIn("syndic@demo.koprogo.be");
        foreach (var step in new[] { "start", "generate", "deliver" })
            Assert.Equal(HttpStatusCode.Redirect, (await syndic.Post($"/etats-dates/{id}?handler={step}")).StatusCode);
        Assert.Equal("delivered", await Scalar<string>("select state from etat_dates where id = @id", new { id }));
        await Run(Today.AddDays(89));
        Assert.Equal("delivered", await Scalar<string>("select state from etat_dates where id = @id", new { id }));
        await Run(Today.AddDays(90));
        Assert.Equal("expired", await Scalar<string>("select state from etat_dates where id = @id", new { id }));
        Assert.Equal(1, await Scalar<long>("select count(*) from audit_log where entity = 'etat_date' and entity_id = @id and action = 'expired'", new { id }));
    }

    [Fact]
    public async Task The_database_refuses_a_skipped_step_and_a_second_number()
    {
        var (_, _, id) = await Requested();
        var skipped = await Assert.ThrowsAsync<PostgresException>(() => Query<int>("update etat_dates set state = 'expired' where id = @id returning 1", new { id }));
        Assert.Equal("etat_dates_state_transition", skipped.ConstraintName);
        var unnumbered = await Assert.ThrowsAsync<PostgresException>(() => Query<int>(
            "update etat_dates set state = 'in_progress' where id = @id; update etat_dates set state = 'generated' where id = @id returning 1", new { id }));
        Assert.Equal("etat_dates_generated_complete", unnumbered.ConstraintName);
    }

    [Fact]
    public async Task Another_firm_an_owner_and_the_board_read_nothing_of_it()
    {
        var (building, _, id) = await Requested();
        var other = await SignedIn("syndic2@demo.koprogo.be");
        Assert.Equal(HttpStatusCode.NotFound, (await other.GetRaw($"/etats-dates/{id}")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await other.Post($"/etats-dates/{id}?handler=start")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await other.GetRaw($"/buildings/{building}/etats-dates")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await other.GetRaw($"/buildings/{building}/proceedings")).StatusCode);
        Assert.Equal("requested", await Scalar<string>("select state from etat_dates where id = @id", new { id }));
        foreach (var person in new[] { "owner@demo.koprogo.be", "board@demo.koprogo.be" })
        {
            var session = await SignedIn(person);
            Assert.NotEqual(HttpStatusCode.OK, (await session.GetRaw($"/etats-dates/{id}")).StatusCode);
            Assert.NotEqual(HttpStatusCode.OK, (await session.GetRaw($"/buildings/{building}/etats-dates")).StatusCode);
        }
        // the accountant works on it too; the deed is the syndic's
        var accountant = await SignedIn("accountant@demo.koprogo.be");
        Assert.Equal(HttpStatusCode.OK, (await accountant.GetRaw($"/etats-dates/{id}")).StatusCode);
    }
}
