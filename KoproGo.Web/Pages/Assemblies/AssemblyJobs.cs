using KoproGo.Domain;
using KoproGo.Domain.Assemblies;
using KoproGo.Web.Infrastructure;
using KoproGo.Web.Infrastructure.Mail;
using KoproGo.Web.Pages.Board;
using Quartz;

namespace KoproGo.Web.Pages.Assemblies;

/// <summary>
/// Three days before the meeting, owners convened by e-mail who have not opened their convocation get a reminder.
/// Once per owner and assembly (reminded_at, and the outbox's dedupe key).
/// </summary>
public sealed class ConvocationRemindersJob(Db db, Outbox outbox) : IJob
{
    public async ValueTask Execute(IJobExecutionContext context, CancellationToken cancellationToken)
    {
        await db.Begin();
        var due = await db.Query<(long AssemblyId, long OwnerId)>("""
            select m.assembly_id, m.owner_id from assembly_members m join assemblies a on a.id = m.assembly_id
            where a.status = 'convened' and m.channel = 'email' and m.opened_at is null and m.reminded_at is null
              and (a.meeting_at at time zone 'Europe/Brussels')::date between current_date and current_date + @days
            for update of m skip locked
            """, new { days = Delays.ReminderDaysBefore });
        foreach (var group in due.GroupBy(d => d.AssemblyId))
        {
            var assembly = await AssemblyData.Load(db, group.Key);
            var footer = await MailFooter.Of(db, assembly.BuildingId);
            var members = (await AssemblyData.Members(db, assembly.Id)).ToDictionary(m => m.OwnerId);
            foreach (var (_, ownerId) in group)
            {
                var m = members[ownerId];
                await outbox.Enqueue(db, new MailRequest(m.Email!, m.Name, m.Language, MailKinds.Legal, "ConvocationReminder",
                    new AssemblyMail(m.Name, assembly.BuildingName, assembly.Kind, assembly.MeetingLocal, assembly.Place, outbox.Link($"/convocation/{m.Token}")))
                {
                    BuildingId = assembly.BuildingId, Footer = footer, DedupeKey = $"convocation-reminder:{assembly.Id}:{ownerId}",
                });
                await db.Execute("update assembly_members set reminded_at = now() where assembly_id = @Id and owner_id = @ownerId", new { assembly.Id, ownerId });
            }
        }
        await db.Commit();
    }
}

/// <summary>The syndic is warned a week before the minutes of a held assembly are due (30 days), once.</summary>
public sealed class MinutesDeadlineJob(Db db, Notifier notifier) : IJob
{
    public async ValueTask Execute(IJobExecutionContext context, CancellationToken cancellationToken)
    {
        await db.Begin();
        var late = await db.Query<(long Id, long BuildingId, string BuildingName, DateTime MeetingAt)>("""
            select a.id, a.building_id, b.name, a.meeting_at from assemblies a join buildings b on b.id = a.building_id
            where a.status = 'closed' and a.minutes_sent_at is null and a.minutes_warned_at is null
              and (a.meeting_at at time zone 'Europe/Brussels')::date + @due - @warn <= current_date
            for update of a skip locked
            """, new { due = Delays.MinutesDays, warn = Delays.MinutesWarningDays });
        foreach (var a in late)
        {
            var syndics = await Syndics.UserIds(db, a.BuildingId);
            var due = Delays.MinutesDue(DateOnly.FromDateTime(BrusselsTime.FromUtc(a.MeetingAt)));
            await notifier.Send(db, syndics, new Notifier.News("Minutes to send", [], "The minutes of the assembly of {0} must reach the owners by {1}.",
                [a.BuildingName, due.ToString("d")], $"/assemblies/{a.Id}/minutes"));
            await db.Execute("update assemblies set minutes_warned_at = now() where id = @Id", new { a.Id });
        }
        await db.Commit();
    }
}

