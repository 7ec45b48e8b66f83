using KoproGo.Domain.Buildings;

namespace KoproGo.Tests.Domain.Buildings;

public class QuotaBalanceTests
{
    [Fact]
    public void Quotas_summing_to_the_total_are_balanced()
    {
        var balance = QuotaBalance.Of(1000, [400, 350, 250]);
        Assert.True(balance.IsBalanced);
        Assert.Equal(0, balance.Unallocated);
    }

    [Fact]
    public void Missing_quotas_are_reported_as_unallocated()
    {
        var balance = QuotaBalance.Of(10_000, [4000, 3000]);
        Assert.False(balance.IsBalanced);
        Assert.False(balance.IsOverAllocated);
        Assert.Equal(3000, balance.Unallocated);
    }

    [Fact]
    public void Quotas_above_the_total_are_over_allocated()
    {
        var balance = QuotaBalance.Of(1000, [600, 401]);
        Assert.True(balance.IsOverAllocated);
        Assert.Equal(1, balance.Difference);
    }

}
