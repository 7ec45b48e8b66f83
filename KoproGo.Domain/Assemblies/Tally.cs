namespace KoproGo.Domain.Assemblies;

public enum Choice { For, Against, Abstain }

/// <summary>
/// One member's vote on a resolution: their votes (quotas), their choice, and who cast it — the member in person, or
/// the holder of their proxy. The vote cap applies to each person casting votes.
/// </summary>
public readonly record struct Ballot(string CastBy, long Votes, Choice Choice);

/// <summary>A resolution's count after the vote cap: what was counted, what was set aside, and the outcome.</summary>
public sealed record TallyResult(long For, long Against, long Abstain, long SetAside, bool Adopted, bool CanStillBeAdopted);

/// <summary>
/// Counts a resolution (art. 3.87 §6 and 3.88): each person casting votes is capped at the votes of all the other
/// members present or represented, the excess set aside; then the majority is applied to the votes cast, abstentions
/// apart. When one person's capped votes went different ways (proxies with different instructions), the cap reduces
/// each way in proportion, to the whole vote (largest remainder), so nothing counted is invented.
/// Unanimity asks whether every owner of the building agrees, so it is judged on the votes before the cap.
/// </summary>
public static class Tally
{
    /// <param name="votesPresent">Votes of every member present or represented, voted or not.</param>
    /// <param name="buildingVotes">Votes of every owner of the building, for unanimity.</param>
    public static TallyResult Count(MajorityKind majority, IEnumerable<Ballot> ballots, long votesPresent, long buildingVotes)
    {
        long votesFor = 0, against = 0, abstain = 0, setAside = 0, given = 0, forBeforeCap = 0, againstBeforeCap = 0;
        foreach (var caster in ballots.GroupBy(b => b.CastBy))
        {
            var held = caster.Sum(b => b.Votes);
            given += held;
            var capped = VoteCap.Apply(held, votesPresent);
            setAside += capped.SetAside;
            var byChoice = new long[3];
            foreach (var b in caster) byChoice[(int)b.Choice] += b.Votes;
            forBeforeCap += byChoice[0];
            againstBeforeCap += byChoice[1];
            var counted = capped.SetAside == 0 ? byChoice : Shares(capped.Counted, byChoice);
            votesFor += counted[0];
            against += counted[1];
            abstain += counted[2];
        }
        var notYetGiven = Math.Max(0, votesPresent - given);
        var (judgedFor, judgedAgainst) = majority == MajorityKind.Unanimity ? (forBeforeCap, againstBeforeCap) : (votesFor, against);
        return new TallyResult(votesFor, against, abstain, setAside,
            Majority.IsAdopted(majority, judgedFor, judgedAgainst, buildingVotes),
            Majority.CanStillBeAdopted(majority, judgedFor, judgedAgainst, notYetGiven, buildingVotes));
    }

    /// <summary>Splits <paramref name="total"/> whole votes in proportion to <paramref name="weights"/>; ties to the earlier choice.</summary>
    private static long[] Shares(long total, long[] weights)
    {
        var sum = weights.Sum();
        var parts = weights.Select(w => total * w / sum).ToArray();
        var order = Enumerable.Range(0, weights.Length).OrderByDescending(i => total * weights[i] % sum).ThenBy(i => i).ToArray();
        for (var k = 0; k < total - parts.Sum(); k++) parts[order[k]]++;
        return parts;
    }
}
