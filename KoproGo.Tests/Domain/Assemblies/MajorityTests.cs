using KoproGo.Domain.Assemblies;

namespace KoproGo.Tests.Domain.Assemblies;

public class MajorityTests
{
    private const long Building = 10_000;

    [Theory]
    [InlineData(501, 499, true)]   // just above half
    [InlineData(500, 500, false)]  // exactly half is not more than half
    [InlineData(499, 501, false)]
    [InlineData(1, 0, true)]       // a single vote cast, in favour
    [InlineData(0, 0, false)]      // nothing cast: nothing adopted
    public void Absolute_majority_is_more_than_half_of_the_votes_cast(long @for, long against, bool adopted) =>
        Assert.Equal(adopted, Majority.IsAdopted(MajorityKind.Absolute, @for, against, Building));

    [Theory]
    [InlineData(2000, 1000, true)]  // exactly two thirds meets it
    [InlineData(2001, 1000, true)]
    [InlineData(1999, 1000, false)]
    public void Two_thirds_is_met_when_reached_exactly(long @for, long against, bool adopted) =>
        Assert.Equal(adopted, Majority.IsAdopted(MajorityKind.TwoThirds, @for, against, Building));

    [Theory]
    [InlineData(4000, 1000, true)]  // exactly four fifths
    [InlineData(4001, 1000, true)]
    [InlineData(3999, 1000, false)]
    public void Four_fifths_is_met_when_reached_exactly(long @for, long against, bool adopted) =>
        Assert.Equal(adopted, Majority.IsAdopted(MajorityKind.FourFifths, @for, against, Building));

    [Fact]
    public void Abstentions_are_not_votes_cast()
    {
        // 3,000 for, 1,000 against, 5,000 abstaining: 3/4 of the votes cast, adopted at 2/3 though a minority of those present.
        Assert.True(Majority.IsAdopted(MajorityKind.TwoThirds, 3000, 1000, Building));
        Assert.False(Majority.IsAdopted(MajorityKind.FourFifths, 3000, 1000, Building));
    }

    [Fact]
    public void Unanimity_counts_every_vote_of_the_building_so_one_absent_owner_prevents_it()
    {
        Assert.True(Majority.IsAdopted(MajorityKind.Unanimity, Building, 0, Building));
        Assert.False(Majority.IsAdopted(MajorityKind.Unanimity, Building - 25, 0, Building));
    }

    [Fact]
    public void A_resolution_can_still_pass_while_the_missing_votes_could_carry_it()
    {
        Assert.True(Majority.CanStillBeAdopted(MajorityKind.TwoThirds, 1000, 1000, 1000, Building));
        Assert.False(Majority.CanStillBeAdopted(MajorityKind.TwoThirds, 1000, 1000, 999, Building));
    }
}
