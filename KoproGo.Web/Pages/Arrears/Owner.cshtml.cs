using KoproGo.Domain;
using KoproGo.Domain.Accounting;
using KoproGo.Web.Infrastructure;
using KoproGo.Web.Infrastructure.Pdf;
using KoproGo.Web.Pages.Accounting;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.Extensions.Localization;
using Npgsql;

namespace KoproGo.Web.Pages.Arrears;

/// <summary>
/// One owner's arrears in a building: the calls overdue with their age and step, every recovery letter with its
/// figures and PDF, and what the syndic decides: pause the reminders, cancel the latest step, record the registered
/// letter's number, charge the interest and fee, hand the file to the law. Staff and the board read it; the owner reads
/// their own.
/// </summary>
public sealed class OwnerModel(Db db, IStringLocalizer<SharedResource> l, PdfRenderer pdf) : PageModel
{
    public sealed record Pause(long Id, string Reason, DateOnly StartsOn, DateOnly EndsOn);

    public sealed class PauseInput
    {
        public string? Reason { get; set; }
        public string? Until { get; set; }
    }

    public sealed class CancelInput
    {
        public string? CancelReason { get; set; }
    }

    public sealed class TrackingInput
    {
        public string? TrackingNumber { get; set; }
    }

    [BindProperty] public PauseInput Paused { get; set; } = new();
    [BindProperty] public CancelInput Cancel { get; set; } = new();
    [BindProperty] public TrackingInput Tracking { get; set; } = new();
    /// <summary>The letter a tracking-number or cancel form was about, to show its error next to it.</summary>
    [BindProperty] public long? LetterId { get; set; }

    public AccountingBuilding Building { get; private set; } = null!;
    public long OwnerId { get; private set; }
    public string OwnerName { get; private set; } = "";
    public IReadOnlyList<Recovery.OverdueItem> Items { get; private set; } = [];
    public IReadOnlyList<RecoveryLetter> Letters { get; private set; } = [];
    public Pause? ActivePause { get; private set; }
    public decimal Balance { get; private set; }
    public decimal InterestToDate { get; private set; }
    /// <summary>The legal rates and the regulation's rate (null: none), read once per request.</summary>
    private IReadOnlyDictionary<int, decimal> legalRates = new Dictionary<int, decimal>();
    private decimal? regulationRate;

    /// <summary>The interest on each overdue call up to today, at the building's rate or the legal one.</summary>
    private decimal InterestOn(Recovery.OverdueItem i) => LateInterest.Compute(i.Due, i.DueDate, BrusselsTime.Today, regulationRate, legalRates);

    /// <summary>The syndic decides on the file; the accountant records the registered letters' numbers.</summary>
    public bool CanDecide => Building.CanApprove;
    public bool CanEnter => Building.CanEnter;

    /// <summary>The latest letter not cancelled: the one step the syndic may cancel.</summary>
    public RecoveryLetter? Latest => Letters.FirstOrDefault(x => x.Lines.Any(s => s.State == "sent"));

    public bool MayGoToLaw => Items.Count > 0 && Latest is { } last
        && PaymentReminders.MayGoToLaw(last.StepValue, last.SentOn, BrusselsTime.Today)
        && Items.Any(i => i.Step == ReminderStep.FormalNotice);

    private async Task<bool> Load(long id, long ownerId)
    {
        var viewer = User.Viewer();
        if (await AccountingBuilding.Find(db, viewer, id, owners: true) is not { } building) return false;
        if (building.OwnerOnly && viewer.OwnerId != ownerId) return false;
        var name = await db.QuerySingleOrDefault<string>($"""
            select {Labels.PersonNameSql("o")} from owners o
            where o.id = @ownerId and exists (select 1 from lot_ownerships x join lots l on l.id = x.lot_id where x.owner_id = o.id and l.building_id = @id)
            """, new { ownerId, id });
        if (name is null) return false;
        (Building, OwnerId, OwnerName) = (building, ownerId, name);
        var today = BrusselsTime.Today;
        Items = await Recovery.Overdue(db, id, today, ownerId);
        Letters = await Recovery.Letters(db, "r.building_id = @id and r.owner_id = @ownerId", new { id, ownerId });
        ActivePause = await db.QuerySingleOrDefault<Pause>("""
            select id, reason, starts_on, ends_on from recovery_pauses
            where building_id = @id and owner_id = @ownerId and lifted_at is null and ends_on >= @today order by starts_on limit 1
            """, new { id, ownerId, today });
        Balance = await db.Scalar<decimal>($"select {Recovery.BalanceSql("@ownerId", "@id")}", new { id, ownerId });
        legalRates = await Recovery.LegalRates(db);
        regulationRate = await db.Scalar<decimal?>("select late_interest_rate from buildings where id = @id", new { id });
        InterestToDate = Items.Sum(InterestOn);
        return true;
    }

