namespace KoproGo.Domain.Assemblies;

public enum DecisionStatus { Pending, InProgress, Done, Overdue }

/// <summary>The board's follow-up of the assembly's decisions (art. 3.90 §3: the board watches the syndic carry them out).</summary>
public static class DecisionFollowUp
{
    /// <summary>Days before a deadline when the board and the syndic are alerted.</summary>
    public const int AlertDaysBefore = 7;

    /// <summary>The status shown: a decision not done whose deadline has passed is overdue.</summary>
    public static DecisionStatus Shown(DecisionStatus stored, DateOnly? deadline, DateOnly today) =>
        stored != DecisionStatus.Done && deadline is { } d && d < today ? DecisionStatus.Overdue : stored;

    public static bool DueForAlert(DecisionStatus stored, DateOnly? deadline, DateOnly today) =>
        stored != DecisionStatus.Done && deadline is { } d && d >= today && d.DayNumber - today.DayNumber <= AlertDaysBefore;
}
