using KoproGo.Domain;
using KoproGo.Domain.Community;
using KoproGo.Web.Infrastructure;
using KoproGo.Web.Infrastructure.Mail;
using Quartz;

namespace KoproGo.Web.Pages.Community;

/// <summary>
/// Each morning, borrowers of a lent object get a reminder by e-mail the day before it is due and on the due date
/// (once each: the mail's dedupe key names the loan and the step).
/// </summary>
public sealed class LoanRemindersJob(Db db, Outbox outbox) : IJob
{
    public const string Key = "loan-reminders";

    private sealed record Due(long LoanId, long ObjectId, long BuildingId, string Name, DateOnly DueOn, string Owner, string Email, string DisplayName,
        string Language, long OrganisationId);

    public async ValueTask Execute(IJobExecutionContext context, CancellationToken cancellationToken)
    {
        var today = BrusselsTime.Today;
        await db.Begin();
        var due = await db.Query<Due>($"""
            select k.id as loan_id, s.id as object_id, s.building_id, s.name, k.due_on, {CommunityBuilding.NeighbourSql("o")} as owner,
                   u.email, u.display_name, u.language, u.organisation_id
            from object_loans k join shared_objects s on s.id = k.object_id join owners o on o.id = s.owner_id
                 join users u on u.owner_id = k.borrower_id and u.disabled_at is null and u.password_hash is not null
            where k.status = 'lent' and k.due_on in (@today, @tomorrow)
            """, new { today, tomorrow = today.AddDays(1) });
        foreach (var d in due)
        {
            var step = Loans.ReminderOn(LoanStatus.Lent, d.DueOn, today);
            if (step == LoanReminder.None) continue;
            var culture = Languages.Culture(d.Language);
            var title = string.Format(culture, Languages.Text(d.Language, step == LoanReminder.DayBefore ? "{0} is due back tomorrow" : "{0} is due back today"), d.Name);
            var body = string.Format(culture, Languages.Text(d.Language, "Please bring \"{0}\" back to {1} by {2}. Thank you for taking care of it."),
                d.Name, d.Owner, d.DueOn.ToString("D", culture));
            await outbox.Enqueue(db, new MailRequest(d.Email, d.DisplayName, d.Language, MailKinds.Account, "Notification",
                new Notifier.Mail(title, body, outbox.Link($"/objects/{d.ObjectId}")))
            {
                OrganisationId = d.OrganisationId, BuildingId = d.BuildingId, Footer = await MailFooter.Of(db, d.BuildingId),
                DedupeKey = $"loan-reminder:{d.LoanId}:{step.ToCode()}:{d.Email}",
            });
        }
        await db.Commit();
    }
}
