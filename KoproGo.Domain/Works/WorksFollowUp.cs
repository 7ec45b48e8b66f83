namespace KoproGo.Domain.Works;

/// <summary>
/// The syndic's delays on works the board watches (art. 3.90 §3: the board sees that the syndic carries out the
/// assembly's decisions): quotes asked within 30 days of a decision, voted works started within 60 days.
/// </summary>
public static class WorksFollowUp
{
    public const int QuotesWithinDays = 30, StartWithinDays = 60;

    /// <summary>Works decided on <paramref name="decidedOn"/> without a request for quotes yet, more than 30 days later.</summary>
    public static bool QuotesLate(DateOnly decidedOn, bool quotesRequested, DateOnly today) =>
        !quotesRequested && today.DayNumber - decidedOn.DayNumber > QuotesWithinDays;

    /// <summary>Works voted on <paramref name="decidedOn"/> whose contractor has not started, more than 60 days later.</summary>
    public static bool StartLate(DateOnly decidedOn, bool started, DateOnly today) =>
        !started && today.DayNumber - decidedOn.DayNumber > StartWithinDays;
}
