namespace KoproGo.Domain.Assemblies;

/// <summary>The majority a resolution needs (Code civil art. 3.88).</summary>
public enum MajorityKind
{
    /// <summary>More than half of the votes cast: the default for every decision.</summary>
    Absolute,
    /// <summary>Two thirds of the votes cast: statutes on the use of common parts, works on common parts, …</summary>
    TwoThirds,
    /// <summary>Four fifths of the votes cast: other statutes incl. the distribution of charges, waiving the reserve fund, …</summary>
    FourFifths,
    /// <summary>All the votes of the building, not only of those present: changing the shares of co-ownership, …</summary>
    Unanimity,
}

/// <summary>
/// Whether a resolution is adopted. Art. 3.88: majorities are computed on the votes of owners present or represented;
/// abstentions, blank and void votes are not votes cast. Reaching a fraction exactly meets it ("à la majorité des deux
/// tiers des voix"). Unanimity counts every vote of the building, so an absent owner prevents it.
/// Votes are the quotas of the lots (after the vote cap of art. 3.87 §6).
/// </summary>
public static class Majority
{
    public static bool IsAdopted(MajorityKind kind, long votesFor, long votesAgainst, long buildingVotes)
    {
        if (votesFor < 0 || votesAgainst < 0) throw new ArgumentOutOfRangeException(nameof(votesFor), "votes cannot be negative");
        var cast = votesFor + votesAgainst;
        return kind switch
        {
            MajorityKind.Absolute => cast > 0 && votesFor * 2 > cast,
            MajorityKind.TwoThirds => cast > 0 && votesFor * 3 >= cast * 2,
            MajorityKind.FourFifths => cast > 0 && votesFor * 5 >= cast * 4,
            MajorityKind.Unanimity => buildingVotes > 0 && votesFor == buildingVotes,
            _ => throw new ArgumentOutOfRangeException(nameof(kind)),
        };
    }

    /// <summary>
    /// Whether the resolution can still be adopted while the vote is open: if every vote not yet given went in favour.
    /// For the live assembly screen.
    /// </summary>
    public static bool CanStillBeAdopted(MajorityKind kind, long votesFor, long votesAgainst, long votesNotYetGiven, long buildingVotes) =>
        IsAdopted(kind, votesFor + votesNotYetGiven, votesAgainst, buildingVotes);
}
