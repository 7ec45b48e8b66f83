using KoproGo.Domain;
using KoproGo.Domain.Community;
using KoproGo.Web.Infrastructure;
using Quartz;

namespace KoproGo.Web.Pages.Community;

/// <summary>
/// Each morning, borrowers of a lent object get a reminder by e-mail the day before it is due and on the due date
/// (once each: the mail's dedupe key names the loan and the step).
/// </summary>
public sealed class LoanRemindersJob(Db db, Notifier notifier) : IJob
{
    public const string Key = "loan-reminders";

    private sealed record Due(long LoanId, long ObjectId, long BuildingId, long BorrowerId, string Name, DateOnly DueOn, string Owner);

    public async ValueTask Execute(IJobExecutionContext context, CancellationToken cancellationToken)
    {
        var today = BrusselsTime.Today;
        await db.Begin();
        var due = await db.Query<Due>($"""
            select k.id as loan_id, s.id as object_id, s.building_id, k.borrower_id, s.name, k.due_on, o.name as owner
            from object_loans k join shared_objects s on s.id = k.object_id join neighbours o on o.id = s.member_id
            where k.status = 'lent' and k.due_on in (@today, @tomorrow)
            """, new { today, tomorrow = today.AddDays(1) });
        foreach (var d in due)
        {
            var step = Loans.ReminderOn(LoanStatus.Lent, d.DueOn, today);
            if (step == LoanReminder.None) continue;
            await notifier.MailOnly(db, await CommunityBuilding.UsersOf(db, d.BorrowerId),
                new Notifier.News(step == LoanReminder.DayBefore ? "{0} is due back tomorrow" : "{0} is due back today", [d.Name],
                    "Please bring \"{0}\" back to {1} by {2:D}. Thank you for taking care of it.", [d.Name, d.Owner, d.DueOn], $"/objects/{d.ObjectId}"),
                d.BuildingId, $"loan-reminder:{d.LoanId}:{step.ToCode()}");
        }
        await db.Commit();
    }
}
