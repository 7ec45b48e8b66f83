using KoproGo.Domain.Accounting;
using KoproGo.Web.Infrastructure;
using KoproGo.Web.Pages.Accounting;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.AspNetCore.Authorization;

namespace KoproGo.Web.Pages.Budgets;

/// <summary>
/// Budget against actual, per expense account: what the journal shows per quarter (or month), the year to date, the
/// projection to the year's end at the pace so far, and the accounts over budget beyond the building's tolerance.
/// </summary>
[Authorize(Policy = Policies.BuildingReader)]
public sealed class VarianceModel(Db db) : PageModel
{
    public sealed record Row(string Account, string Label, decimal Budgeted, decimal[] Periods, decimal ToDate, decimal Projection, decimal? Variance, bool Over);

    [BindProperty(SupportsGet = true)] public string? By { get; set; }
    public BudgetData.Budget Budget { get; private set; } = null!;
    public AccountingBuilding Building { get; private set; } = null!;
    public IReadOnlyList<Row> Rows { get; private set; } = [];
    public decimal Tolerance { get; private set; }
    public bool Monthly => By == "month";
    public DateOnly Until { get; private set; }

    public async Task<IActionResult> OnGet(long id)
    {
        if (await BudgetData.Find(db, User.Viewer(), id) is not var (budget, building)) return NotFound();
        (Budget, Building) = (budget, building);
        Tolerance = await db.Scalar<decimal>("select budget_tolerance from buildings where id = @BuildingId", budget);
        Rows = await Compute(db, budget, Languages.Current, Tolerance, Monthly);
        var today = BrusselsTime.Today;
        Until = today < budget.Ends ? today : budget.Ends;
        return Page();
    }

    /// <summary>Each account budgeted or spent in the year: budget, actual by period, to date, projection, over or not.</summary>
    public static async Task<IReadOnlyList<Row>> Compute(Db db, BudgetData.Budget budget, string lang, decimal tolerance, bool monthly)
    {
        var lines = await BudgetData.Lines(db, budget.Id, lang);
        var spent = await BudgetData.SpentByMonth(db, budget.BuildingId, budget.Year);
        var labels = (await Chart.All(db, lang, "6%")).ToDictionary(a => a.Code, a => a.Label);
        var today = BrusselsTime.Today;
        return lines.Select(l => l.AccountCode).Concat(spent.Keys).Distinct().Order().Select(account =>
        {
            var budgeted = lines.Where(l => l.AccountCode == account).Sum(l => l.Amount);
            var months = spent.TryGetValue(account, out var m) ? m : new decimal[12];
            var periods = monthly ? months : Enumerable.Range(0, 4).Select(q => months.Skip(q * 3).Take(3).Sum()).ToArray();
            var toDate = months.Sum();
            return new Row(account, labels.GetValueOrDefault(account, ""), budgeted, periods, toDate,
                BudgetRules.Projection(toDate, budget.Starts, budget.Ends, today), BudgetRules.Variance(toDate, budgeted), BudgetRules.IsOver(toDate, budgeted, tolerance));
        }).ToList();
    }
}
