using System.Net;
using System.Text;
using KoproGo.Domain.Accounting;
using KoproGo.Tests.Support;
using KoproGo.Web.Infrastructure;
using KoproGo.Web.Pages.Arrears;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;

namespace KoproGo.Tests.Pages.Accounting;

/// <summary>
/// Recovering arrears at Gebouw De Linde (Dutch-speaking owners): a call due on 1 December two years ago, walked
/// through the steps by the recovery at the dates it would have run, with the app's real clock for everything else.
/// </summary>
public class ArrearsTests(App app) : AppTest(app)
{
    private const string LindeIban = "BE21363089876503";
    private static readonly DateOnly Today = BrusselsTime.Today;
    /// <summary>The call's due date: 1 December two years ago, so the formal notice's interest spans a New Year.</summary>
    private static readonly DateOnly Due = new(Today.Year - 2, 12, 1);

    private Task<long> Linde() => Scalar<long>("select id from buildings where slug = 'gebouw-de-linde'");
    private Task<long> Owner(string firstName) => Scalar<long>("select id from owners where first_name = @firstName", new { firstName });

    /// <summary>The two years before this one opened at De Linde, and a call of 1,000.00 € issued a month before <see cref="Due"/>.</summary>
    private async Task<(long Building, Session Syndic)> OldCall()
    {
        var building = await Linde();
        await Query<int>("""
            insert into financial_years (organisation_id, building_id, starts_on, ends_on)
            select organisation_id, id, make_date(y, 1, 1), make_date(y, 12, 31) from buildings, unnest(array[@y - 2, @y - 1]) as y where id = @building
            returning 1
            """, new { building, y = Today.Year });
        var syndic = await SignedIn("syndic@demo.koprogo.be");
        var issued = await syndic.Post($"/buildings/{building}/calls", ("Input.Kind", "working_capital"), ("Input.Title", "Provisies december"),
            ("Input.Total", "1000.00"), ("Input.KeyId", ""), ("Input.IssuedOn", Due.AddMonths(-1).ToString("yyyy-MM-dd")), ("Input.DueDate", Due.ToString("yyyy-MM-dd")));
        Assert.Equal(HttpStatusCode.Redirect, issued.StatusCode);
        return (building, syndic);
    }

    /// <summary>What the daily recovery does on <paramref name="day"/> for the building: records the letters due, then prepares them.</summary>
    private async Task<int> RecoveryOn(DateOnly day, long building)
    {
        await using var scope = App.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<KoproGo.Web.Infrastructure.Db>();
        await db.Begin();
        var letters = await Recovery.PlanDue(db, day, building);
        await db.Commit();
        await ActivatorUtilities.CreateInstance<RecoveryJob>(scope.ServiceProvider).PrepareLetters(CancellationToken.None);
        return letters;
    }

    private sealed record Item(long Id, decimal Amount, string Communication);

    private Task<Item> ItemOf(string firstName) => Row<Item>("""
        select i.id, i.amount, i.communication from fund_call_items i join fund_calls c on c.id = i.call_id join owners o on o.id = i.owner_id
        where c.title = 'Provisies december' and o.first_name = @firstName
        """, new { firstName });