    public async Task<IActionResult> OnGet(long id, long ownerId) => await Load(id, ownerId) ? Page() : NotFound();

    /// <summary>A letter as PDF, in the owner's language, with the figures of the day it was sent.</summary>
    public async Task<IActionResult> OnGetPdf(long id, long ownerId, long letter, CancellationToken cancellationToken)
    {
        if (!await Load(id, ownerId) || Letters.FirstOrDefault(x => x.Id == letter) is not { } found) return NotFound();
        return await pdf.Download("/Pdf/RecoveryLetter.cshtml", found, found.OwnerLanguage, found.Frame, found.FileName, cancellationToken);
    }

    public async Task<IActionResult> OnPostPause(long id, long ownerId)
    {
        if (!await Load(id, ownerId)) return NotFound();
        if (!CanDecide) return Forbid();
        var check = new FormCheck(ModelState, l, nameof(Paused));
        var reason = check.Required(nameof(Paused.Reason), Paused.Reason, 300);
        var until = check.Date(nameof(Paused.Until), Paused.Until, required: true);
        var today = BrusselsTime.Today;
        if (until is not null && until < today) check.Error(nameof(Paused.Until), "The end date cannot be in the past.");
        if (until is not null && until > today.AddYears(2)) check.Error(nameof(Paused.Until), "A pause lasts two years at most.");
        if (ActivePause is not null) check.Error(nameof(Paused.Reason), "The reminders are paused already: lift the pause first.");
        if (!ModelState.IsValid) return Page();
        try
        {
            await db.Execute("""
                insert into recovery_pauses (organisation_id, building_id, owner_id, reason, starts_on, ends_on, created_by)
                select organisation_id, id, @ownerId, @reason, @today, @until, @userId from buildings where id = @id
                """, new { id, ownerId, reason, today, until, userId = User.Viewer().UserId });
        }
        catch (PostgresException e) when (e.ConstraintName == "recovery_pauses_one_at_a_time")
        {
            await db.Rollback();
            check.Error(nameof(Paused.Reason), "The reminders are paused already: lift the pause first.");
            return Page();
        }
        await AuditLog.Record(db, User.Viewer(), "recovery", ownerId, "paused", AuditLog.Says("{0}: reminders paused until {1}", OwnerName, until!.Value.ToString("d")));
        TempData["Notice"] = "The reminders are paused.";
        return Redirect(Here(id, ownerId));
    }

    public async Task<IActionResult> OnPostLift(long id, long ownerId)
    {
        if (!await Load(id, ownerId)) return NotFound();
        if (!CanDecide) return Forbid();
        if (ActivePause is null) return Redirect(Here(id, ownerId));
        await db.Execute("update recovery_pauses set lifted_at = now() where id = @Id", ActivePause);
        await AuditLog.Record(db, User.Viewer(), "recovery", ownerId, "resumed", AuditLog.Says("{0}: reminders resumed", OwnerName));
        TempData["Notice"] = "The reminders go on.";
        return Redirect(Here(id, ownerId));
    }

    /// <summary>Cancels the latest step (sent by mistake, paid in cash): its calls go back to the step before.</summary>
    public async Task<IActionResult> OnPostCancel(long id, long ownerId)
    {
        if (!await Load(id, ownerId)) return NotFound();
        if (!CanDecide) return Forbid();
        if (Latest is not { } latest || latest.Id != LetterId) return Redirect(Here(id, ownerId));
        var check = new FormCheck(ModelState, l, nameof(Cancel));
        var reason = check.Required(nameof(Cancel.CancelReason), Cancel.CancelReason, 300);
        if (!ModelState.IsValid) return Page();
        try
        {
            await db.Execute("update recovery_steps set state = 'cancelled', cancel_reason = @reason where letter_id = @letter and state = 'sent'",
                new { reason, letter = latest.Id });
        }
        catch (PostgresException e) when (e.ConstraintName == "recovery_steps_transition")
        {
            await db.Rollback();
            check.Error(nameof(Cancel.CancelReason), "Only the latest step can be cancelled.");
            return Page();
        }
        await AuditLog.Record(db, User.Viewer(), "recovery", ownerId, "cancelled",
            AuditLog.Says("{0}: {1} of {2} cancelled", OwnerName, latest.Number, latest.SentOn.ToString("d")));
        TempData["Notice"] = "The step is cancelled.";
        return Redirect(Here(id, ownerId));
    }

