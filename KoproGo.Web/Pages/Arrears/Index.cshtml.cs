using KoproGo.Domain.Accounting;
using KoproGo.Web.Infrastructure;
using KoproGo.Web.Pages.Accounting;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Quartz;

namespace KoproGo.Web.Pages.Arrears;

/// <summary>
/// The arrears of a building: each owner's overdue calls by age (0–30, 31–60, 61–90, over 90 days), the step reached,
/// the last letter, a pause; the totals; the letters being prepared and those to post. Staff and the board (which
/// watches the syndic) read it; the syndic and the accountant start the day's reminders by hand.
/// </summary>
[Authorize(Policy = Policies.BuildingReader)]
public sealed class IndexModel(Db db, ISchedulerFactory schedulers) : PageModel
{
    public const int PageSize = 50;

    public sealed record Row(long OwnerId, string OwnerName, decimal Total, decimal[] ByAge, ReminderStep Step, DateOnly? LastLetterOn, DateOnly? PausedUntil);

    [BindProperty(SupportsGet = true, Name = "page")] public int? PageNumber { get; set; }
    public AccountingBuilding Building { get; private set; } = null!;
    public IReadOnlyList<Row> Rows { get; private set; } = [];
    public int Owners { get; private set; }
    public decimal Total { get; private set; }
    public decimal[] TotalByAge { get; private set; } = new decimal[4];
    public Paging Paging { get; private set; } = null!;
    /// <summary>Letters recorded and not yet prepared, and letters of the last 30 days to print (post, registered without number).</summary>
    public int Preparing { get; private set; }
    public int PreparedToday { get; private set; }
    public IReadOnlyList<RecoveryLetter> ToPrint { get; private set; } = [];

    private async Task<bool> Load(long id)
    {
        if (await AccountingBuilding.Find(db, User.Viewer(), id) is not { } building) return false;
        Building = building;
        var today = BrusselsTime.Today;
        var items = await Recovery.Overdue(db, id, today);
        var rows = items.GroupBy(i => (i.OwnerId, i.OwnerName)).Select(g =>
        {
            var byAge = new decimal[4];
            foreach (var i in g) byAge[(int)i.Age] += i.Due;
            return new Row(g.Key.OwnerId, g.Key.OwnerName, g.Sum(i => i.Due), byAge, g.Max(i => i.Step), g.First().LastLetterOn, g.First().PausedUntil);
        }).OrderByDescending(r => r.Total).ThenBy(r => r.OwnerName).ToList();
        Owners = rows.Count;
        Total = rows.Sum(r => r.Total);
        for (var a = 0; a < 4; a++) TotalByAge[a] = rows.Sum(r => r.ByAge[a]);
        var page = Paging.Clamp(PageNumber ?? 1);
        Paging = new Paging(page, PageSize, rows.Count, $"/buildings/{id}/arrears", new Dictionary<string, string?>());
        Rows = rows.Skip((page - 1) * PageSize).Take(PageSize).ToList();
        (Preparing, PreparedToday) = await db.QuerySingle<(int, int)>("""
            select count(*) filter (where prepared_at is null)::int, count(*) filter (where prepared_at is not null and sent_on = @today)::int
            from recovery_letters where building_id = @id and (prepared_at is null or sent_on = @today)
            """, new { id, today });
        ToPrint = await Recovery.Letters(db, """
            r.building_id = @id and r.prepared_at is not null and r.sent_on >= @since
            and (r.channel = 'post' or (r.channel = 'registered' and r.tracking_number is null))
            and exists (select 1 from recovery_steps s where s.letter_id = r.id and s.state = 'sent')
            """, new { id, since = today.AddDays(-30) });
        return true;
    }

    public async Task<IActionResult> OnGet(long id) => await Load(id) ? Page() : NotFound();

    /// <summary>The progress panel alone, for htmx to refresh while letters are prepared.</summary>
    public string ProgressFingerprint => HtmxAnswers.Fingerprint(new { Preparing, PreparedToday });

    public async Task<IActionResult> OnGetProgress(long id) => await Load(id) ? this.Panel("_Progress", ProgressFingerprint) : NotFound();

    /// <summary>Records the reminders due today for this building and starts preparing them (the daily job does the same for all).</summary>
    public async Task<IActionResult> OnPostRun(long id)
    {
        if (!await Load(id)) return NotFound();
        if (!Building.CanEnter) return Forbid();
        var letters = await Recovery.PlanDue(db, BrusselsTime.Today, id);
        await AuditLog.Record(db, User.Viewer(), "recovery", id, "run_now", AuditLog.Says("{0}: {1} reminders recorded", Building.Name, letters));
        await db.Commit();
        if (letters > 0) await (await schedulers.GetScheduler()).TriggerJob(new JobKey(Recovery.JobKey));
        TempData["Notice"] = letters > 0 ? "The reminders due today are recorded: the letters are being prepared." : "No reminder is due today.";
        return Redirect($"/buildings/{id}/arrears");
    }
}
