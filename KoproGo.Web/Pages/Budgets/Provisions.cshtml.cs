using KoproGo.Domain.Accounting;
using KoproGo.Web.Infrastructure;
using KoproGo.Web.Pages.Accounting;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace KoproGo.Web.Pages.Budgets;

/// <summary>
/// What each lot pays of an approved budget: every period's instalment of each part split by its lines' keys to the
/// cent (largest remainder), with the owners of the lot on the first day of the year, and the year's total.
/// </summary>
[Authorize(Policy = Policies.BuildingReader)]
public sealed class ProvisionsModel(Db db) : PageModel
{
    public const int PageSize = 50;

    public sealed record Row(string Lot, string Owners, decimal[] Periods)
    {
        public decimal Year => Periods.Sum();
    }

    [BindProperty(SupportsGet = true, Name = "page")] public int? PageNumber { get; set; }
    public BudgetData.Budget Budget { get; private set; } = null!;
    public AccountingBuilding Building { get; private set; } = null!;
    public IReadOnlyList<Row> Rows { get; private set; } = [];
    public decimal[] Totals { get; private set; } = [];
    public Paging Paging { get; private set; } = null!;
    /// <summary>Lots without an owner on the day: the split waits for them.</summary>
    public IReadOnlyList<string> Orphans { get; private set; } = [];

    public async Task<IActionResult> OnGet(long id)
    {
        if (await BudgetData.Find(db, User.Viewer(), id) is not var (budget, building)) return NotFound();
        (Budget, Building) = (budget, building);
        var lines = await BudgetData.Lines(db, id, Languages.Current);
        var frequency = budget.FrequencyValue;
        var periods = Provisions.PeriodsPerYear(frequency);
        var day = budget.Starts > BrusselsTime.Today ? budget.Starts : BrusselsTime.Today;
        var byLot = new SortedDictionary<string, (HashSet<string> Owners, decimal[] Periods)>(StringComparer.Create(System.Globalization.CultureInfo.InvariantCulture, System.Globalization.CompareOptions.NumericOrdering));
        var orphans = new SortedSet<string>();
        for (var p = 1; p <= periods; p++)
        {
            var amounts = BudgetData.Instalment(lines, BudgetKind.Ordinary, frequency, p).Concat(BudgetData.Instalment(lines, BudgetKind.Extraordinary, frequency, p));
            var (parts, without) = await Invoices.ExpenseSplit.Compute(db, budget.BuildingId, day, amounts.Select(a => (a.Amount, "6", a.KeyId)));
            orphans.UnionWith(without);
            foreach (var part in parts)
            {
                if (!byLot.TryGetValue(part.LotNumber, out var lot)) byLot[part.LotNumber] = lot = (new HashSet<string>(), new decimal[periods]);
                lot.Owners.Add(part.OwnerName);
                lot.Periods[p - 1] += part.Amount;
            }
        }
        Orphans = orphans.ToList();
        var rows = byLot.Select(x => new Row(x.Key, string.Join(", ", x.Value.Owners.Order()), x.Value.Periods)).ToList();
        Totals = Enumerable.Range(0, periods).Select(p => rows.Sum(r => r.Periods[p])).ToArray();
        var page = Paging.Clamp(PageNumber ?? 1);
        Paging = new Paging(page, PageSize, rows.Count, $"/budgets/{id}/provisions", new Dictionary<string, string?>());
        Rows = rows.Skip((page - 1) * PageSize).Take(PageSize).ToList();
        return Page();
    }
}
