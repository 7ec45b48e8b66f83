namespace KoproGo.Domain.Works;

/// <summary>
/// Problem reports: what someone of the building reports (a leak, a lift stuck, a door that no longer locks) and how the
/// syndic, who must take the conservatory measures (Civil Code art. 3.89 §5 2°), follows it up. The database's trigger
/// problem_reports_state_transition allows the same moves as <see cref="CanMove"/>.
/// </summary>
public static class ProblemReports
{
    public static readonly IReadOnlyList<string> Categories =
        ["water_leak", "heating", "lift", "electricity", "doors_and_locks", "cleaning", "green_areas", "noise_and_neighbours", "other"];

    /// <summary>From the least to the most urgent.</summary>
    public static readonly IReadOnlyList<string> Urgencies = ["low", "normal", "high", "emergency"];

    public static readonly IReadOnlyList<string> States = ["open", "in_progress", "resolved", "closed", "cancelled"];

    /// <summary>
    /// open → in progress → resolved → closed; a resolved report reopens when the problem comes back; an open or
    /// in-progress report can be cancelled (with a reason). Closed and cancelled are final.
    /// </summary>
    public static bool CanMove(string from, string to) => (from, to) is
        ("open", "in_progress") or ("in_progress", "resolved") or ("resolved", "closed") or ("resolved", "open")
        or ("open", "cancelled") or ("in_progress", "cancelled");

    /// <summary>The states a report can move to from <paramref name="from"/>, in the order they are offered.</summary>
    public static IReadOnlyList<string> Choices(string from) => States.Where(to => CanMove(from, to)).ToList();

    /// <summary>Whether the move needs a reason written (a cancellation does).</summary>
    public static bool NeedsReason(string to) => to == "cancelled";

    /// <summary>
    /// How long a report may wait to be taken in hand when its building set nothing: an emergency (water pouring,
    /// someone stuck in the lift) 4 hours, high 2 days, normal a week, low a month.
    /// </summary>
    public static TimeSpan DefaultDelay(string urgency) => urgency switch
    {
        "emergency" => TimeSpan.FromHours(4),
        "high" => TimeSpan.FromDays(2),
        "normal" => TimeSpan.FromDays(7),
        "low" => TimeSpan.FromDays(30),
        _ => throw new ArgumentOutOfRangeException(nameof(urgency), urgency, "not an urgency"),
    };

    /// <summary>Overdue: still open (never taken in hand, or reopened) longer than its delay.</summary>
    public static bool IsOverdue(string state, DateTimeOffset waitingSince, TimeSpan delay, DateTimeOffset now) =>
        state == "open" && now - waitingSince > delay;

    /// <summary>A report about a private lot stays between its reporter, the syndic and the board: only a common part's may be shown to the building.</summary>
    public static bool MayBeShownToBuilding(long? lotId) => lotId is null;

    /// <summary>An emergency is mailed to the syndic at once, whatever their notification settings.</summary>
    public static bool MailsSyndicAtOnce(string urgency) => urgency == "emergency";

    /// <summary>Photos per report, and the longest side a photo keeps once re-encoded.</summary>
    public const int MaxPhotos = 5, PhotoMaxSide = 1600;
}
