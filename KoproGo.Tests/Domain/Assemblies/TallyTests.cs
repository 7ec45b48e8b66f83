using KoproGo.Domain.Assemblies;

namespace KoproGo.Tests.Domain.Assemblies;

public class TallyTests
{
    [Fact]
    public void Abstentions_are_counted_apart_and_do_not_decide()
    {
        Ballot[] ballots = [new("a", 400, Choice.For), new("b", 300, Choice.Against), new("c", 300, Choice.Abstain)];
        var result = Tally.Count(MajorityKind.Absolute, ballots, 1000, 1000);
        Assert.Equal((400L, 300L, 300L, 0L), (result.For, result.Against, result.Abstain, result.SetAside));
        Assert.True(result.Adopted);
    }

    [Fact]
    public void A_member_holding_more_than_all_the_others_is_capped_and_the_excess_shown()
    {
        // 700 in person against 300 of everyone else present: 700 is capped at 300, 400 set aside.
        Ballot[] ballots = [new("big", 700, Choice.For), new("b", 200, Choice.Against), new("c", 100, Choice.Against)];
        var result = Tally.Count(MajorityKind.Absolute, ballots, 1000, 1000);
        Assert.Equal((300L, 300L, 400L), (result.For, result.Against, result.SetAside));
        Assert.False(result.Adopted); // 300 for, 300 against: not more than half
    }

    [Fact]
    public void A_proxy_holder_is_capped_on_their_own_votes_and_their_proxies_together()
    {
        // One holder casts 400 + 300 for two members; the other present members hold 250.
        Ballot[] ballots = [new("holder", 400, Choice.For), new("holder", 300, Choice.For), new("x", 250, Choice.Against)];
        var result = Tally.Count(MajorityKind.Absolute, ballots, 950, 1000);
        Assert.Equal((250L, 250L, 450L), (result.For, result.Against, result.SetAside));
    }

    [Fact]
    public void A_capped_holder_voting_two_ways_keeps_the_proportion_in_whole_votes()
    {
        Ballot[] ballots = [new("holder", 501, Choice.For), new("holder", 250, Choice.Against), new("x", 250, Choice.Against)];
        var result = Tally.Count(MajorityKind.Absolute, ballots, 1001, 10_000);
        // 751 capped at 250: 166.8 for, 83.2 against → 167 and 83.
        Assert.Equal((167L, 83L + 250L, 501L), (result.For, result.Against, result.SetAside));
        Assert.Equal(1001L, result.For + result.Against + result.Abstain + result.SetAside);
    }

    [Fact]
    public void Whether_a_resolution_can_still_pass_counts_the_votes_not_yet_given()
    {
        Ballot[] ballots = [new("a", 300, Choice.Against)];
        Assert.True(Tally.Count(MajorityKind.TwoThirds, ballots, 900, 1000).CanStillBeAdopted);   // 600 for of 900: exactly 2/3
        Assert.False(Tally.Count(MajorityKind.TwoThirds, ballots, 899, 1000).CanStillBeAdopted);  // 599 of 899: below
    }

    [Fact]
    public void Unanimity_needs_every_vote_of_the_building_even_when_everyone_present_agrees()
    {
        Ballot[] ballots = [new("a", 600, Choice.For), new("b", 300, Choice.For)];
        var result = Tally.Count(MajorityKind.Unanimity, ballots, 900, 1000);
        Assert.False(result.Adopted);
        Assert.False(result.CanStillBeAdopted);
        Assert.True(Tally.Count(MajorityKind.Unanimity, [.. ballots, new("c", 100, Choice.For)], 1000, 1000).Adopted);
    }

    [Theory]
    [InlineData(DecisionKind.Ordinary, MajorityKind.Absolute)]
    [InlineData(DecisionKind.CommonPartsWorks, MajorityKind.TwoThirds)]
    [InlineData(DecisionKind.ChargeDistribution, MajorityKind.FourFifths)]
    [InlineData(DecisionKind.ReserveFundWaiver, MajorityKind.FourFifths)]
    [InlineData(DecisionKind.ShareDistribution, MajorityKind.Unanimity)]
    public void Each_kind_of_decision_suggests_the_majority_of_article_3_88(DecisionKind kind, MajorityKind majority) =>
        Assert.Equal(majority, DecisionKinds.SuggestedMajority(kind));

    [Fact]
    public void Information_is_not_voted() => Assert.Null(DecisionKinds.SuggestedMajority(DecisionKind.Information));
}

