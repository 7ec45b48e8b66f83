using KoproGo.Domain.Community;

namespace KoproGo.Tests.Domain;

public class CommunityRulesTests
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

    private static readonly DateOnly Today = new(2026, 11, 21);

    [Fact]
    public void A_loan_starts_today_or_later_and_lasts_at_most_the_objects_loan_length()
    {
        Assert.Null(Loans.PeriodProblem(Today, Today.AddDays(6), 7, Today));
        Assert.NotNull(Loans.PeriodProblem(Today, Today.AddDays(7), 7, Today));
        Assert.NotNull(Loans.PeriodProblem(Today.AddDays(-1), Today, 7, Today));
        Assert.NotNull(Loans.PeriodProblem(Today.AddDays(3), Today.AddDays(2), 7, Today));
        Assert.NotNull(Loans.PeriodProblem(Today.AddDays(181), Today.AddDays(182), 7, Today));
    }

    [Fact]
    public void A_borrower_is_reminded_the_day_before_and_on_the_due_date_and_a_late_loan_is_overdue()
    {
        Assert.Equal(LoanReminder.DayBefore, Loans.ReminderOn(LoanStatus.Lent, Today.AddDays(1), Today));
        Assert.Equal(LoanReminder.DueToday, Loans.ReminderOn(LoanStatus.Lent, Today, Today));
        Assert.Equal(LoanReminder.None, Loans.ReminderOn(LoanStatus.Lent, Today.AddDays(2), Today));
        Assert.Equal(LoanReminder.None, Loans.ReminderOn(LoanStatus.Returned, Today, Today));
        Assert.True(Loans.Overdue(LoanStatus.Lent, Today.AddDays(-1), Today));
        Assert.False(Loans.Overdue(LoanStatus.Lent, Today, Today));
        Assert.False(Loans.Overdue(LoanStatus.Returned, Today.AddDays(-1), Today));
    }

    private static readonly ResourceRules Room = new(Capacity: 1, MinMinutes: 60, MaxMinutes: 240, DaysAhead: 30, NeedsApproval: true);

    [Fact]
    public void A_slot_respects_the_resources_bounds_and_how_far_ahead_it_may_be_booked()
    {
        var now = new DateTime(2026, 11, 21, 10, 0, 0);
        Assert.Null(Bookings.SlotProblem(now.AddHours(2), now.AddHours(4), Room, now));
        Assert.NotNull(Bookings.SlotProblem(now.AddHours(2), now.AddHours(2.5), Room, now));
        Assert.NotNull(Bookings.SlotProblem(now.AddHours(2), now.AddHours(7), Room, now));
        Assert.NotNull(Bookings.SlotProblem(now.AddHours(-1), now.AddHours(1), Room, now));
        Assert.NotNull(Bookings.SlotProblem(now.AddHours(4), now.AddHours(2), Room, now));
        Assert.Null(Bookings.SlotProblem(now.AddDays(30), now.AddDays(30).AddHours(1), Room, now));
        Assert.NotNull(Bookings.SlotProblem(now.AddDays(31), now.AddDays(31).AddHours(1), Room, now));
        Assert.Equal(BookingStatus.Pending, Bookings.StatusOfNew(Room));
        Assert.Equal(BookingStatus.Confirmed, Bookings.StatusOfNew(Room with { NeedsApproval = false }));
        Assert.False(Bookings.Fits(1, 1));
        Assert.True(Bookings.Fits(2, 3));
    }

    [Fact]
    public void The_month_view_shows_whole_weeks_from_monday()
    {
        var november = Bookings.MonthGrid(2026, 11);
        Assert.Equal(new DateOnly(2026, 10, 26), november[0]);
        Assert.Equal(DayOfWeek.Sunday, november[^1].DayOfWeek);
        Assert.Equal(0, november.Count % 7);
        Assert.Equal(new DateOnly(2026, 11, 16), Bookings.WeekStart(Today));
    }

    [Fact]
    public void Achievements_have_three_levels_from_real_activity()
    {
        Assert.Equal(AchievementLevel.None, Achievements.Level(Achievement.Exchanges, 0));
        Assert.Equal(AchievementLevel.Bronze, Achievements.Level(Achievement.Exchanges, 1));
        Assert.Equal(AchievementLevel.Silver, Achievements.Level(Achievement.Exchanges, 10));
        Assert.Equal(AchievementLevel.Silver, Achievements.Level(Achievement.NeighboursHelped, 5));
        Assert.Equal(AchievementLevel.Silver, Achievements.Level(Achievement.ObjectsLent, 20));
        Assert.Equal(AchievementLevel.Silver, Achievements.Level(Achievement.EventsOrganised, 3));
        Assert.Equal(AchievementLevel.Gold, Achievements.Level(Achievement.EventsOrganised, 10));
        Assert.Equal(7, Achievements.ToNextLevel(Achievement.Exchanges, 3));
        Assert.Null(Achievements.ToNextLevel(Achievement.Exchanges, 25));
        Assert.Equal(new DateOnly(2026, 11, 1), Leaderboard.Since(LeaderboardPeriod.Month, Today));
        Assert.Equal(new DateOnly(2026, 1, 1), Leaderboard.Since(LeaderboardPeriod.Year, Today));
        Assert.Null(Leaderboard.Since(LeaderboardPeriod.AllTime, Today));
        Assert.Equal((new DateOnly(2026, 10, 1), new DateOnly(2026, 12, 31)), Quarters.Of(2026, 4));
        Assert.Equal(4, Quarters.Number(Today));
    }

    [Fact]
    public void An_ics_file_escapes_text_folds_long_lines_and_uses_utc()
    {
        var e = new KoproGo.Domain.Calendar.CalendarEvent("booking-7@koprogo", new DateTime(2026, 12, 5, 17, 0, 0), new DateTime(2026, 12, 5, 21, 0, 0),
            "Salle commune; fête, anniversaire", "Résidence Les Tilleuls", new string('é', 60));
        var ics = KoproGo.Domain.Calendar.Ics.Write(e, new DateTime(2026, 11, 21, 9, 0, 0));
        Assert.Contains("DTSTART:20261205T170000Z\r\n", ics);
        Assert.Contains("SUMMARY:Salle commune\\; fête\\, anniversaire", ics);
        Assert.All(ics.Split("\r\n"), line => Assert.True(System.Text.Encoding.UTF8.GetByteCount(line) <= 75, line));
        Assert.StartsWith("BEGIN:VCALENDAR\r\n", ics);
        Assert.EndsWith("END:VCALENDAR\r\n", ics);
    }
}