    [Fact]
    public async Task An_unpaid_call_goes_through_the_three_steps_with_interest_across_new_year_and_a_bank_payment_stops_it()
    {
        var (building, syndic) = await OldCall();
        var hilde = await ItemOf("Hilde");

        Assert.Equal(0, await RecoveryOn(Due.AddDays(14), building));
        Assert.True(await RecoveryOn(Due.AddDays(15), building) > 0);
        // the friendly reminder in Hilde's language, free, with the interest of 15 days, and its letter as PDF
        var friendly = await App.Smtp.WaitFor(m => m.To.Contains("hilde", StringComparison.OrdinalIgnoreCase) && m.Subject.Contains("Betalingsherinnering"), 60);
        var letter = Assert.Single(friendly.Attachments).Value;
        var text = await PdfText.Of(letter);
        Assert.Contains("Betalingsherinnering", text);
        StructuredCommunication.TryParse(hilde.Communication, out var reference);
        Assert.Contains(reference.ToString(), text);
        PdfText.HasAddressLine(text, await Scalar<string>("select postcode || ' ' || city from owners where first_name = 'Hilde'"));
        var payload = GiroCode.Payload("Gebouw De Linde", LindeIban, hilde.Amount, reference);
        Assert.Equal(Encoding.UTF8.GetBytes(payload), (await QrScan.FirstCodeOf(letter)).AsSpan().TrimEnd((byte)'\n').ToArray());
        var first = await Row<(string Channel, decimal Owed, decimal Interest, decimal Fee)>("""
            select r.channel, r.owed, r.interest, r.fee from recovery_letters r join owners o on o.id = r.owner_id where o.first_name = 'Hilde'
            """);
        Assert.Equal(("email", hilde.Amount, LateInterest.Compute(hilde.Amount, Due, Due.AddDays(15)), 0m), first);

        // nothing more within 15 days; the firm reminder at 30 days, with the costs the building set
        await syndic.Post($"/buildings/{building}/recovery-rules", ("Input.InterestPercent", ""), ("Input.FeeFirm", "15.00"), ("Input.FeeFormal", "35.00"));
        Assert.Equal(0, await RecoveryOn(Due.AddDays(29), building));
        Assert.True(await RecoveryOn(Due.AddDays(30), building) > 0);
        await App.Smtp.WaitFor(m => m.To.Contains("hilde", StringComparison.OrdinalIgnoreCase) && m.Subject.Contains("Tweede betalingsherinnering"), 60);
        Assert.Equal(15.00m, await Scalar<decimal>("select fee from recovery_letters r join owners o on o.id = r.owner_id where o.first_name = 'Hilde' and r.step = 'firm'"));

        // half of it paid through the bank: the formal notice comes on what is left, at 60 days, interest over New Year
        var half = Math.Round(hilde.Amount / 2, 2);
        var file = new CodaSample(LindeIban, Today, 3, 5_000m).Credit(half, reference.Digits, "VAN DAMME H").Bytes;
        await Import(syndic, building, file);
        Assert.Equal(0, await RecoveryOn(Due.AddDays(59), building));
        Assert.True(await RecoveryOn(Due.AddDays(60), building) > 0);
        var notice = await Row<(string Channel, decimal Owed, decimal Interest, decimal Fee, long Id)>("""
            select r.channel, r.owed, r.interest, r.fee, r.id from recovery_letters r join owners o on o.id = r.owner_id where o.first_name = 'Hilde' and r.step = 'formal_notice'
            """);
        var left = hilde.Amount - half;
        Assert.Equal(("registered", left, LateInterest.Compute(left, Due, Due.AddDays(60)), 35.00m), (notice.Channel, notice.Owed, notice.Interest, notice.Fee));
        // 30 days of one year and 30 of the next, each at its year's rate, rounded once
        var rates = LateInterest.LegalRates;
        var byHand = Math.Round(left * (LateInterest.LegalRate(Due.Year, rates) * 30 + LateInterest.LegalRate(Due.Year + 1, rates) * 30) / 365m, 2, MidpointRounding.AwayFromZero);
        Assert.Equal(byHand, notice.Interest);
        // the registered letter is not mailed: it waits, printable, on the arrears page
        Assert.DoesNotContain(App.Smtp.Messages(), m => m.To.Contains("hilde", StringComparison.OrdinalIgnoreCase) && m.Subject.Contains("Ingebrekestelling"));
        var file_ = (await syndic.Get($"/buildings/{building}/arrears/{await Owner("Hilde")}")).MainText();
        Assert.Contains($"R-{Due.AddDays(60).Year}-{notice.Id}", file_);
        var printed = await PdfText.Of(await (await syndic.GetRaw($"/buildings/{building}/arrears/{await Owner("Hilde")}?handler=pdf&letter={notice.Id}")).Content.ReadAsByteArrayAsync());
        Assert.Contains("Ingebrekestelling", printed);
        Assert.Contains("Aangetekende brief", printed);

        // the rest paid: every step of the call closes as paid, and nothing more is sent
        await Import(syndic, building, new CodaSample(LindeIban, Today, 4, 5_000m + half).Credit(left, reference.Digits, "VAN DAMME H").Bytes);
        Assert.Equal(["paid"], (await Query<string>("select distinct state from recovery_steps where item_id = @Id", hilde)).ToArray());
        await RecoveryOn(Due.AddDays(200), building);
        Assert.Equal(3L, await Scalar<long>("select count(*) from recovery_steps where item_id = @Id", hilde));
        Assert.DoesNotContain("Hilde", (await syndic.Get($"/buildings/{building}/arrears")).MainText());
    }

    private async Task Import(Session syndic, long building, byte[] file)
    {
        var response = await syndic.Upload($"/buildings/{building}/bank?handler=import", "Statement", "statement.cod", file);
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        for (var i = 0; i < 300 && await Scalar<long>("select count(*) from bank_lines where status = 'pending'") > 0; i++) await Task.Delay(100);
    }