public class DecisionFollowUpTests
{
    private static readonly DateOnly Today = new(2026, 11, 21);

    [Fact]
    public void A_decision_past_its_deadline_and_not_done_is_overdue()
    {
        Assert.Equal(DecisionStatus.Overdue, DecisionFollowUp.Shown(DecisionStatus.InProgress, Today.AddDays(-1), Today));
        Assert.Equal(DecisionStatus.InProgress, DecisionFollowUp.Shown(DecisionStatus.InProgress, Today, Today));
        Assert.Equal(DecisionStatus.Done, DecisionFollowUp.Shown(DecisionStatus.Done, Today.AddDays(-30), Today));
        Assert.Equal(DecisionStatus.Pending, DecisionFollowUp.Shown(DecisionStatus.Pending, null, Today));
    }

    [Fact]
    public void The_alert_comes_within_seven_days_of_the_deadline()
    {
        Assert.True(DecisionFollowUp.DueForAlert(DecisionStatus.Pending, Today.AddDays(7), Today));
        Assert.False(DecisionFollowUp.DueForAlert(DecisionStatus.Pending, Today.AddDays(8), Today));
        Assert.False(DecisionFollowUp.DueForAlert(DecisionStatus.Done, Today.AddDays(3), Today));
        Assert.False(DecisionFollowUp.DueForAlert(DecisionStatus.Cancelled, Today.AddDays(3), Today));
    }

    [Fact]
    public void A_cancelled_decision_is_never_overdue() =>
        Assert.Equal(DecisionStatus.Cancelled, DecisionFollowUp.Shown(DecisionStatus.Cancelled, Today.AddDays(-1), Today));

    [Theory]
    [InlineData(DecisionStatus.Pending, DecisionStatus.InProgress, true)]
    [InlineData(DecisionStatus.InProgress, DecisionStatus.Done, true)]
    [InlineData(DecisionStatus.Pending, DecisionStatus.Cancelled, true)]
    [InlineData(DecisionStatus.InProgress, DecisionStatus.Cancelled, true)]
    [InlineData(DecisionStatus.Done, DecisionStatus.Done, true)]
    [InlineData(DecisionStatus.Pending, DecisionStatus.Done, false)]
    [InlineData(DecisionStatus.InProgress, DecisionStatus.Pending, false)]
    [InlineData(DecisionStatus.Done, DecisionStatus.Pending, false)]
    [InlineData(DecisionStatus.Done, DecisionStatus.InProgress, false)]
    [InlineData(DecisionStatus.Done, DecisionStatus.Cancelled, false)]
    [InlineData(DecisionStatus.Cancelled, DecisionStatus.Pending, false)]
    [InlineData(DecisionStatus.Cancelled, DecisionStatus.InProgress, false)]
    [InlineData(DecisionStatus.Pending, DecisionStatus.Overdue, false)]
    public void A_decision_moves_forward_only(DecisionStatus from, DecisionStatus to, bool allowed) =>
        Assert.Equal(allowed, DecisionFollowUp.CanMove(from, to));

    [Fact]
    public void The_choices_offered_are_the_status_itself_and_the_next_ones()
    {
        Assert.Equal([DecisionStatus.Pending, DecisionStatus.InProgress, DecisionStatus.Cancelled], DecisionFollowUp.Choices(DecisionStatus.Pending));
        Assert.Equal([DecisionStatus.Done], DecisionFollowUp.Choices(DecisionStatus.Done));
    }
}

/// <summary>Art. 3.90 §1: board members are appointed for one year, renewable.</summary>
public class BoardMandateTests
{
    [Theory]
    [InlineData("2026-06-01", "2027-06-01", true)]
    [InlineData("2026-06-01", "2026-06-02", true)]
    [InlineData("2026-06-01", "2027-06-02", false)]
    [InlineData("2026-06-01", "2027-12-01", false)]
    [InlineData("2026-06-01", "2026-06-01", false)]
    [InlineData("2026-06-01", "2026-05-31", false)]
    [InlineData("2028-02-29", "2029-02-28", true)]
    [InlineData("2028-02-29", "2029-03-01", false)]
    public void A_mandate_lasts_at_most_one_year(string from, string to, bool valid) =>
        Assert.Equal(valid, BoardMandate.IsValid(DateOnly.Parse(from, System.Globalization.CultureInfo.InvariantCulture), DateOnly.Parse(to, System.Globalization.CultureInfo.InvariantCulture)));
}
