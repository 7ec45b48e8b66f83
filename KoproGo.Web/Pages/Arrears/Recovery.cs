using KoproGo.Domain;
using KoproGo.Domain.Accounting;
using KoproGo.Web.Infrastructure;
using KoproGo.Web.Infrastructure.Mail;
using KoproGo.Web.Infrastructure.Pdf;
using KoproGo.Web.Pages.Bank;
using KoproGo.Web.Pages.Public;
using Quartz;

namespace KoproGo.Web.Pages.Arrears;

/// <summary>
/// A recovery letter as it was sent: the step, the owner's unpaid calls with what was owed and the interest that day,
/// the fee, how to pay each call. The PDF and the mail read it; the figures are those recorded, never recomputed.
/// </summary>
public sealed record RecoveryLetter(long Id, long BuildingId, string BuildingName, string? BuildingIban, string SyndicName, string? SyndicEmail, string? SyndicPhone,
    long OwnerId, string OwnerName, string? OwnerEmail, string OwnerLanguage, string? Street, string? Postcode, string? City,
    string Step, string Channel, DateOnly SentOn, decimal Owed, decimal Interest, decimal? InterestRate, decimal Fee, string? TrackingNumber,
    DateTime? PreparedAt, long? ChargedEntryId)
{
    public sealed record Line(long LetterId, long ItemId, string CallTitle, DateOnly DueDate, string Communication, decimal Owed, decimal Interest, string State, string? BuildingName, string? BuildingIban)
    {
        public StructuredCommunication Reference => StructuredCommunication.TryParse(Communication, out var c) ? c : default;
        public int DaysLate(DateOnly on) => on.DayNumber - DueDate.DayNumber;
        /// <summary>The EPC QR code to pay this call; null without the building's IBAN.</summary>
        public string? QrDataUri => BuildingIban is null ? null : QrCodes.DataUri(GiroCode.Payload(BuildingName!, BuildingIban, Owed, Reference), utf8: true);
    }

    public IReadOnlyList<Line> Lines { get; set; } = [];
    public ReminderStep StepValue => Codes.TryParse<ReminderStep>(Step, out var s) ? s : ReminderStep.None;
    public decimal Total => Owed + Interest + Fee;
    public string Number => $"R-{SentOn.Year}-{Id}";
    public string FileName => $"reminder-{Number}.pdf";
    public PdfFrame Frame => new(Languages.Text(OwnerLanguage, Recovery.StepTitle(Step)), SentOn.ToString("d"), Number);
}

/// <summary>Where the recovery of arrears reads and writes: the letters, the owners' open calls, the rates.</summary>
public static class Recovery
{
    public const string JobKey = "arrears-recovery";

    public static string StepTitle(string step) => step switch
    {
        "friendly" => "Payment reminder",
        "firm" => "Second payment reminder",
        "formal_notice" => "Formal notice",
        _ => "Handed to a bailiff or the justice of the peace",
    };

    /// <summary>A call overdue and not fully paid, with the last step of its recovery not cancelled, the owner's last letter and pause.</summary>
    public sealed record OverdueItem(long ItemId, long OwnerId, string OwnerName, string CallTitle, DateOnly DueDate, decimal Due, string? LastStep,
        DateOnly? LastLetterOn, DateOnly? PausedUntil)
    {
        public ArrearsAge Age => PaymentReminders.Age(DueDate, BrusselsTime.Today);
        public ReminderStep Step => Codes.TryParse<ReminderStep>(LastStep, out var s) ? s : ReminderStep.None;
    }

    /// <summary>
    /// The calls of a building (of one owner, or all) past their due date on <paramref name="today"/> and not fully paid.
    /// One pass over each table (steps, letters, pauses grouped once by building, never per call: the generic
    /// plan PostgreSQL keeps for a prepared statement must not turn it into a loop), so a thousand lots read fast.
    /// </summary>
    public static Task<IReadOnlyList<OverdueItem>> Overdue(Db db, long buildingId, DateOnly today, long? ownerId = null) => db.Query<OverdueItem>($"""
        with items as (
            select i.id, i.owner_id, i.amount, i.paid, c.title, c.due_date from fund_call_items i join fund_calls c on c.id = i.call_id
            where c.building_id = @buildingId and c.due_date < @today and (@ownerId::bigint is null or i.owner_id = @ownerId))
        select i.id as item_id, i.owner_id, {Labels.PersonNameSql("o")} as owner_name, i.title as call_title, i.due_date, {PaymentTargets.DueSql} as due,
               ({StepsSql})[steps.rank] as last_step, letters.last_on as last_letter_on, pauses.until as paused_until
        from items i join owners o on o.id = i.owner_id
        left join (select s.item_id, max(array_position({StepsSql}, s.step)) as rank
                   from recovery_steps s join recovery_letters r on r.id = s.letter_id and r.building_id = @buildingId
                   where s.state <> 'cancelled' group by s.item_id) steps on steps.item_id = i.id
        left join (select owner_id, max(sent_on) as last_on from recovery_letters where building_id = @buildingId group by owner_id) letters
            on letters.owner_id = i.owner_id
        left join (select owner_id, max(ends_on) as until from recovery_pauses
                   where building_id = @buildingId and lifted_at is null and @today between starts_on and ends_on group by owner_id) pauses
            on pauses.owner_id = i.owner_id
        where i.paid < i.amount
        order by i.due_date, i.id
        """, new { buildingId, today, ownerId });

