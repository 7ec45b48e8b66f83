using KoproGo.Domain.Assemblies;

namespace KoproGo.Tests.Domain.Assemblies;

public class ProxyAndCapTests
{
    private const long Building = 10_000;

    [Fact]
    public void Nobody_gives_a_proxy_to_themself_and_the_syndic_never_holds_one()
    {
        Assert.Equal(ProxyRefusal.ToOneself, Proxies.Check(giverIsHolder: true, holderIsSyndic: false, 0, 500, Building));
        Assert.Equal(ProxyRefusal.ToTheSyndic, Proxies.Check(giverIsHolder: false, holderIsSyndic: true, 0, 500, Building));
    }

    [Theory]
    [InlineData(2, 3000, ProxyRefusal.None)]      // a third proxy is always allowed
    [InlineData(3, 1000, ProxyRefusal.None)]      // a fourth, within 10% of the building's votes (exactly 10%)
    [InlineData(3, 1001, ProxyRefusal.TooMany)]   // a fourth, just over 10%
    [InlineData(5, 900, ProxyRefusal.None)]       // a sixth, still within 10%
    public void Three_proxies_at_most_unless_the_holder_stays_within_ten_percent(int alreadyHeld, long votesWithThis, ProxyRefusal expected) =>
        Assert.Equal(expected, Proxies.Check(giverIsHolder: false, holderIsSyndic: false, alreadyHeld, votesWithThis, Building));

    [Fact]
    public void Nobody_votes_for_more_than_all_the_other_owners_present()
    {
        // 6,000 of the 9,000 votes present: the others hold 3,000, so 3,000 count and 3,000 are set aside.
        Assert.Equal(new VoteCap.Capped(3000, 3000), VoteCap.Apply(6000, 9000));
        // Exactly half: nothing set aside.
        Assert.Equal(new VoteCap.Capped(4500, 0), VoteCap.Apply(4500, 9000));
        Assert.Equal(new VoteCap.Capped(1200, 0), VoteCap.Apply(1200, 9000));
    }
}
