using KoproGo.Domain.Accounting;

namespace KoproGo.Domain.Sales;

/// <summary>
/// The état daté (Civil Code art. 3.94): on the notary's request before the sale of a lot, the syndic states within
/// 15 days what the lot and its owner owe and hold in the association. Its states, deadlines, number, and the
/// settlement of the working capital between seller and buyer after the deed.
/// </summary>
public static class EtatDateRules
{
    public static readonly string[] States = ["requested", "in_progress", "generated", "delivered", "expired", "cancelled"];

    /// <summary>
    /// requested → in progress → generated (the numbered PDF; back to in progress to correct it) → delivered to the notary →
    /// expired 90 days later; a request not delivered yet may be cancelled (the sale fell through). The database's trigger
    /// etat_dates_state_transition allows the same moves.
    /// </summary>
    public static bool MayMove(string from, string to) => (from, to) is
        ("requested", "in_progress") or ("in_progress", "generated") or ("generated", "in_progress") or ("generated", "delivered")
        or ("delivered", "expired") or ("requested", "cancelled") or ("in_progress", "cancelled") or ("generated", "cancelled");

    /// <summary>Art. 3.94: the syndic gives the notary the information asked within fifteen days of the request.</summary>
    public const int LegalDelayDays = 15;

    /// <summary>The syndic is reminded this many days after the request, five days before the deadline.</summary>
    public const int ReminderAfterDays = 10;

    /// <summary>In practice a notary relies on an état daté for 90 days; a later deed needs a new one.</summary>
    public const int ValidDays = 90;

    public static DateOnly DueOn(DateOnly receivedOn) => receivedOn.AddDays(LegalDelayDays);

    public static DateOnly RemindOn(DateOnly receivedOn) => receivedOn.AddDays(ReminderAfterDays);

    public static DateOnly ExpiresOn(DateOnly deliveredOn) => deliveredOn.AddDays(ValidDays);

    /// <summary>Still owed to the notary: not delivered (nor cancelled) yet.</summary>
    public static bool IsOpen(string state) => state is "requested" or "in_progress" or "generated";

    /// <summary>Late: still owed after the fifteenth day.</summary>
    public static bool IsLate(string state, DateOnly receivedOn, DateOnly today) => IsOpen(state) && today > DueOn(receivedOn);

    /// <summary>ED-2027-001: the year it is generated in and its rank among the organisation's états datés of that year.</summary>
    public static string Number(int year, int rank) => $"ED-{year}-{rank:000}";

    /// <summary>
    /// The lots' share of an amount of the building (the working capital, the reserve fund, works, costs): the amount times the
    /// lots' quotas (or weights in the distribution key) over the whole, rounded to the cent half away from zero.
    /// </summary>
    public static decimal LotShare(decimal amount, decimal weight, decimal totalWeight)
    {
        if (totalWeight <= 0 || weight < 0 || weight > totalWeight) throw new ArgumentOutOfRangeException(nameof(weight));
        return Math.Round(amount * weight / totalWeight, 2, MidpointRounding.AwayFromZero);
    }

    /// <summary>The provision period (month, quarter, half-year) a date falls in: its first and last days.</summary>
    public static (DateOnly Starts, DateOnly Ends) PeriodAround(DateOnly date, CallFrequency frequency)
    {
        var starts = new DateOnly(date.Year, Provisions.FirstMonth(frequency, Provisions.PeriodOf(date, frequency)), 1);
        return (starts, starts.AddMonths(12 / Provisions.PeriodsPerYear(frequency)).AddDays(-1));
    }

    /// <summary>
    /// Art. 3.94 (transfer of a lot): the seller is owed the part of their working-capital provisions for the period in which
    /// they no longer enjoy the common parts, from the day of the transfer to the end of the period the provisions were
    /// called for; the buyer, who enjoys them, bears it. The reserve fund stays with the association: nothing of it is
    /// settled. Days counted inclusive, rounded to the cent half away from zero.
    /// </summary>
    public static decimal WorkingCapitalSettlement(decimal calledForPeriod, DateOnly periodStarts, DateOnly periodEnds, DateOnly transferOn)
    {
        if (periodEnds < periodStarts) throw new ArgumentOutOfRangeException(nameof(periodEnds));
        if (transferOn > periodEnds || calledForPeriod <= 0) return 0m;
        if (transferOn <= periodStarts) return calledForPeriod;
        var days = periodEnds.DayNumber - periodStarts.DayNumber + 1;
        var after = periodEnds.DayNumber - transferOn.DayNumber + 1;
        return Math.Round(calledForPeriod * after / days, 2, MidpointRounding.AwayFromZero);
    }
}
