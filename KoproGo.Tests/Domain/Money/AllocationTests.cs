using KoproGo.Domain.Money;

namespace KoproGo.Tests.Domain.Money;

public class AllocationTests
{
    [Fact]
    public void Thirds_of_a_hundred_euros_sum_to_the_cent()
    {
        var parts = Allocation.LargestRemainder(100.00m, [1, 1, 1]);
        Assert.Equal([33.34m, 33.33m, 33.33m], parts);
        Assert.Equal(100.00m, parts.Sum());
    }

    [Fact]
    public void The_leftover_cent_goes_to_the_largest_remainder_not_the_first_part()
    {
        // 10.00 over 1:2:3 gives 1.6666…, 3.3333…, 5.0000: the cent left over goes to the first (remainder .66), not the second.
        var parts = Allocation.LargestRemainder(10.00m, [1, 2, 3]);
        Assert.Equal([1.67m, 3.33m, 5.00m], parts);
    }

    [Theory]
    [InlineData(1000.00)]
    [InlineData(333.33)]
    [InlineData(0.01)]
    [InlineData(-250.05)]
    public void Quotas_of_a_building_always_receive_the_whole_amount(decimal total)
    {
        int[] quotas = [137, 92, 88, 88, 121, 45, 45, 45, 210, 129];
        var parts = Allocation.LargestRemainder(total, quotas.Select(q => (decimal)q).ToList());
        Assert.Equal(total, parts.Sum());
        Assert.All(parts, p => Assert.Equal(decimal.Round(p, 2), p));
    }

    [Fact]
    public void A_total_with_fractions_of_a_cent_is_refused() =>
        Assert.Throws<ArgumentException>(() => Allocation.LargestRemainder(1.005m, [1, 1]));
}
