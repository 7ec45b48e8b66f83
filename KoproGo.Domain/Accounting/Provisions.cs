using KoproGo.Domain.Money;

namespace KoproGo.Domain.Accounting;

public enum CallFrequency { Monthly, Quarterly, HalfYearly }

public enum CallKind { WorkingCapital, Reserve, Extraordinary }

/// <summary>
/// Periodic provisions: the yearly amount the assembly voted, called in equal instalments. The instalments are split to
/// the cent by largest remainder, so that the year's calls sum exactly to the voted amount (the first ones carry the
/// extra cents).
/// </summary>
public static class Provisions
{
    public static int PeriodsPerYear(CallFrequency frequency) => frequency switch
    {
        CallFrequency.Monthly => 12,
        CallFrequency.HalfYearly => 2,
        _ => 4,
    };

    /// <summary>The first month (1–12) of a period.</summary>
    public static int FirstMonth(CallFrequency frequency, int period) => (period - 1) * (12 / PeriodsPerYear(frequency)) + 1;

    public static decimal Instalment(decimal yearly, CallFrequency frequency, int period)
    {
        var periods = PeriodsPerYear(frequency);
        if (period < 1 || period > periods) throw new ArgumentOutOfRangeException(nameof(period));
        return Allocation.LargestRemainder(yearly, Enumerable.Repeat(1m, periods).ToArray())[period - 1];
    }

    /// <summary>The period (1-based month or quarter) a date falls in.</summary>
    public static int PeriodOf(DateOnly date, CallFrequency frequency) => (date.Month - 1) / (12 / PeriodsPerYear(frequency)) + 1;

    /// <summary>
    /// The year-end settlement of an owner (décompte annuel): the charges actually borne less the provisions called for
    /// running charges. Positive: the owner owes the difference; negative: it is credited back.
    /// </summary>
    public static decimal Settlement(decimal provisionsCalled, decimal actualCharges) => actualCharges - provisionsCalled;
}