    /// <summary>SQL: the steps in their order, for their rank (as the database's recovery_step_rank).</summary>
    private const string StepsSql = "array['friendly', 'firm', 'formal_notice', 'legal']";

    /// <summary>The legal interest rates entered so far, by year.</summary>
    public static async Task<IReadOnlyDictionary<int, decimal>> LegalRates(Db db) =>
        (await db.Query<(int Year, decimal Rate)>("select year, rate from legal_interest_rates")).ToDictionary(r => r.Year, r => r.Rate);

    /// <summary>SQL: the owner @ownerId (or the column given)'s balance on account 410 in the building @buildingId (or the column given).</summary>
    public static string BalanceSql(string owner, string building) => $"""
        coalesce((select sum(jl.debit - jl.credit) from journal_lines jl join journal_entries je on je.id = jl.entry_id
                  where je.building_id = {building} and jl.owner_id = {owner} and jl.account_code = '410'), 0)
        """;

    /// <summary>SQL condition: the owner's reminders in the building are paused on @today.</summary>
    public static string PausedSql(string owner, string building) => $"""
        exists (select 1 from recovery_pauses rp where rp.building_id = {building} and rp.owner_id = {owner}
                and rp.lifted_at is null and @today between rp.starts_on and rp.ends_on)
        """;

    public static async Task<IReadOnlyList<RecoveryLetter>> Letters(Db db, string where, object args)
    {
        var letters = await db.Query<RecoveryLetter>($"""
            select r.id, b.id as building_id, b.name as building_name, b.iban as building_iban, b.syndic_name, b.syndic_email, b.syndic_phone,
                   o.id as owner_id, {Labels.PersonNameSql("o")} as owner_name, o.email as owner_email, o.language as owner_language, o.street, o.postcode, o.city,
                   r.step, r.channel, r.sent_on, r.owed, r.interest, r.interest_rate, r.fee, r.tracking_number, r.prepared_at, r.charged_entry_id
            from recovery_letters r join buildings b on b.id = r.building_id join owners o on o.id = r.owner_id
            where {where} order by r.sent_on desc, r.id desc
            """, args);
        if (letters.Count == 0) return letters;
        var lines = (await db.Query<RecoveryLetter.Line>("""
            select s.letter_id, s.item_id, c.title as call_title, c.due_date, i.communication, s.owed, s.interest, s.state, b.name as building_name, b.iban as building_iban
            from recovery_steps s join fund_call_items i on i.id = s.item_id join fund_calls c on c.id = i.call_id join buildings b on b.id = c.building_id
            where s.letter_id = any(@ids) order by c.due_date, i.id
            """, new { ids = letters.Select(l => l.Id).ToArray() })).ToLookup(x => x.LetterId);
        foreach (var letter in letters) letter.Lines = lines[letter.Id].ToList();
        return letters;
    }

    private sealed record Candidate(long ItemId, long BuildingId, long OwnerId, DateOnly DueDate, decimal Owed, string? LastStep,
        DateOnly? LatestSentOn, bool HasEmail, decimal? LateInterestRate, decimal RecoveryFeeFirm, decimal RecoveryFeeFormal);

    /// <summary>
    /// Records the letters due on <paramref name="today"/> (for one building, or all): for each unpaid call past its due
    /// date whose owner still owes on their account and is not paused, the next step if it is due; one letter per owner
    /// and step. Returns how many letters were recorded; the job then prepares them.
    /// </summary>
    public static async Task<int> PlanDue(Db db, DateOnly today, long? buildingId = null)
    {
        var legalRates = await LegalRates(db);
        var candidates = await db.Query<Candidate>($"""
            select i.id as item_id, c.building_id, i.owner_id, c.due_date, {PaymentTargets.DueSql} as owed,
                   last.step as last_step,
                   (select max(s.sent_on) from recovery_steps s where s.item_id = i.id) as latest_sent_on,
                   o.email is not null as has_email, b.late_interest_rate, b.recovery_fee_firm, b.recovery_fee_formal
            from fund_call_items i join fund_calls c on c.id = i.call_id join owners o on o.id = i.owner_id join buildings b on b.id = c.building_id
            left join lateral (select s.step from recovery_steps s where s.item_id = i.id and s.state <> 'cancelled'
                               order by recovery_step_rank(s.step) desc limit 1) last on true
            where c.due_date <= @today - {PaymentReminders.FriendlyAfterDays} and (@buildingId::bigint is null or c.building_id = @buildingId)
              and i.paid < i.amount
              and (last.step is null or last.step in ('friendly', 'firm'))
              and not {PausedSql("i.owner_id", "c.building_id")}
              and {BalanceSql("i.owner_id", "c.building_id")} > 0
            order by c.building_id, i.owner_id, c.due_date
            """, new { today, buildingId });
        var due = candidates
            .Select(c => (c, Step: PaymentReminders.NextToSend(Codes.TryParse<ReminderStep>(c.LastStep, out var s) ? s : ReminderStep.None,
                // a cancelled step counts for the wait too: the next letter never follows one within 15 days
                c.LatestSentOn, c.DueDate, today)))
            .Where(x => x.Step != ReminderStep.None)
            .GroupBy(x => (x.c.BuildingId, x.c.OwnerId, x.Step));
        var letters = 0;
        foreach (var group in due)
        {
            var first = group.First().c;
            var items = group.Select(x => (x.c.ItemId, x.c.Owed, Interest: LateInterest.Compute(x.c.Owed, x.c.DueDate, today, first.LateInterestRate, legalRates))).ToList();
            var step = group.Key.Step;
            var fee = PaymentReminders.Fee(step, first.RecoveryFeeFirm, first.RecoveryFeeFormal);
            var rate = first.LateInterestRate ?? LateInterest.LegalRate(today.Year, legalRates);
            await Record(db, null, group.Key.BuildingId, group.Key.OwnerId, step, PaymentReminders.Channel(step, first.HasEmail), today,
                items, rate, fee);
            letters++;
        }
        return letters;
    }

