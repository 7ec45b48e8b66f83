using KoproGo.Domain.Accounting;
using KoproGo.Web.Infrastructure;

namespace KoproGo.Web.Pages.Accounting;

/// <summary>
/// Whether a year's planned reserve contribution meets art. 3.86 §3: at least 5% of the previous year's ordinary
/// charges (the class 6 expenses posted that calendar year, works decided by the assembly — 618 — excepted).
/// </summary>
public sealed record ReserveCheck(int Year, decimal PreviousCharges, decimal? Planned, bool Waived)
{
    public const string ExtraordinaryWorksAccount = "618";

    private sealed record Plan(decimal Reserve, bool ReserveWaived);

    public decimal Minimum => ReserveFund.MinimumContribution(PreviousCharges);
    public bool Sufficient => ReserveFund.IsSufficient(Planned ?? 0m, PreviousCharges, Waived);

    /// <summary>Null when there is nothing to check: no charges posted the year before.</summary>
    public static async Task<ReserveCheck?> For(Db db, long buildingId, int year)
    {
        var charges = await db.Scalar<decimal>("""
            select coalesce(sum(l.debit - l.credit), 0) from journal_lines l join journal_entries e on e.id = l.entry_id
            where e.building_id = @buildingId and l.account_code like '6%' and l.account_code <> @works
              and e.entry_date >= make_date(@year - 1, 1, 1) and e.entry_date < make_date(@year, 1, 1)
            """, new { buildingId, year, works = ExtraordinaryWorksAccount });
        if (charges <= 0) return null;
        var plan = await db.QuerySingleOrDefault<Plan>(
            "select reserve, reserve_waived from provision_plans where building_id = @buildingId and year = @year", new { buildingId, year });
        return new ReserveCheck(year, charges, plan?.Reserve, plan?.ReserveWaived ?? false);
    }
}
