using KoproGo.Domain.Community;

namespace KoproGo.Tests.Domain;

public class SelTests
{
    [Theory]
    [InlineData(0, false)]
    [InlineData(1, true)]
    [InlineData(100, true)]
    [InlineData(101, false)]
    public void An_exchange_is_worth_one_to_a_hundred_credits(int credits, bool valid) => Assert.Equal(valid, Sel.ValidCredits(credits));

    [Fact]
    public void Nobody_requests_their_own_offer_and_only_the_provider_starts()
    {
        Assert.False(Sel.CanRequest(ExchangeStatus.Offered, Party.Provider));
        Assert.True(Sel.CanRequest(ExchangeStatus.Offered, Party.Other));
        Assert.False(Sel.CanRequest(ExchangeStatus.Requested, Party.Other));
        Assert.True(Sel.CanStart(ExchangeStatus.Requested, Party.Provider));
        Assert.False(Sel.CanStart(ExchangeStatus.Requested, Party.Requester));
        Assert.True(Sel.CanConfirm(ExchangeStatus.InProgress, Party.Requester));
        Assert.False(Sel.CanConfirm(ExchangeStatus.Requested, Party.Provider));
    }

    [Fact]
    public void A_completed_exchange_cannot_be_cancelled()
    {
        Assert.False(Sel.CanCancel(ExchangeStatus.Completed, Party.Provider));
        Assert.False(Sel.CanCancel(ExchangeStatus.Cancelled, Party.Provider));
        Assert.True(Sel.CanCancel(ExchangeStatus.InProgress, Party.Requester));
        Assert.False(Sel.CanCancel(ExchangeStatus.Offered, Party.Requester));
        Assert.False(Sel.CanCancel(ExchangeStatus.InProgress, Party.Other));
    }

    [Fact]
    public void A_balance_may_go_below_zero_down_to_the_limit()
    {
        Assert.True(Sel.WithinLimit(0, 20, 20));
        Assert.False(Sel.WithinLimit(0, 21, 20));
        Assert.True(Sel.WithinLimit(-15, 5, 20));
        Assert.True(Sel.InvitedToOffer(-1));
        Assert.False(Sel.InvitedToOffer(0));
    }
}
