using KoproGo.Domain.Assemblies;

namespace KoproGo.Tests.Domain.Assemblies;

public class DelayTests
{
    private static readonly DateOnly Meeting = new(2027, 3, 18);

    [Theory]
    [InlineData("2027-03-03", true)]   // exactly 15 days before
    [InlineData("2027-03-04", false)]  // 14 days
    [InlineData("2027-02-20", true)]
    public void The_convocation_goes_out_at_least_fifteen_days_before(string sent, bool inTime) =>
        Assert.Equal(inTime, Delays.ConvocationInTime(DateOnly.Parse(sent), Meeting));

    [Fact]
    public void A_regulation_may_ask_for_a_longer_delay()
    {
        Assert.False(Delays.ConvocationInTime(new(2027, 3, 3), Meeting, regulationDays: 21));
        Assert.Equal(new DateOnly(2027, 2, 25), Delays.LatestConvocation(Meeting, regulationDays: 21));
    }

    [Fact]
    public void Second_assembly_and_minutes_dates()
    {
        Assert.Equal(new DateOnly(2027, 4, 2), Delays.EarliestSecondAssembly(Meeting));
        Assert.Equal(new DateOnly(2027, 4, 17), Delays.MinutesDue(Meeting));
    }

    [Theory]
    [InlineData(2000, true)]   // exactly one fifth
    [InlineData(1999, false)]
    public void Owners_with_a_fifth_of_the_shares_may_ask_for_an_assembly(long shares, bool may) =>
        Assert.Equal(may, Delays.MayRequestAssembly(shares, 10_000));
}