    /// <summary>Writes a letter and its steps (the triggers check the order and the delays).</summary>
    public static async Task<long> Record(Db db, long? userId, long buildingId, long ownerId, ReminderStep step, ReminderChannel channel, DateOnly sentOn,
        IReadOnlyList<(long ItemId, decimal Owed, decimal Interest)> items, decimal? rate, decimal fee, bool prepared = false)
    {
        var letterId = await db.Scalar<long>("""
            insert into recovery_letters (organisation_id, building_id, owner_id, step, channel, sent_on, owed, interest, interest_rate, fee, created_by, prepared_at)
            select organisation_id, id, @ownerId, @step, @channel, @sentOn, @owed, @interest, @rate, @fee, @userId, case when @prepared then now() end
            from buildings where id = @buildingId returning id
            """, new
        {
            buildingId, ownerId, step = step.ToCode(), channel = channel.ToCode(), sentOn, owed = items.Sum(i => i.Owed),
            interest = items.Sum(i => i.Interest), rate, fee, userId, prepared,
        });
        await db.Execute("""
            insert into recovery_steps (item_id, letter_id, step, sent_on, owed, interest)
            select unnest(@itemIds), @letterId, @step, @sentOn, unnest(@owed), unnest(@interest)
            """, new
        {
            itemIds = items.Select(i => i.ItemId).ToArray(), letterId, step = step.ToCode(), sentOn,
            owed = items.Select(i => i.Owed).ToArray(), interest = items.Select(i => i.Interest).ToArray(),
        });
        return letterId;
    }
}

/// <summary>
/// The daily recovery run: records the reminders due today, then prepares them one letter per transaction (the PDF in
/// the owner's language mailed through the outbox; letters for the post and registered letters wait for the syndic to
/// print them), so the arrears page shows the progress and a failure leaves the rest for the next run. Also started
/// by the syndic from the arrears page.
/// </summary>
public sealed class RecoveryJob(Db db, Outbox outbox, PdfRenderer pdf) : IJob
{
    public async ValueTask Execute(IJobExecutionContext context, CancellationToken cancellationToken)
    {
        await db.Begin();
        await Recovery.PlanDue(db, BrusselsTime.Today);
        await db.Commit();
        await PrepareLetters(cancellationToken);
    }

    /// <summary>Prepares every letter recorded and not prepared yet, one per transaction.</summary>
    public async Task PrepareLetters(CancellationToken cancellationToken)
    {
        while (!cancellationToken.IsCancellationRequested)
        {
            await db.Begin();
            var id = await db.QuerySingleOrDefault<long?>("select id from recovery_letters where prepared_at is null order by id limit 1 for update skip locked");
            if (id is null)
            {
                await db.Commit();
                return;
            }
            var letter = (await Recovery.Letters(db, "r.id = @id", new { id }))[0];
            if (letter.Channel == "email")
            {
                var bytes = await pdf.Render("/Pdf/RecoveryLetter.cshtml", letter, letter.OwnerLanguage, letter.Frame, cancellationToken);
                await outbox.Enqueue(db, new MailRequest(letter.OwnerEmail!, letter.OwnerName, letter.OwnerLanguage, MailKinds.Legal, "Reminder", letter)
                {
                    BuildingId = letter.BuildingId, Footer = await MailFooter.Of(db, letter.BuildingId), DedupeKey = $"recovery-letter:{letter.Id}",
                    Attachments = [new MailAttachment(letter.FileName, "application/pdf", bytes)],
                });
            }
            await db.Execute("update recovery_letters set prepared_at = now() where id = @id", new { id });
            await db.Commit();
        }
    }
}
