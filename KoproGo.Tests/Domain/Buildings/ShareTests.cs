using System.Globalization;
using KoproGo.Domain.Buildings;

namespace KoproGo.Tests.Domain.Buildings;

public class ShareTests
{
    [Theory]
    [InlineData("1/2", 1, 2)]
    [InlineData("2/6", 1, 3)]
    [InlineData("50%", 1, 2)]
    [InlineData("50", 1, 2)]
    [InlineData("100", 1, 1)]
    [InlineData("33,5 %", 67, 200)]
    [InlineData("12.25%", 49, 400)]
    [InlineData(" 3 / 4 ", 3, 4)]
    public void People_write_shares_as_fractions_or_percentages(string text, int numerator, int denominator)
    {
        Assert.True(Share.TryParse(text, out var share));
        Assert.Equal(new Share(numerator, denominator), share);
    }

    [Theory]
    [InlineData("")]
    [InlineData("abc")]
    [InlineData("0")]
    [InlineData("-50%")]
    [InlineData("101%")]
    [InlineData("3/2")]
    [InlineData("1/0")]
    [InlineData("0/5")]
    [InlineData("33.333%")]
    [InlineData("1/20000")]
    public void Nonsense_shares_are_refused(string text) => Assert.False(Share.TryParse(text, out _));

    [Fact]
    public void Three_thirds_are_exactly_a_whole_lot()
    {
        var third = new Share(1, 3);
        Assert.True(Share.IsCompleteOwnership([(third, OwnershipRight.Full), (third, OwnershipRight.Full), (third, OwnershipRight.Full)]));
        Assert.False(Share.IsCompleteOwnership([(third, OwnershipRight.Full), (third, OwnershipRight.Full)]));
    }

    [Fact]
    public void Bare_ownership_and_usufruct_must_each_be_held_in_full()
    {
        var whole = Share.Whole;
        var half = new Share(1, 2);
        Assert.True(Share.IsCompleteOwnership([(whole, OwnershipRight.Bare), (whole, OwnershipRight.Usufruct)]));
        Assert.True(Share.IsCompleteOwnership([(half, OwnershipRight.Full), (half, OwnershipRight.Bare), (half, OwnershipRight.Usufruct)]));
        Assert.False(Share.IsCompleteOwnership([(whole, OwnershipRight.Bare)]));
        Assert.False(Share.IsCompleteOwnership([(half, OwnershipRight.Full), (half, OwnershipRight.Bare)]));
        Assert.False(Share.IsCompleteOwnership([(whole, OwnershipRight.Full), (half, OwnershipRight.Usufruct), (half, OwnershipRight.Bare)]));
    }

    [Fact]
    public void Percentages_in_hundredths_sum_exactly()
    {
        Assert.True(Share.TryParse("33.33%", out var a));
        Assert.True(Share.TryParse("33.33%", out var b));
        Assert.True(Share.TryParse("33.34%", out var c));
        Assert.True(Share.IsCompleteOwnership([(a, OwnershipRight.Full), (b, OwnershipRight.Full), (c, OwnershipRight.Full)]));
    }

    [Fact]
    public void Shares_display_as_people_write_them()
    {
        var fr = CultureInfo.GetCultureInfo("fr-BE");
        Assert.Equal("1/3", new Share(1, 3).Display(fr));
        Assert.Equal("50 %", new Share(1, 2).Display(fr));
        Assert.Equal("100 %", Share.Whole.Display(fr));
        Assert.Equal("33,5 %", new Share(67, 200).Display(fr));
        Assert.Equal("1/3", new Share(1, 3).Input);
        Assert.Equal("33.5%", new Share(67, 200).Input);
    }
}
