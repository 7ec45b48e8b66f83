using KoproGo.Domain.Privacy;
using KoproGo.Web.Infrastructure;
using Quartz;

namespace KoproGo.Web.Pages.Privacy;

/// <summary>
/// Warns the firm's syndics a week before a request about personal data must be answered (art. 12 §3), once per
/// request; a request already late when first seen is announced as overdue.
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
            var syndics = await db.Query<long>("""
                select u.id from users u join user_roles g on g.user_id = u.id where g.role = 'Syndic' and u.organisation_id = @OrganisationId
                """, new { r.OrganisationId });
            var dueOn = DateOnly.FromDateTime(r.DueOn);
            var late = dueOn < BrusselsTime.Today;
            await notifier.Send(db, syndics, new Notifier.News(
                late ? "A request about personal data is overdue" : "A request about personal data is due soon", [],
                "{0} made a request about their data; the answer is due on {1:d}.", [r.Person, dueOn],
                $"/privacy/requests/{r.Id}"));
            await db.Execute("update privacy_requests set deadline_alerted_at = now() where id = @Id", new { r.Id });
        }
        await db.Commit();
    }
}
