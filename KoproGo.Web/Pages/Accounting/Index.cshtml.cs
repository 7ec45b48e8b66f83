using Dapper;
using KoproGo.Domain;
using KoproGo.Domain.Accounting;
using KoproGo.Web.Infrastructure;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.Extensions.Localization;
using Npgsql;

namespace KoproGo.Web.Pages.Accounting;

/// <summary>A building's accounts: where the money stands, its financial years, the provisions voted, the reserve check.</summary>
[Authorize(Policy = Policies.BuildingReader)]
public sealed class IndexModel(Db db, IStringLocalizer<SharedResource> l) : PageModel
{
    public sealed record Figures(decimal Bank, decimal OwnersOwe, decimal SuppliersDue, decimal ReserveFund, decimal WorkingCapital);
    public sealed record PlanRow(int Year, decimal WorkingCapital, decimal Reserve, string Frequency, bool ReserveWaived);

    public sealed class YearInput
    {
        public string? StartsOn { get; set; }
        public string? EndsOn { get; set; }
    }

    public sealed class PlanInput
    {
        public string? Year { get; set; }
        public string? WorkingCapital { get; set; }
        public string? Reserve { get; set; }
        public string? Frequency { get; set; } = "quarterly";
        public bool ReserveWaived { get; set; }
    }

    public sealed class ThresholdInput
    {
        public string? Amount { get; set; }
    }

    [BindProperty] public YearInput NewYear { get; set; } = new();
    [BindProperty] public PlanInput Plan { get; set; } = new();
    [BindProperty] public ThresholdInput Threshold { get; set; } = new();

    public AccountingBuilding Building { get; private set; } = null!;
    public IReadOnlyList<AccountingBuilding.Year> Years { get; private set; } = [];
    public IReadOnlyList<PlanRow> Plans { get; private set; } = [];
    public Figures Money { get; private set; } = null!;
    public ReserveCheck? Reserve { get; private set; }

    private async Task<bool> Load(long id)
    {
        // the building and what the page shows, read in one round trip
        var building = await AccountingBuilding.Find(db, User.Viewer(), id, $"""
            {AccountingBuilding.YearsSql};
            select year, working_capital, reserve, frequency, reserve_waived from provision_plans where building_id = @buildingId order by year desc;
            select coalesce(sum(l.debit - l.credit) filter (where l.account_code like '55%'), 0) as bank,
                   coalesce(sum(l.debit - l.credit) filter (where l.account_code = '410'), 0) as owners_owe,
                   coalesce(sum(l.credit - l.debit) filter (where l.account_code = '440'), 0) as suppliers_due,
                   coalesce(sum(l.credit - l.debit) filter (where l.account_code = '101'), 0) as reserve_fund,
                   coalesce(sum(l.credit - l.debit) filter (where l.account_code = '100'), 0) as working_capital
            from journal_lines l join journal_entries e on e.id = l.entry_id where e.building_id = @buildingId;
            {ReserveCheck.Sql}
            """, new { buildingId = id, year = BrusselsTime.Today.Year }, async results =>
        {
            Years = (await results.ReadAsync<AccountingBuilding.Year>()).AsList();
            Plans = (await results.ReadAsync<PlanRow>()).AsList();
            Money = await results.ReadSingleAsync<Figures>();
            Reserve = ReserveCheck.Of(await results.ReadSingleAsync<ReserveCheck>());
        });
        if (building is null) return false;
        Building = building;
        if (!Request.HasFormContentType)
        {
            var (starts, ends) = Years.Count > 0
                ? new FinancialYear(Years[0].StartsOn, Years[0].EndsOn, Years[0].Closed).Next()
                : (new DateOnly(BrusselsTime.Today.Year, 1, 1), new DateOnly(BrusselsTime.Today.Year, 12, 31));
            NewYear.StartsOn = starts.ToString("yyyy-MM-dd");
            NewYear.EndsOn = ends.ToString("yyyy-MM-dd");
            Plan.Year = (Plans.Count > 0 ? Plans[0].Year + 1 : BrusselsTime.Today.Year).ToString();
            Threshold.Amount = Building.BoardApprovalThreshold?.ToString("0.00");
        }
        return true;
    }

    public async Task<IActionResult> OnGet(long id) => await Load(id) ? Page() : NotFound();

