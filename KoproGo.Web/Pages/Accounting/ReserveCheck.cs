using KoproGo.Domain.Accounting;

namespace KoproGo.Web.Pages.Accounting;

/// <summary>
/// Whether a year's planned reserve contribution meets art. 3.86 §3: at least 5% of the previous year's ordinary
/// charges (the class 6 expenses posted that calendar year, works decided by the assembly — 618 — excepted).
/// </summary>
public sealed record ReserveCheck(int Year, decimal PreviousCharges, decimal? Planned, bool Waived)
{
    public const string ExtraordinaryWorksAccount = "618";

    public decimal Minimum => ReserveFund.MinimumContribution(PreviousCharges);
    public bool Sufficient => ReserveFund.IsSufficient(Planned ?? 0m, PreviousCharges, Waived);

    /// <summary>
    /// SQL of the check for the building @buildingId and the year @year, in one statement that the building's page and the
    /// accounts send with their other reads: last year's ordinary charges and this year's plan, if any.
    /// </summary>
    public static readonly string Sql = $"""
        select @year as year,
               (select coalesce(sum(l.debit - l.credit), 0) from journal_lines l join journal_entries e on e.id = l.entry_id
                where e.building_id = @buildingId and l.account_code like '6%' and l.account_code <> '{ExtraordinaryWorksAccount}'
                  and e.entry_date >= make_date(@year - 1, 1, 1) and e.entry_date < make_date(@year, 1, 1)) as previous_charges,
               p.reserve as planned, coalesce(p.reserve_waived, false) as waived
        from (select) one left join provision_plans p on p.building_id = @buildingId and p.year = @year
        """;

    /// <summary>The check as read by <see cref="Sql"/>; null when there is nothing to check: no charges posted the year before.</summary>
    public static ReserveCheck? Of(ReserveCheck read) => read.PreviousCharges > 0 ? read : null;
}
