using KoproGo.Domain.Works;

namespace KoproGo.Tests.Domain.Works;

public class ProblemReportsTests
{
    private static readonly DateTimeOffset Reported = new(2027, 3, 28, 0, 30, 0, TimeSpan.FromHours(1));

    [Theory]
    [InlineData("open", "in_progress", true)]
    [InlineData("in_progress", "resolved", true)]
    [InlineData("resolved", "closed", true)]
    [InlineData("resolved", "open", true)]          // the leak came back
    [InlineData("open", "cancelled", true)]
    [InlineData("in_progress", "cancelled", true)]
    [InlineData("open", "resolved", false)]         // taken in hand first
    [InlineData("open", "closed", false)]
    [InlineData("closed", "open", false)]           // closed is final
    [InlineData("cancelled", "open", false)]
    [InlineData("resolved", "cancelled", false)]
    public void A_report_moves_only_along_its_allowed_steps(string from, string to, bool allowed) =>
        Assert.Equal(allowed, ProblemReports.CanMove(from, to));

    [Fact]
    public void Every_state_offers_exactly_its_allowed_moves_and_final_ones_none()
    {
        Assert.Equal(["in_progress", "cancelled"], ProblemReports.Choices("open"));
        Assert.Equal(["open", "closed"], ProblemReports.Choices("resolved"));
        Assert.Empty(ProblemReports.Choices("closed"));
        Assert.Empty(ProblemReports.Choices("cancelled"));
    }

    [Fact]
    public void Delays_grow_as_urgency_falls() =>
        Assert.Equal(ProblemReports.Urgencies.Reverse().Select(ProblemReports.DefaultDelay), ProblemReports.Urgencies.Reverse().Select(ProblemReports.DefaultDelay).Order());

    [Theory]
    [InlineData("emergency", 4 * 60, false)]       // exactly at the delay: not yet
    [InlineData("emergency", 4 * 60 + 1, true)]
    [InlineData("high", 2 * 24 * 60 + 1, true)]
    [InlineData("normal", 6 * 24 * 60, false)]
    public void An_open_report_is_overdue_once_its_delay_has_passed(string urgency, int minutes, bool overdue) =>
        Assert.Equal(overdue, ProblemReports.IsOverdue("open", Reported, ProblemReports.DefaultDelay(urgency), Reported.AddMinutes(minutes)));

    [Fact]
    public void A_report_taken_in_hand_is_never_overdue_however_long_it_takes() =>
        Assert.False(ProblemReports.IsOverdue("in_progress", Reported, TimeSpan.FromHours(4), Reported.AddDays(60)));

    [Fact]
    public void A_private_lots_report_is_never_shown_to_the_building()
    {
        Assert.False(ProblemReports.MayBeShownToBuilding(42));
        Assert.True(ProblemReports.MayBeShownToBuilding(null));
    }

    [Fact]
    public void Only_an_emergency_is_mailed_at_once() =>
        Assert.Equal(["emergency"], ProblemReports.Urgencies.Where(ProblemReports.MailsSyndicAtOnce));
}
