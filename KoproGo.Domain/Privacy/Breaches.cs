namespace KoproGo.Domain.Privacy;

/// <summary>
/// Where a personal data breach stands. Open while the controller assesses it; then either notified to the
/// authority (the Belgian Data Protection Authority) or recorded as not to be notified, with the reason; closed once
/// dealt with.
/// </summary>
public enum BreachState { Open, Notified, NotNotified, Closed }

/// <summary>The rules of a breach (GDPR art. 33 and 34).</summary>
public static class Breaches
{
    /// <summary>Art. 33 §1: notify the authority "not later than 72 hours after having become aware of it".</summary>
    public static readonly TimeSpan NotificationDelay = TimeSpan.FromHours(72);

    /// <summary>When the syndics are warned that the deadline nears: a day before it.</summary>
    public static readonly TimeSpan WarningBefore = TimeSpan.FromHours(24);

    public static DateTime AuthorityDeadline(DateTime discoveredAtUtc) => discoveredAtUtc + NotificationDelay;

    public static DateTime WarningAt(DateTime discoveredAtUtc) => AuthorityDeadline(discoveredAtUtc) - WarningBefore;

    /// <summary>
    /// Still to be decided past the 72 hours: the notification, when it comes, must give the reasons for the delay
    /// (art. 33 §1).
    /// </summary>
    public static bool IsLate(BreachState state, DateTime discoveredAtUtc, DateTime nowUtc) =>
        state == BreachState.Open && nowUtc > AuthorityDeadline(discoveredAtUtc);

    /// <summary>
    /// Open → notified (with the authority's reference) or not notified (art. 33 §1: "unlikely to result in a risk",
    /// with the reason recorded, art. 33 §5); either → closed. Nothing goes back (PostgreSQL's trigger says the same).
    /// </summary>
    public static bool CanMove(BreachState from, BreachState to) => (from, to) switch
    {
        (BreachState.Open, BreachState.Notified or BreachState.NotNotified) => true,
        (BreachState.Notified or BreachState.NotNotified, BreachState.Closed) => true,
        _ => false,
    };

    public static IEnumerable<BreachState> Choices(BreachState from) => Enum.GetValues<BreachState>().Where(to => CanMove(from, to));
}
