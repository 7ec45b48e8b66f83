namespace KoproGo.Domain.Assemblies;

/// <summary>Where a decision of the assembly stands. Overdue is never stored: it is shown when the deadline has passed.</summary>
public enum DecisionStatus { Pending, InProgress, Done, Overdue, Cancelled }

/// <summary>The board's follow-up of the assembly's decisions (art. 3.90 §3: the board watches the syndic carry them out).</summary>
public static class DecisionFollowUp
{
    /// <summary>Days before a deadline when the board and the syndic are alerted.</summary>
    public const int AlertDaysBefore = 7;

    /// <summary>The statuses a decision can be saved with.</summary>
    public static readonly DecisionStatus[] Stored = [DecisionStatus.Pending, DecisionStatus.InProgress, DecisionStatus.Done, DecisionStatus.Cancelled];

    /// <summary>
    /// A decision is carried out step by step: pending → in progress → done; it can be cancelled while pending or in
    /// progress. Done and cancelled are final; nothing goes back (PostgreSQL's trigger on decisions says the same).
    /// Keeping the same status is always allowed (the notes or the deadline change).
    /// </summary>
    public static bool CanMove(DecisionStatus from, DecisionStatus to) => from == to || (from, to) switch
    {
        (DecisionStatus.Pending, DecisionStatus.InProgress) => true,
        (DecisionStatus.InProgress, DecisionStatus.Done) => true,
        (DecisionStatus.Pending or DecisionStatus.InProgress, DecisionStatus.Cancelled) => true,
        _ => false,
    };

    /// <summary>The statuses offered from the current one: itself and where it may go.</summary>
    public static IEnumerable<DecisionStatus> Choices(DecisionStatus from) => Stored.Where(to => CanMove(from, to));

    /// <summary>The status read from its stored code; pending for anything unknown.</summary>
    public static DecisionStatus FromCode(string? code) => Codes.TryParse<DecisionStatus>(code, out var status) ? status : DecisionStatus.Pending;

    /// <summary>Still to be carried out: neither done nor cancelled.</summary>
    public static bool IsOpen(DecisionStatus stored) => stored is DecisionStatus.Pending or DecisionStatus.InProgress;

    /// <summary>The status shown: a decision still open whose deadline has passed is overdue.</summary>
    public static DecisionStatus Shown(DecisionStatus stored, DateOnly? deadline, DateOnly today) =>
        IsOpen(stored) && deadline is { } d && d < today ? DecisionStatus.Overdue : stored;

    public static bool DueForAlert(DecisionStatus stored, DateOnly? deadline, DateOnly today) =>
        IsOpen(stored) && deadline is { } d && d >= today && d.DayNumber - today.DayNumber <= AlertDaysBefore;
}