    [Fact]
    public async Task The_syndic_pauses_cancels_charges_the_interest_records_the_registered_letter_and_goes_to_law()
    {
        var (building, syndic) = await OldCall();
        var stijn = await Owner("Stijn");
        var here = $"/buildings/{building}/arrears/{stijn}";
        // paused before the first reminder: nothing goes to Stijn; refused input comes back by the field
        var refused = await syndic.Post(here + "?handler=pause", ("Paused.Reason", ""), ("Paused.Until", Today.AddDays(-1).ToString("yyyy-MM-dd")));
        Assert.Equal(HttpStatusCode.OK, refused.StatusCode);
        var form = await Session.Parse(refused);
        Assert.NotNull(form.FieldError("Paused.Reason"));
        Assert.NotNull(form.FieldError("Paused.Until"));
        await syndic.Post(here + "?handler=pause", ("Paused.Reason", "Afbetalingsplan"), ("Paused.Until", Today.AddDays(10).ToString("yyyy-MM-dd")));
        // the pause counts on the day the recovery runs: a run dated today skips Stijn
        await using (var scope = App.Services.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<KoproGo.Web.Infrastructure.Db>();
            await db.Begin();
            await Recovery.PlanDue(db, Today, building);
            await db.Commit();
        }
        Assert.Equal(0L, await Scalar<long>("select count(*) from recovery_letters where owner_id = @stijn", new { stijn }));
        Assert.Contains("Afbetalingsplan", (await syndic.Get(here)).MainText());
        await syndic.Post(here + "?handler=lift");

        // three steps, then the latest cancelled with a reason: the call is back at the firm reminder
        foreach (var days in new[] { 15, 30, 60 }) await RecoveryOn(Due.AddDays(days), building);
        var letters = await Query<(long Id, string Step)>("select id, step from recovery_letters where owner_id = @stijn order by id", new { stijn });
        Assert.Equal(["friendly", "firm", "formal_notice"], letters.Select(l => l.Step));
        var noReason = await syndic.Post(here + "?handler=cancel", ("LetterId", letters[2].Id.ToString()), ("Cancel.CancelReason", ""));
        Assert.NotNull((await Session.Parse(noReason)).FieldError("Cancel.CancelReason"));
        await syndic.Post(here + "?handler=cancel", ("LetterId", letters[2].Id.ToString()), ("Cancel.CancelReason", "Verkeerd adres"));
        Assert.Equal("cancelled", await Scalar<string>("select state from recovery_steps where letter_id = @Id", new { letters[2].Id }));
        // an earlier step cannot be cancelled while a later one stands (the database says so too)
        await syndic.Post(here + "?handler=cancel", ("LetterId", letters[0].Id.ToString()), ("Cancel.CancelReason", "Test"));
        Assert.Equal("sent", await Scalar<string>("select state from recovery_steps where letter_id = @Id", new { letters[0].Id }));
        var ex = await Assert.ThrowsAsync<PostgresException>(() => Query<int>(
            "update recovery_steps set state = 'cancelled', cancel_reason = 'x' where letter_id = @Id returning 1", new { letters[0].Id }));
        Assert.Equal("recovery_steps_transition", ex.ConstraintName);

        // the formal notice again (15 days after the cancelled one at the earliest), its number, then the law
        await RecoveryOn(Due.AddDays(74), building);
        Assert.Equal(0L, await Scalar<long>("select count(*) from recovery_letters where owner_id = @stijn and sent_on = @d", new { stijn, d = Due.AddDays(74) }));
        await RecoveryOn(Due.AddDays(75), building);
        var notice = await Scalar<long>("select r.id from recovery_letters r join recovery_steps s on s.letter_id = r.id where r.owner_id = @stijn and r.step = 'formal_notice' and s.state = 'sent'", new { stijn });
        await syndic.Post(here + "?handler=tracking", ("LetterId", notice.ToString()), ("Tracking.TrackingNumber", "RR123456789BE"));
        Assert.Equal("RR123456789BE", await Scalar<string>("select tracking_number from recovery_letters where id = @notice", new { notice }));

        // the interest and costs of the notice charged to Stijn's account: D 410 Stijn, C 751 and 740, once
        var (interest, fee) = await Row<(decimal, decimal)>("select interest, fee from recovery_letters where id = @notice", new { notice });
        Assert.True(interest > 0);
        await syndic.Post(here + "?handler=charge", ("LetterId", notice.ToString()));
        await syndic.Post(here + "?handler=charge", ("LetterId", notice.ToString()));
        var entry = await Scalar<long>("select charged_entry_id from recovery_letters where id = @notice", new { notice });
        Assert.Equal(interest + fee, await Scalar<decimal>("select sum(debit) from journal_lines where entry_id = @entry and account_code = '410' and owner_id = @stijn", new { entry, stijn }));
        Assert.Equal(interest, await Scalar<decimal>("select sum(credit) from journal_lines where entry_id = @entry and account_code = '751'", new { entry }));
        Assert.Equal(1L, await Scalar<long>("select count(*) from journal_entries e join journal_lines l on l.entry_id = e.id where l.account_code = '751' and l.credit > 0 and e.building_id = @building", new { building }));

        // the law: the page offers it (the notice is weeks old for the real clock) and records the last step
        Assert.Contains("Transmettre le dossier à un huissier", (await syndic.Get(here)).MainText());
        Assert.Equal(HttpStatusCode.Redirect, (await syndic.Post(here + "?handler=law")).StatusCode);
        Assert.Equal("legal", await Scalar<string>("select step from recovery_letters where owner_id = @stijn order by id desc limit 1", new { stijn }));
        Assert.Contains("recovery", await Query<string>("select entity from audit_log"));
    }

