using KoproGo.Domain.Works;

namespace KoproGo.Tests.Domain.Works;

public class WorksRequestsTests
{
    [Theory]
    [InlineData("collecting", "to_assembly", true)]
    [InlineData("collecting", "accepted", true)]      // urgent, or within the delegated amount
    [InlineData("to_assembly", "accepted", true)]     // the vote adopted it
    [InlineData("to_assembly", "collecting", true)]   // the vote rejected it
    [InlineData("collecting", "cancelled", true)]
    [InlineData("to_assembly", "cancelled", true)]
    [InlineData("accepted", "collecting", false)]     // accepted is final
    [InlineData("accepted", "cancelled", false)]
    [InlineData("cancelled", "collecting", false)]
    [InlineData("collecting", "collecting", false)]
    public void A_request_moves_only_along_its_allowed_steps(string from, string to, bool allowed) =>
        Assert.Equal(allowed, WorksRequests.CanMove(from, to));

    [Theory]
    [InlineData(5000, 0, 5000, 1)]          // exactly at the threshold: one quote is enough
    [InlineData(5000.01, 0, 5000, 3)]
    [InlineData(3000, 5200, 5000, 3)]       // estimated low, quoted high: competition all the same
    [InlineData(20000, 0, 25000, 1)]        // the assembly set a higher threshold
    public void Three_quotes_are_required_above_the_threshold(decimal estimate, decimal chosen, decimal threshold, int required) =>
        Assert.Equal(required, WorksRequests.QuotesRequired(estimate, chosen, threshold));

    [Fact]
    public void Accepting_with_fewer_quotes_than_required_needs_a_reason()
    {
        Assert.True(WorksRequests.NeedsReasonForFewerQuotes(12000, 11800, 5000, 2));
        Assert.False(WorksRequests.NeedsReasonForFewerQuotes(12000, 11800, 5000, 3));
        Assert.False(WorksRequests.NeedsReasonForFewerQuotes(4000, 3900, 5000, 1));
    }

    [Theory]
    [InlineData(WorksRequests.DecidedBy.Urgent, 90000, 0, true)]       // conservatory acts: art. 3.89 §5 2°
    [InlineData(WorksRequests.DecidedBy.Delegated, 2500, 2500, true)]  // at the delegated amount: still delegated
    [InlineData(WorksRequests.DecidedBy.Delegated, 2500.01, 2500, false)]
    [InlineData(WorksRequests.DecidedBy.Delegated, 1, 0, false)]       // nothing delegated
    [InlineData(WorksRequests.DecidedBy.Assembly, 1, 100000, false)]
    public void Who_may_decide_without_the_assembly(WorksRequests.DecidedBy how, decimal amount, decimal delegated, bool allowed) =>
        Assert.Equal(allowed, WorksRequests.MayDecideWithoutAssembly(how, amount, delegated));

    [Fact]
    public void Works_go_to_the_assembly_as_common_parts_works_voted_by_two_thirds() =>
        Assert.Equal(KoproGo.Domain.Assemblies.MajorityKind.TwoThirds,
            KoproGo.Domain.Assemblies.DecisionKinds.SuggestedMajority(WorksRequests.AgendaKind));

    [Theory]
    [InlineData(2015, true)]     // 11 years before 2026
    [InlineData(2016, false)]    // maybe 10 years, maybe not: not surely over 10
    [InlineData(2025, false)]
    public void The_reduced_vat_rate_may_apply_to_a_building_surely_over_ten_years_old(int year, bool mayApply) =>
        Assert.Equal(mayApply, WorksRequests.ReducedVatMayApply(year, new DateOnly(2026, 11, 30)));

    [Fact]
    public void Without_a_construction_year_nothing_is_said_of_the_reduced_rate() =>
        Assert.Null(WorksRequests.ReducedVatMayApply(null, new DateOnly(2026, 1, 1)));
}

public class WorksFollowUpTests
{
    private static readonly DateOnly Voted = new(2026, 12, 31);

    [Theory]
    [InlineData(30, false, false)]     // the 30th day: still in time
    [InlineData(31, false, true)]
    [InlineData(90, true, false)]      // asked: never late
    public void Quotes_are_asked_within_30_days_of_the_decision(int days, bool requested, bool late) =>
        Assert.Equal(late, WorksFollowUp.QuotesLate(Voted, requested, Voted.AddDays(days)));

    [Theory]
    [InlineData(60, false, false)]
    [InlineData(61, false, true)]      // across a year's end: 2026-12-31 + 61 = 2027-03-02
    [InlineData(200, true, false)]
    public void Voted_works_start_within_60_days(int days, bool started, bool late) =>
        Assert.Equal(late, WorksFollowUp.StartLate(Voted, started, Voted.AddDays(days)));
}