    public async Task<IActionResult> OnPostTracking(long id, long ownerId)
    {
        if (!await Load(id, ownerId)) return NotFound();
        if (!CanEnter) return Forbid();
        if (Letters.FirstOrDefault(x => x.Id == LetterId && x.Channel == "registered") is not { } letter) return Redirect(Here(id, ownerId));
        var check = new FormCheck(ModelState, l, nameof(Tracking));
        var number = check.Required(nameof(Tracking.TrackingNumber), Tracking.TrackingNumber, 40);
        if (!ModelState.IsValid) return Page();
        await db.Execute("update recovery_letters set tracking_number = @number where id = @Id", new { number, letter.Id });
        await AuditLog.Record(db, User.Viewer(), "recovery", ownerId, "letters_posted", AuditLog.Says("{0}: {1} posted, number {2}", OwnerName, letter.Number, number!));
        TempData["Notice"] = "The registered letter's number is saved.";
        return Redirect(Here(id, ownerId));
    }

    /// <summary>Posts a letter's interest and fee to the owner's account: D 410 the owner / C 751 interest, C 740 fee.</summary>
    public async Task<IActionResult> OnPostCharge(long id, long ownerId)
    {
        if (!await Load(id, ownerId)) return NotFound();
        if (!CanDecide) return Forbid();
        if (Letters.FirstOrDefault(x => x.Id == LetterId && x.ChargedEntryId is null && x.Interest + x.Fee > 0) is not { } letter)
            return Redirect(Here(id, ownerId));
        var description = $"{l["Late interest and recovery costs"]} {letter.Number} — {OwnerName}";
        try
        {
            var lines = new List<PostingLine> { new("410", letter.Interest + letter.Fee, 0m, OwnerId: ownerId) };
            if (letter.Interest > 0) lines.Add(new PostingLine("751", 0m, letter.Interest));
            if (letter.Fee > 0) lines.Add(new PostingLine("740", 0m, letter.Fee));
            var entryId = await Ledger.Post(db, User.Viewer().UserId, id, Journal.Sales, BrusselsTime.Today, description, automatic: true, lines);
            await db.Execute("update recovery_letters set charged_entry_id = @entryId where id = @Id", new { entryId, letter.Id });
            await db.CheckDeferredConstraints();
        }
        catch (PostgresException e) when (Ledger.YearProblem(e) is { } message)
        {
            await db.Rollback();
            ModelState.AddModelError("", l[message]);
            return Page();
        }
        await AuditLog.Record(db, User.Viewer(), "recovery", ownerId, "charged",
            AuditLog.Says("{0}: {1} charged to the account", OwnerName, Ledger.Euros(letter.Interest + letter.Fee)));
        TempData["Notice"] = "The interest and costs are charged to the owner's account.";
        return Redirect(Here(id, ownerId));
    }

    /// <summary>Records that the file goes to a bailiff or the justice of the peace: the last step, decided by the syndic.</summary>
    public async Task<IActionResult> OnPostLaw(long id, long ownerId)
    {
        if (!await Load(id, ownerId)) return NotFound();
        if (!CanDecide) return Forbid();
        if (!MayGoToLaw) return Redirect(Here(id, ownerId));
        var today = BrusselsTime.Today;
        var items = Items.Where(i => i.Step == ReminderStep.FormalNotice)
            .Select(i => (i.ItemId, i.Due, InterestOn(i))).ToList();
        await Recovery.Record(db, User.Viewer().UserId, id, ownerId, ReminderStep.Legal, ReminderChannel.Legal, today, items,
            regulationRate ?? LateInterest.LegalRate(today.Year, legalRates), 0m, prepared: true);
        await AuditLog.Record(db, User.Viewer(), "recovery", ownerId, "to_law", AuditLog.Says("{0}: handed to a bailiff or the justice of the peace", OwnerName));
        TempData["Notice"] = "The file is recorded as handed to a bailiff or the justice of the peace.";
        return Redirect(Here(id, ownerId));
    }

    private static string Here(long id, long ownerId) => $"/buildings/{id}/arrears/{ownerId}";
}