    [Fact]
    public async Task The_database_keeps_the_steps_in_order_and_in_time()
    {
        var (building, _) = await OldCall();
        var item = await ItemOf("Lotte");
        async Task<string?> Insert(string step, DateOnly on)
        {
            try
            {
                await Query<int>("""
                    with l as (insert into recovery_letters (organisation_id, building_id, owner_id, step, channel, sent_on, owed)
                               select b.organisation_id, b.id, i.owner_id, @step, 'email', @on, 10 from buildings b, fund_call_items i where b.id = @building and i.id = @Id returning id)
                    insert into recovery_steps (item_id, letter_id, step, sent_on, owed) select @Id, id, @step, @on, 10 from l returning 1
                    """, new { building, item.Id, step, on });
                return null;
            }
            catch (PostgresException e) { return e.ConstraintName; }
        }
        Assert.Equal("recovery_steps_in_order", await Insert("firm", Due.AddDays(40)));       // skips the friendly one
        Assert.Equal("recovery_steps_in_time", await Insert("friendly", Due.AddDays(14)));    // before 15 days late
        Assert.Null(await Insert("friendly", Due.AddDays(20)));
        Assert.Equal("recovery_steps_in_time", await Insert("firm", Due.AddDays(34)));        // within 15 days of the friendly one
        Assert.Null(await Insert("firm", Due.AddDays(35)));
        Assert.NotNull(await Insert("firm", Due.AddDays(80)));                                // never twice
    }

    [Fact]
    public async Task An_owner_reads_only_their_own_arrears_the_board_reads_the_list_and_another_firm_nothing()
    {
        // letters of this test's own (the demo has none early in January, before the year's first call falls due)
        var (linde, _) = await OldCall();
        await RecoveryOn(Due.AddDays(15), linde);
        var hilde = await Owner("Hilde");
        var letter = await Scalar<long>("select id from recovery_letters where owner_id = @hilde", new { hilde });
        var tilleuls = await Scalar<long>("select id from buildings where slug = 'residence-les-tilleuls'");
        var philippe = await Owner("Philippe");
        var sophie = await Owner("Sophie");
        var board = await SignedIn("board@demo.koprogo.be");
        Assert.Equal(HttpStatusCode.OK, (await board.GetRaw($"/buildings/{tilleuls}/arrears")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await board.GetRaw($"/buildings/{tilleuls}/arrears/{philippe}")).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await board.Post($"/buildings/{tilleuls}/arrears/{philippe}?handler=law")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await board.GetRaw($"/buildings/{linde}/arrears/{hilde}?handler=pdf&letter={letter}")).StatusCode);
        var owner = await SignedIn("owner@demo.koprogo.be");
        foreach (var url in new[] { $"/buildings/{tilleuls}/arrears", $"/buildings/{tilleuls}/arrears/{philippe}", $"/buildings/{linde}/arrears/{hilde}",
                     $"/buildings/{linde}/arrears/{hilde}?handler=pdf&letter={letter}" })
            Assert.True((await owner.GetRaw(url)).StatusCode is HttpStatusCode.NotFound or HttpStatusCode.Forbidden, url);
        Assert.Equal(HttpStatusCode.OK, (await owner.GetRaw($"/buildings/{tilleuls}/arrears/{sophie}")).StatusCode);
        var other = await SignedIn("syndic2@demo.koprogo.be");
        foreach (var url in new[] { $"/buildings/{tilleuls}/arrears", $"/buildings/{tilleuls}/arrears/{philippe}", $"/buildings/{tilleuls}/recovery-rules",
                     $"/buildings/{linde}/arrears/{hilde}?handler=pdf&letter={letter}" })
            Assert.Equal(HttpStatusCode.NotFound, (await other.GetRaw(url)).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await other.Post($"/buildings/{linde}/arrears/{hilde}?handler=pause", ("Paused.Reason", "x"), ("Paused.Until", Today.ToString("yyyy-MM-dd")))).StatusCode);
        Assert.Equal(0L, await Scalar<long>("select count(*) from recovery_pauses"));
    }
}
