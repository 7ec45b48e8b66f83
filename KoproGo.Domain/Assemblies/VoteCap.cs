namespace KoproGo.Domain.Assemblies;

/// <summary>
/// The vote cap (art. 3.87 §6): nobody takes part in a vote, in person or as proxy holder, for more votes than the
/// sum of the votes of all the other owners present or represented. The excess is set aside, and shown.
/// </summary>
public static class VoteCap
{
    public readonly record struct Capped(long Counted, long SetAside);

    /// <param name="votesHeld">The votes one person casts (own lots and proxies).</param>
    /// <param name="votesOfAllPresent">Votes of everyone present or represented, this person included.</param>
    public static Capped Apply(long votesHeld, long votesOfAllPresent)
    {
        if (votesHeld < 0 || votesHeld > votesOfAllPresent) throw new ArgumentOutOfRangeException(nameof(votesHeld));
        var others = votesOfAllPresent - votesHeld;
        var counted = Math.Min(votesHeld, others);
        return new Capped(counted, votesHeld - counted);
    }
}