/// <summary>
/// The board and the syndic are alerted a week before a decision's deadline, and again when it passes unfinished;
/// mandates that start or end today change who holds the BoardMember role.
/// </summary>
public sealed class BoardFollowUpJob(Db db, Notifier notifier) : IJob
{
    private sealed record Due(long Id, long BuildingId, string BuildingName, string Title, DateOnly Deadline, string Status, bool Alerted, bool OverdueAlerted)
    {
        private DecisionStatus Stored => DecisionFollowUp.FromCode(Status);
        public bool Overdue => DecisionFollowUp.Shown(Stored, Deadline, BrusselsTime.Today) == DecisionStatus.Overdue;
        public bool Near => DecisionFollowUp.DueForAlert(Stored, Deadline, BrusselsTime.Today);
    }

    public async ValueTask Execute(IJobExecutionContext context, CancellationToken cancellationToken)
    {
        await db.Begin();
        await BoardRoles.Sync(db);
        // The candidates (still open, deadline within the alert window or past, an alert not yet sent); the rule decides.
        var candidates = await db.Query<Due>("""
            select d.id, d.building_id, b.name as building_name, d.title, d.deadline, d.status,
                   d.alerted_at is not null as alerted, d.overdue_alerted_at is not null as overdue_alerted
            from decisions d join buildings b on b.id = d.building_id
            where d.status in ('pending', 'in_progress') and d.deadline <= current_date + @days and (d.alerted_at is null or d.overdue_alerted_at is null)
            for update of d skip locked
            """, new { days = DecisionFollowUp.AlertDaysBefore });
        foreach (var d in candidates.Where(d => d.Overdue ? !d.OverdueAlerted : d.Near && !d.Alerted))
        {
            var board = await db.Query<long>("select user_id from user_roles where role = 'BoardMember' and building_id = @BuildingId", new { d.BuildingId });
            var people = board.Concat(await Syndics.UserIds(db, d.BuildingId));
            var news = d.Overdue
                ? new Notifier.News("A decision is overdue", [], "\"{0}\" ({1}) was due on {2}.", [d.Title, d.BuildingName, d.Deadline.ToString("d")], $"/decisions/{d.Id}")
                : new Notifier.News("A decision's deadline is near", [], "\"{0}\" ({1}) is due on {2}.", [d.Title, d.BuildingName, d.Deadline.ToString("d")], $"/decisions/{d.Id}");
            await notifier.Send(db, people, news);
            await db.Execute(d.Overdue ? "update decisions set overdue_alerted_at = now() where id = @Id" : "update decisions set alerted_at = now() where id = @Id", new { d.Id });
        }
        await db.Commit();
    }
}

/// <summary>Art. 3.87 §2: 15 days after owners holding one fifth asked, with no assembly called, they are told they may call it.</summary>
public sealed class AssemblyRequestFollowUpJob(Db db, Notifier notifier) : IJob
{
    public async ValueTask Execute(IJobExecutionContext context, CancellationToken cancellationToken)
    {
        await db.Begin();
        var overdue = await db.Query<(long Id, long BuildingId, string BuildingName)>("""
            select r.id, r.building_id, b.name from assembly_requests r join buildings b on b.id = r.building_id
            where r.assembly_id is null and r.follow_up_sent_at is null and r.threshold_reached_on + @days <= current_date
              and not exists (select 1 from assemblies a where a.building_id = r.building_id and a.status <> 'draft'
                              and a.convened_on >= r.threshold_reached_on)
            for update of r skip locked
            """, new { days = Delays.RequestFollowUpDays });
        foreach (var r in overdue)
        {
            var signers = await db.Query<long>("""
                select u.id from users u join assembly_request_signatures s on s.owner_id = u.owner_id where s.request_id = @Id
                """, new { r.Id });
            await notifier.Send(db, signers, new Notifier.News("You may call the assembly yourselves", [],
                "The syndic has not called the assembly you asked for in {0} within 15 days: one of the owners who asked may now call it (art. 3.87 §2).",
                [r.BuildingName], $"/buildings/{r.BuildingId}/requests"));
            await db.Execute("update assembly_requests set follow_up_sent_at = now() where id = @Id", new { r.Id });
        }
        await db.Commit();
    }
}
