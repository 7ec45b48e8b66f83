using KoproGo.Web.Infrastructure;
using KoproGo.Web.Pages.Accounting;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.Extensions.Localization;
using Npgsql;

namespace KoproGo.Web.Pages.Budgets;

/// <summary>A building's budgets, one per year; a new one starts from the latest one's lines.</summary>
[Authorize(Policy = Policies.BuildingReader)]
public sealed class IndexModel(Db db, IStringLocalizer<SharedResource> l) : PageModel
{
    public sealed record Row(long Id, int Year, string State, decimal Ordinary, decimal Extraordinary, DateOnly? DecidedOn);

    [BindProperty] public string? Year { get; set; }
    public AccountingBuilding Building { get; private set; } = null!;
    public IReadOnlyList<Row> Rows { get; private set; } = [];

    private async Task<bool> Load(long id)
    {
        if (await AccountingBuilding.Find(db, User.Viewer(), id) is not { } building) return false;
        Building = building;
        Rows = await db.Query<Row>("""
            select b.id, b.year, b.state,
                   coalesce((select sum(amount) from budget_lines where budget_id = b.id and kind = 'ordinary'), 0) as ordinary,
                   coalesce((select sum(amount) from budget_lines where budget_id = b.id and kind = 'extraordinary'), 0) as extraordinary,
                   b.decided_on
            from budgets b where b.building_id = @id order by b.year desc
            """, new { id });
        return true;
    }

    public async Task<IActionResult> OnGet(long id)
    {
        if (!await Load(id)) return NotFound();
        Year = (Rows.Count == 0 ? BrusselsTime.Today.Year : Rows.Max(r => r.Year) + 1).ToString();
        return Page();
    }

    public async Task<IActionResult> OnPost(long id)
    {
        if (!await Load(id)) return NotFound();
        if (!Building.CanApprove) return Forbid();
        var check = new FormCheck(ModelState, l, "");
        var year = check.Integer(nameof(Year), Year, 2000, 2200, required: true);
        if (year is int y && Rows.Any(r => r.Year == y)) check.Error(nameof(Year), "A budget for {0} exists already.", y);
        if (!ModelState.IsValid) return Page();
        long budgetId;
        try
        {
            budgetId = await db.Scalar<long>("""
                insert into budgets (organisation_id, building_id, year, frequency, created_by)
                select organisation_id, id, @year,
                       coalesce((select frequency from budgets where building_id = @id order by year desc limit 1),
                                (select frequency from provision_plans where building_id = @id order by year desc limit 1), 'quarterly'),
                       @userId
                from buildings where id = @id returning id
                """, new { id, year, userId = User.Viewer().UserId });
        }
        catch (PostgresException e) when (e.ConstraintName == "budgets_one_per_year")
        {
            await db.Rollback();
            check.Error(nameof(Year), "A budget for {0} exists already.", year!.Value);
            return Page();
        }
        // the latest budget's lines as a start: the syndic adjusts them
        await db.Execute("""
            insert into budget_lines (budget_id, kind, account_code, key_id, amount)
            select @budgetId, kind, account_code, key_id, amount from budget_lines
            where budget_id = (select id from budgets where building_id = @id and year < @year order by year desc limit 1)
            """, new { budgetId, id, year });
        await AuditLog.Record(db, User.Viewer(), "budget", budgetId, "created", AuditLog.Says("{0}: budget {1}", Building.Name, year!.Value));
        return Redirect($"/budgets/{budgetId}");
    }
}
