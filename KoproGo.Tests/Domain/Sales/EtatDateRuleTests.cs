using KoproGo.Domain.Accounting;
using KoproGo.Domain.Sales;

namespace KoproGo.Tests.Domain.Sales;

public class EtatDateRuleTests
{
    [Theory]
    [InlineData("requested", "in_progress", true)]
    [InlineData("in_progress", "generated", true)]
    [InlineData("generated", "in_progress", true)]
    [InlineData("generated", "delivered", true)]
    [InlineData("delivered", "expired", true)]
    [InlineData("requested", "cancelled", true)]
    [InlineData("requested", "generated", false)]
    [InlineData("in_progress", "delivered", false)]
    [InlineData("delivered", "in_progress", false)]
    [InlineData("delivered", "cancelled", false)]
    [InlineData("expired", "delivered", false)]
    [InlineData("cancelled", "requested", false)]
    public void Moves_follow_the_request_to_the_delivery(string from, string to, bool allowed) =>
        Assert.Equal(allowed, EtatDateRules.MayMove(from, to));

    [Fact]
    public void Fifteen_days_to_answer_reminded_on_the_tenth_and_late_after_the_fifteenth()
    {
        var received = new DateOnly(2026, 12, 22);
        Assert.Equal(new DateOnly(2027, 1, 6), EtatDateRules.DueOn(received));
        Assert.Equal(new DateOnly(2027, 1, 1), EtatDateRules.RemindOn(received));
        Assert.False(EtatDateRules.IsLate("in_progress", received, new DateOnly(2027, 1, 6)));
        Assert.True(EtatDateRules.IsLate("in_progress", received, new DateOnly(2027, 1, 7)));
        Assert.True(EtatDateRules.IsLate("generated", received, new DateOnly(2027, 1, 7)));
        Assert.False(EtatDateRules.IsLate("delivered", received, new DateOnly(2027, 3, 1)));
        Assert.False(EtatDateRules.IsLate("cancelled", received, new DateOnly(2027, 3, 1)));
    }

    [Fact]
    public void Valid_ninety_days_after_delivery() =>
        Assert.Equal(new DateOnly(2027, 3, 1), EtatDateRules.ExpiresOn(new DateOnly(2026, 12, 1)));

    [Fact]
    public void Numbered_per_year_on_three_digits_at_least()
    {
        Assert.Equal("ED-2027-001", EtatDateRules.Number(2027, 1));
        Assert.Equal("ED-2026-042", EtatDateRules.Number(2026, 42));
        Assert.Equal("ED-2026-1000", EtatDateRules.Number(2026, 1000));
    }

    [Fact]
    public void A_lots_share_of_a_fund_follows_its_quotas_to_the_cent()
    {
        Assert.Equal(1_234.57m, EtatDateRules.LotShare(12_345.67m, 100, 1000));
        Assert.Equal(0.01m, EtatDateRules.LotShare(0.05m, 1, 10)); // 0.005 rounds away from zero
        Assert.Equal(-0.01m, EtatDateRules.LotShare(-0.05m, 1, 10));
        Assert.Throws<ArgumentOutOfRangeException>(() => EtatDateRules.LotShare(100m, 11, 10));
    }

    [Theory]
    [InlineData("2026-02-14", CallFrequency.Quarterly, "2026-01-01", "2026-03-31")]
    [InlineData("2026-12-31", CallFrequency.Quarterly, "2026-10-01", "2026-12-31")]
    [InlineData("2026-02-28", CallFrequency.Monthly, "2026-02-01", "2026-02-28")]
    [InlineData("2026-07-01", CallFrequency.HalfYearly, "2026-07-01", "2026-12-31")]
    public void The_provision_period_around_a_date(string date, CallFrequency frequency, string starts, string ends) =>
        Assert.Equal((DateOnly.Parse(starts), DateOnly.Parse(ends)), EtatDateRules.PeriodAround(DateOnly.Parse(date), frequency));

    [Fact]
    public void The_seller_is_owed_the_working_capital_of_the_days_after_the_transfer()
    {
        var (starts, ends) = (new DateOnly(2027, 1, 1), new DateOnly(2027, 3, 31)); // 90 days
        // transferred on 1 March: 31 days of the quarter are the buyer's
        Assert.Equal(103.33m, EtatDateRules.WorkingCapitalSettlement(300m, starts, ends, new DateOnly(2027, 3, 1)));
        Assert.Equal(300m, EtatDateRules.WorkingCapitalSettlement(300m, starts, ends, starts));
        Assert.Equal(3.33m, EtatDateRules.WorkingCapitalSettlement(300m, starts, ends, ends));
        Assert.Equal(0m, EtatDateRules.WorkingCapitalSettlement(300m, starts, ends, new DateOnly(2027, 4, 1)));
        Assert.Equal(0m, EtatDateRules.WorkingCapitalSettlement(0m, starts, ends, new DateOnly(2027, 3, 1)));
    }
}
