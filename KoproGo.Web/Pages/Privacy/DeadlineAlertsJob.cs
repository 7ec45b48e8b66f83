using KoproGo.Domain.Privacy;
using KoproGo.Web.Infrastructure;
using Quartz;

namespace KoproGo.Web.Pages.Privacy;

/// <summary>
/// Warns the firm's syndics of the privacy deadlines, once each: a week before a request about personal data must be
/// answered (art. 12 §3), a day before a breach must be notified to the authority (art. 33, 72 hours) and again when
/// those hours are over. Runs every hour, the breach deadline being counted in hours.
/// </summary>
public sealed class DeadlineAlertsJob(Db db, Notifier notifier) : IJob
{
    public const string Key = "privacy-deadlines";

    public async ValueTask Execute(IJobExecutionContext context, CancellationToken cancellationToken)
    {
        await db.Begin();
        var due = await db.Query<(long Id, long OrganisationId, DateTime DueOn, string Person)>("""
            select r.id, r.organisation_id, r.due_on, u.display_name from privacy_requests r join users u on u.id = r.user_id
            where r.state in ('received', 'in_progress') and r.kind <> 'export' and r.deadline_alerted_at is null and r.due_on - @days <= @today
            for update of r skip locked
            """, new { days = DataRequests.AlertDaysBefore, today = BrusselsTime.Today });
        foreach (var r in due)
        {
            var syndics = await Syndics.UserIdsOfOrganisation(db, r.OrganisationId);
            var dueOn = DateOnly.FromDateTime(r.DueOn);
            var late = dueOn < BrusselsTime.Today;
            await notifier.Send(db, syndics, new Notifier.News(
                late ? "A request about personal data is overdue" : "A request about personal data is due soon", [],
                "{0} made a request about their data; the answer is due on {1:d}.", [r.Person, dueOn],
                $"/privacy/requests/{r.Id}"));
            await db.Execute("update privacy_requests set deadline_alerted_at = now() where id = @Id", new { r.Id });
        }
        await AlertBreaches();
        await db.Commit();
    }

    private async Task AlertBreaches()
    {
        var now = DateTime.UtcNow;
        var open = await db.Query<(long Id, long OrganisationId, string Title, DateTime DiscoveredAt, DateTime? WarnedAt, DateTime? LateWarnedAt)>("""
            select id, organisation_id, title, discovered_at, warned_at, late_warned_at from data_breaches
            where state = 'open' and late_warned_at is null and discovered_at + @warnAfter <= @now
            for update skip locked
            """, new { warnAfter = Breaches.NotificationDelay - Breaches.WarningBefore, now });
        foreach (var b in open)
        {
            var late = Breaches.IsLate(BreachState.Open, b.DiscoveredAt, now);
            if (!late && b.WarnedAt is not null) continue;
            var deadline = BrusselsTime.FromUtc(Breaches.AuthorityDeadline(b.DiscoveredAt));
            await notifier.Send(db, await Syndics.UserIdsOfOrganisation(db, b.OrganisationId), late
                ? new Notifier.News("A breach was not notified within 72 hours", [], "\"{0}\": the authority had to be notified by {1:g}. Notify it now, with the reasons for the delay.", [b.Title, deadline], $"/privacy/breaches/{b.Id}")
                : new Notifier.News("A breach must be notified within a day", [], "\"{0}\": notify the authority by {1:g}, or record why it is not needed.", [b.Title, deadline], $"/privacy/breaches/{b.Id}"));
            await db.Execute(late ? "update data_breaches set warned_at = coalesce(warned_at, now()), late_warned_at = now() where id = @Id"
                : "update data_breaches set warned_at = now() where id = @Id", new { b.Id });
        }
    }
}
