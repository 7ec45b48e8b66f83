using KoproGo.Domain.Accounting;
using KoproGo.Web.Infrastructure;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace KoproGo.Web.Pages.Accounting;

/// <summary>
/// Trial balance, balance sheet and income statement of a financial year, from the journal. Classes 1 to 5 carry their
/// balance from year to year (balance at the year's end); classes 6 and 7 count the year alone. The balance sheet
/// balances because every entry does: the results of the years make up the difference. Owners read closed years only.
/// </summary>
public sealed class StatementsModel(Db db) : PageModel
{
    public sealed record Row(string Code, int Class, string Kind, string Label, decimal YearDebit, decimal YearCredit, decimal ClosingBalance)
    {
        /// <summary>The balance on its usual side: debit for assets and expenses, credit for the others.</summary>
        public decimal Shown => Kind is "asset" or "expense" ? ClosingBalance : -ClosingBalance;
    }

    [BindProperty(SupportsGet = true)] public long? Year { get; set; }
    public AccountingBuilding Building { get; private set; } = null!;
    public IReadOnlyList<AccountingBuilding.Year> Years { get; private set; } = [];
    public AccountingBuilding.Year? Shown { get; private set; }
    public IReadOnlyList<Row> Rows { get; private set; } = [];

    public IEnumerable<Row> Assets => Rows.Where(r => r.Class <= 5 && r.Kind == "asset" && r.ClosingBalance != 0);
    public IEnumerable<Row> Liabilities => Rows.Where(r => r.Class <= 5 && r.Kind != "asset" && r.ClosingBalance != 0);
    public IEnumerable<Row> Expenses => Rows.Where(r => r.Kind == "expense" && r.ClosingBalance != 0);
    public IEnumerable<Row> Income => Rows.Where(r => r.Kind == "income" && r.ClosingBalance != 0);
    public decimal YearResult => FinancialYear.Result(Income.Sum(r => r.Shown), Expenses.Sum(r => r.Shown));
    /// <summary>The results of the earlier years, not yet carried to an equity account.</summary>
    public decimal EarlierResults { get; private set; }

    public async Task<IActionResult> OnGet(long id)
    {
        var (building, years) = await AccountingBuilding.FindWithYears(db, User.Viewer(), id, owners: true);
        if (building is null) return NotFound();
        Building = building;
        Years = years.Where(y => !building.OwnerOnly || y.Closed).ToList();
        Shown = AccountingBuilding.Pick(Years, Year);
        if (Shown is null) return Page();
        Rows = await db.Query<Row>($"""
            select a.code, a.class::int as class, a.kind, {Chart.LabelSql("a")} as label,
                   coalesce(sum(l.debit) filter (where e.entry_date >= @StartsOn), 0) as year_debit,
                   coalesce(sum(l.credit) filter (where e.entry_date >= @StartsOn), 0) as year_credit,
                   coalesce(sum(l.debit - l.credit) filter (where a.class <= 5 or e.entry_date >= @StartsOn), 0) as closing_balance
            from journal_lines l join journal_entries e on e.id = l.entry_id join chart_accounts a on a.code = l.account_code
            where e.building_id = @id and e.entry_date <= @EndsOn
            group by a.code, a.class, a.kind order by a.code
            """, new { id, Shown.StartsOn, Shown.EndsOn, lang = Languages.Current });
        EarlierResults = await db.Scalar<decimal>("""
            select coalesce(sum(l.credit - l.debit), 0) from journal_lines l join journal_entries e on e.id = l.entry_id
            where e.building_id = @id and e.entry_date < @StartsOn and l.account_code ~ '^[67]'
            """, new { id, Shown.StartsOn });
        return Page();
    }
}
