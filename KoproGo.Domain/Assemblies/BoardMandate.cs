namespace KoproGo.Domain.Assemblies;

/// <summary>
/// A board member's mandate. Art. 3.90 §1 Code civil: the assembly appoints the members of the board for one year,
/// renewable; a renewal is a new mandate voted again. The end date is the first day the member no longer sits.
/// </summary>
public static class BoardMandate
{
    /// <summary>The last end date allowed: one year after the start (29 February → 28 February, as PostgreSQL counts).</summary>
    public static DateOnly LatestEnd(DateOnly from) => from.AddYears(1);

    public static bool IsValid(DateOnly from, DateOnly to) => to > from && to <= LatestEnd(from);
}
