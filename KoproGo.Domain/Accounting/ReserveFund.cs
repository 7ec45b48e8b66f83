namespace KoproGo.Domain.Accounting;

/// <summary>
/// The reserve fund (art. 3.86 §3): each year at least 5% of the previous year's ordinary charges, unless the general
/// assembly waived it by a four-fifths majority.
/// </summary>
public static class ReserveFund
{
    public const decimal MinimumShare = 0.05m;

    /// <summary>The least the yearly contribution may be, rounded up to the cent so that it is never short.</summary>
    public static decimal MinimumContribution(decimal previousYearOrdinaryCharges) =>
        previousYearOrdinaryCharges <= 0 ? 0m : Math.Ceiling(previousYearOrdinaryCharges * MinimumShare * 100m) / 100m;

    public static bool IsSufficient(decimal yearlyContribution, decimal previousYearOrdinaryCharges, bool waivedByAssembly) =>
        waivedByAssembly || yearlyContribution >= MinimumContribution(previousYearOrdinaryCharges);
}
