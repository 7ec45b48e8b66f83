using KoproGo.Domain.Privacy;

namespace KoproGo.Tests.Domain.Privacy;

public class DataRequestsTests
{
    [Theory]
    [InlineData("2027-03-15", "2027-04-15")]
    [InlineData("2027-01-31", "2027-02-28")] // a calendar month: the last day of a shorter one
    [InlineData("2028-01-31", "2028-02-29")]
    [InlineData("2026-12-20", "2027-01-20")] // across the year's end
    public void A_request_is_answered_within_one_month_of_receipt_art_12(string received, string due) =>
        Assert.Equal(DateOnly.Parse(due), DataRequests.DueOn(DateOnly.Parse(received)));

    [Fact]
    public void The_syndic_is_alerted_a_week_before_the_deadline() =>
        Assert.Equal(new DateOnly(2027, 4, 8), DataRequests.AlertOn(new DateOnly(2027, 4, 15)));

    [Theory]
    [InlineData(0, true)]
    [InlineData(9, true)]
    [InlineData(10, false)]
    public void A_person_makes_at_most_ten_requests_an_hour(int made, bool mayAsk) => Assert.Equal(mayAsk, DataRequests.MayAsk(made));

    [Fact]
    public void An_export_is_made_by_the_job_and_cannot_be_refused()
    {
        Assert.True(DataRequests.CanMove(DataRequestKind.Export, DataRequestState.Received, DataRequestState.InProgress));
        Assert.True(DataRequests.CanMove(DataRequestKind.Export, DataRequestState.InProgress, DataRequestState.Done));
        Assert.False(DataRequests.CanMove(DataRequestKind.Export, DataRequestState.Received, DataRequestState.Refused));
        Assert.False(DataRequests.CanMove(DataRequestKind.Export, DataRequestState.Received, DataRequestState.Done));
        Assert.Empty(DataRequests.Choices(DataRequestKind.Export, DataRequestState.Received));
    }

    [Fact]
    public void An_erasure_counts_as_received_only_once_confirmed()
    {
        Assert.True(DataRequests.CanMove(DataRequestKind.Erasure, DataRequestState.AwaitingConfirmation, DataRequestState.Received));
        Assert.False(DataRequests.CanMove(DataRequestKind.Erasure, DataRequestState.AwaitingConfirmation, DataRequestState.InProgress));
        Assert.False(DataRequests.CanMove(DataRequestKind.Erasure, DataRequestState.AwaitingConfirmation, DataRequestState.Done));
        Assert.False(DataRequests.CanMove(DataRequestKind.Rectification, DataRequestState.AwaitingConfirmation, DataRequestState.Received));
    }

    [Fact]
    public void A_restriction_in_force_is_lifted_or_refused_and_nothing_else()
    {
        Assert.Equal([DataRequestState.Done, DataRequestState.Refused], DataRequests.Choices(DataRequestKind.Restriction, DataRequestState.Received));
        Assert.False(DataRequests.CanMove(DataRequestKind.Restriction, DataRequestState.Received, DataRequestState.InProgress));
    }

    [Fact]
    public void Done_and_refused_are_final_for_every_kind()
    {
        foreach (var kind in Enum.GetValues<DataRequestKind>())
        foreach (var final in new[] { DataRequestState.Done, DataRequestState.Refused })
        foreach (var to in Enum.GetValues<DataRequestState>())
            Assert.False(DataRequests.CanMove(kind, final, to), $"{kind}: {final} → {to}");
    }

    [Fact]
    public void A_correction_goes_through_in_progress_or_is_answered_at_once()
    {
        Assert.Equal([DataRequestState.InProgress, DataRequestState.Done, DataRequestState.Refused],
            DataRequests.Choices(DataRequestKind.Rectification, DataRequestState.Received));
        Assert.Equal([DataRequestState.Done, DataRequestState.Refused], DataRequests.Choices(DataRequestKind.Rectification, DataRequestState.InProgress));
    }
}

public class ErasureTests
{
    private static IReadOnlyList<ErasureLine> Plan(bool owner = true, bool owns = false, decimal owed = 0m, bool entries = true, bool votes = true, bool documents = false) =>
        Erasure.Plan(new ErasureFacts(owner, owns, owed, entries, votes, documents));

    private static KeptBecause KeptOf(IReadOnlyList<ErasureLine> plan, ErasurePart part) => plan.Single(l => l.Part == part).Kept;