    public async Task<IActionResult> OnPostYear(long id)
    {
        if (!await Load(id)) return NotFound();
        if (!Building.CanApprove) return Forbid();
        var check = new FormCheck(ModelState, l, nameof(NewYear));
        var starts = check.Date(nameof(NewYear.StartsOn), NewYear.StartsOn, required: true);
        var ends = check.Date(nameof(NewYear.EndsOn), NewYear.EndsOn, required: true);
        if (starts is not null && ends is not null && !FinancialYear.IsValidPeriod(starts.Value, ends.Value))
            check.Error(nameof(NewYear.EndsOn), "A financial year ends after it starts and lasts less than two years.");
        if (!ModelState.IsValid) return Page();
        try
        {
            await db.Execute("""
                insert into financial_years (organisation_id, building_id, starts_on, ends_on)
                select organisation_id, id, @starts, @ends from buildings where id = @id
                """, new { id, starts, ends });
        }
        catch (PostgresException e) when (e.ConstraintName == "financial_years_no_overlap")
        {
            await db.Rollback();
            check.Error(nameof(NewYear.StartsOn), "These dates overlap another financial year of the building.");
            return Page();
        }
        await AuditLog.Record(db, User.Viewer(), "financial_year", id, "opened", $"{Building.Name}: {starts:yyyy-MM-dd} – {ends:yyyy-MM-dd}");
        TempData["Notice"] = "The financial year is open.";
        return Redirect($"/buildings/{id}/accounting");
    }

    public async Task<IActionResult> OnPostClose(long id, long yearId)
    {
        if (!await Load(id)) return NotFound();
        if (!Building.CanApprove) return Forbid();
        var closed = await db.Execute(
            "update financial_years set closed_at = now(), closed_by = @ViewerUserId where id = @yearId and building_id = @id and closed_at is null",
            User.Viewer().Params(new { yearId, id }));
        if (closed == 0) return NotFound();
        await AuditLog.Record(db, User.Viewer(), "financial_year", yearId, "closed", Building.Name);
        TempData["Notice"] = "The financial year is closed: it takes no more entries.";
        return Redirect($"/buildings/{id}/accounting");
    }

    public async Task<IActionResult> OnPostPlan(long id)
    {
        if (!await Load(id)) return NotFound();
        if (!Building.CanApprove) return Forbid();
        var check = new FormCheck(ModelState, l, nameof(Plan));
        var year = check.Integer(nameof(Plan.Year), Plan.Year, 2000, 2200, required: true);
        var working = check.Decimal(nameof(Plan.WorkingCapital), Plan.WorkingCapital, 0m, 100_000_000m, required: true);
        var reserve = check.Decimal(nameof(Plan.Reserve), Plan.Reserve, 0m, 100_000_000m, required: true);
        var frequency = Codes.TryParse<CallFrequency>(Plan.Frequency, out var f) ? f : (CallFrequency?)null;
        if (frequency is null) check.Error(nameof(Plan.Frequency), "Choose one of the frequencies offered.");
        if (!ModelState.IsValid) return Page();
        await db.Execute("""
            insert into provision_plans (organisation_id, building_id, year, working_capital, reserve, frequency, reserve_waived)
            select organisation_id, id, @year, @working, @reserve, @frequency, @waived from buildings where id = @id
            on conflict (building_id, year) do update set working_capital = excluded.working_capital, reserve = excluded.reserve,
                frequency = excluded.frequency, reserve_waived = excluded.reserve_waived
            """, new { id, year, working, reserve, frequency = Codes.ToCode(frequency!.Value), waived = Plan.ReserveWaived });
        await AuditLog.Record(db, User.Viewer(), "provision_plan", id, "saved", $"{Building.Name} {year}",
            after: new { working, reserve, frequency = Codes.ToCode(frequency.Value), waived = Plan.ReserveWaived });
        TempData["Notice"] = "The provisions of the year are saved.";
        return Redirect($"/buildings/{id}/accounting#provisions");
    }

    public async Task<IActionResult> OnPostThreshold(long id)
    {
        if (!await Load(id)) return NotFound();
        if (!Building.CanApprove) return Forbid();
        var check = new FormCheck(ModelState, l, nameof(Threshold));
        var amount = check.Decimal(nameof(Threshold.Amount), Threshold.Amount, 0m, 100_000_000m, required: false);
        if (!ModelState.IsValid) return Page();
        await db.Execute("update buildings set board_approval_threshold = @amount where id = @id", new { id, amount });
        await AuditLog.Record(db, User.Viewer(), "building", id, "approval_threshold", Building.Name,
            before: new { threshold = Building.BoardApprovalThreshold }, after: new { threshold = amount });
        TempData["Notice"] = "The board's approval threshold is saved.";
        return Redirect($"/buildings/{id}/accounting#threshold");
    }
}
