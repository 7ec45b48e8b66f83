using KoproGo.Domain;
using KoproGo.Domain.Accounting;
using KoproGo.Web.Infrastructure;
using KoproGo.Web.Pages.Accounting;
using KoproGo.Web.Pages.Invoices;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.Extensions.Localization;
using Npgsql;
using Quartz;

namespace KoproGo.Web.Pages.Calls;

/// <summary>
/// Calls for funds of a building: provisions for running charges and for the reserve fund (periodic, from the plan the
/// assembly voted), extraordinary calls for works. Issuing one splits it over the owners by its key, gives each a
/// structured communication, posts the sales entry and starts the letters.
/// </summary>
[Authorize(Policy = Policies.BuildingReader)]
public sealed class IndexModel(Db db, IStringLocalizer<SharedResource> l, ISchedulerFactory schedulers) : PageModel
{
    public sealed record Row(long Id, string Title, string Kind, DateOnly IssuedOn, DateOnly DueDate, decimal Total, decimal Paid, long Items, long Sent);

    public sealed class CallInput
    {
        public string? Kind { get; set; } = "working_capital";
        public string? Title { get; set; }
        public string? Total { get; set; }
        public string? IssuedOn { get; set; }
        public string? DueDate { get; set; }
        public string? KeyId { get; set; }
    }

    private sealed record Plan(decimal WorkingCapital, string Frequency);

    [BindProperty] public CallInput Input { get; set; } = new();
    public AccountingBuilding Building { get; private set; } = null!;
    public IReadOnlyList<Row> Calls { get; private set; } = [];
    public IReadOnlyList<(long Id, string Name)> Keys { get; private set; } = [];

    private async Task<bool> Load(long id)
    {
        var building = await AccountingBuilding.Find(db, User.Viewer(), id);
        if (building is null) return false;
        Building = building;
        Calls = await db.Query<Row>("""
            select c.id, c.title, c.kind, c.issued_on, c.due_date, c.total,
                   (select coalesce(sum(p.amount), 0) from payments p join fund_call_items i on i.id = p.item_id where i.call_id = c.id) as paid,
                   (select count(*) from fund_call_items i where i.call_id = c.id) as items,
                   (select count(*) from fund_call_items i where i.call_id = c.id and i.letter_sent_at is not null) as sent
            from fund_calls c where c.building_id = @id order by c.issued_on desc, c.id desc limit 100
            """, new { id });
        Keys = await db.Query<(long, string)>("select id, name from distribution_keys where building_id = @id order by name", new { id });
        if (!Request.HasFormContentType) await Suggest(id);
        return true;
    }

    /// <summary>Pre-fills the next instalment of running charges from the year's plan, if there is one.</summary>
    private async Task Suggest(long id)
    {
        var today = BrusselsTime.Today;
        Input.IssuedOn = today.ToString("yyyy-MM-dd");
        Input.DueDate = today.AddDays(30).ToString("yyyy-MM-dd");
        var plan = await db.QuerySingleOrDefault<Plan>(
            "select working_capital, frequency from provision_plans where building_id = @id and year = @year", new { id, year = today.Year });
        if (plan is Plan p && Codes.TryParse<CallFrequency>(p.Frequency, out var frequency) && p.WorkingCapital > 0)
        {
            var period = Provisions.PeriodOf(today, frequency);
            Input.Total = Provisions.Instalment(p.WorkingCapital, frequency, period).ToString("0.00");
            Input.Title = frequency == CallFrequency.Monthly
                ? $"{l["Provisions"]} {today:MM/yyyy}"
                : $"{l["Provisions"]} T{period} {today.Year}";
        }
    }

    public async Task<IActionResult> OnGet(long id) => await Load(id) ? Page() : NotFound();

    public async Task<IActionResult> OnPost(long id)
    {
        if (!await Load(id)) return NotFound();
        if (!Building.CanEnter) return Forbid();
        var check = new FormCheck(ModelState, l, nameof(Input));
        var kind = Codes.TryParse<CallKind>(Input.Kind, out var k) ? k : (CallKind?)null;
        if (kind is null) check.Error(nameof(Input.Kind), "Choose one of the kinds offered.");
        var title = check.Required(nameof(Input.Title), Input.Title, 200);
        var total = check.Decimal(nameof(Input.Total), Input.Total, 0.01m, 100_000_000m, required: true);
        var issued = check.Date(nameof(Input.IssuedOn), Input.IssuedOn, required: true);
        var due = check.Date(nameof(Input.DueDate), Input.DueDate, required: true);
        if (issued is not null && due is not null && due < issued) check.Error(nameof(Input.DueDate), "The due date cannot be before the date of the call.");
        long? keyId = FormInput.Trimmed(Input.KeyId) is null ? null : long.TryParse(Input.KeyId, out var kid) && Keys.Any(x => x.Id == kid) ? kid : -1;
        if (keyId == -1) check.Error(nameof(Input.KeyId), "Choose a key of the list.");
        if (!ModelState.IsValid) return Page();

        try
        {
            var (callId, orphans) = await FundCalls.Issue(db, User.Viewer().UserId, id, kind!.Value, title!, issued!.Value, due!.Value, total!.Value, keyId);
            if (callId is null)
            {
                await db.Rollback();
                check.Error("", "Lots {0} have no owner on that date: the call cannot be split.", string.Join(", ", orphans));
                return Page();
            }
            await db.CheckDeferredConstraints();
            await AuditLog.Record(db, User.Viewer(), "fund_call", callId, "issued", $"{Building.Name}: {title} ({Ledger.Euros(total.Value)})");
            await db.Commit();
            await (await schedulers.GetScheduler()).TriggerJob(new JobKey(CallLetters.JobKey));
            TempData["Notice"] = "The call is issued: the letters are being prepared.";
            return Redirect($"/calls/{callId}");
        }
        catch (PostgresException e) when (Ledger.YearProblem(e) is { } message)
        {
            await db.Rollback();
            check.Error(nameof(Input.IssuedOn), message);
            return Page();
        }
    }
}