    [Fact]
    public void An_owner_who_still_owns_a_lot_keeps_their_identity_on_the_register()
    {
        var plan = Plan(owns: true);
        Assert.Equal(KeptBecause.OwnsALot, KeptOf(plan, ErasurePart.Identity));
        Assert.Equal(KeptBecause.OwnsALot, KeptOf(plan, ErasurePart.ContactDetails));
        Assert.False(Erasure.ErasesIdentity(plan));
        Assert.True(plan.Single(l => l.Part == ErasurePart.Account).Erased);
    }

    [Theory]
    [InlineData(0.01, false)]
    [InlineData(0, true)]
    [InlineData(-25, true)] // paid in advance: nothing to recover
    public void A_former_owner_keeps_the_identity_a_debt_needs_and_only_that(decimal owed, bool erased)
    {
        var plan = Plan(owed: owed);
        Assert.Equal(erased, Erasure.ErasesIdentity(plan));
        Assert.Equal(erased ? KeptBecause.NotKept : KeptBecause.UnpaidDebt, KeptOf(plan, ErasurePart.Identity));
    }

    [Fact]
    public void Entries_votes_and_documents_are_always_kept_with_their_reason()
    {
        var plan = Plan(documents: true);
        Assert.Equal(KeptBecause.AccountingRecords, KeptOf(plan, ErasurePart.AccountingEntries));
        Assert.Equal(KeptBecause.MinutesAndVotes, KeptOf(plan, ErasurePart.MinutesAndVotes));
        Assert.Equal(KeptBecause.SupportingDocuments, KeptOf(plan, ErasurePart.Documents));
    }

    [Fact]
    public void A_resident_who_owns_nothing_has_everything_erased()
    {
        var plan = Plan(owner: false, entries: false, votes: false);
        Assert.All(plan, l => Assert.True(l.Erased));
        Assert.DoesNotContain(plan, l => l.Part == ErasurePart.Identity);
        Assert.True(Erasure.ErasesIdentity(plan));
    }
}

public class BreachesTests
{
    private static readonly DateTime Discovered = new(2027, 3, 27, 22, 30, 0, DateTimeKind.Utc); // the night the clocks go forward

    [Fact]
    public void The_authority_is_notified_within_72_hours_counted_in_hours_not_days()
    {
        Assert.Equal(new DateTime(2027, 3, 30, 22, 30, 0, DateTimeKind.Utc), Breaches.AuthorityDeadline(Discovered));
        Assert.Equal(new DateTime(2027, 3, 29, 22, 30, 0, DateTimeKind.Utc), Breaches.WarningAt(Discovered));
    }

    [Theory]
    [InlineData(BreachState.Open, 72 * 60, false)]
    [InlineData(BreachState.Open, 72 * 60 + 1, true)]
    [InlineData(BreachState.Notified, 100 * 60, false)] // decided: nothing late any more
    [InlineData(BreachState.NotNotified, 100 * 60, false)]
    public void A_breach_is_late_when_still_undecided_after_72_hours(BreachState state, int minutesLater, bool late) =>
        Assert.Equal(late, Breaches.IsLate(state, Discovered, Discovered.AddMinutes(minutesLater)));

    [Fact]
    public void A_breach_is_decided_then_closed_and_never_goes_back()
    {
        Assert.Equal([BreachState.Notified, BreachState.NotNotified], Breaches.Choices(BreachState.Open));
        Assert.Equal([BreachState.Closed], Breaches.Choices(BreachState.Notified));
        Assert.Equal([BreachState.Closed], Breaches.Choices(BreachState.NotNotified));
        Assert.Empty(Breaches.Choices(BreachState.Closed));
        Assert.False(Breaches.CanMove(BreachState.Open, BreachState.Closed));
    }
}

public class NoticesTests
{
    [Theory]
    [InlineData(null, null, false)] // nothing published: nothing to accept
    [InlineData(1, null, true)]
    [InlineData(2, 1, true)]
    [InlineData(2, 2, false)]
    public void A_person_accepts_the_current_version_once(int? current, int? accepted, bool asked) =>
        Assert.Equal(asked, Notices.MustAccept(current, accepted));

    [Fact]
    public void Versions_follow_each_other() => Assert.Equal((1, 3), (Notices.NextVersion(null), Notices.NextVersion(2)));
}
