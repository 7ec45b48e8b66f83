using KoproGo.Domain.Sales;
using KoproGo.Web.Infrastructure;
using Quartz;

namespace KoproGo.Web.Pages.EtatDates;

/// <summary>
/// Every morning: reminds the syndics of an état daté not delivered on the tenth day of the request, alerts them once it
/// is late (after the fifteenth), each once (the columns remember), and marks expired those delivered 90 days ago.
/// </summary>
public sealed class EtatDateJob(Db db, Notifier notifier) : IJob
{
    public const string Key = "etat-date-deadlines";

    private sealed record Due(long Id, long OrganisationId, long BuildingId, string BuildingName, string? Number, string NotaryName, DateOnly ReceivedOn);

    public async ValueTask Execute(IJobExecutionContext context, CancellationToken cancellationToken) => await Run(BrusselsTime.Today);

    public async Task Run(DateOnly today)
    {
        var open = await db.Query<Due>("""
            select e.id, e.organisation_id, e.building_id, b.name as building_name, e.number, e.notary_name, e.received_on
            from etat_dates e join buildings b on b.id = e.building_id
            where e.state in ('requested', 'in_progress', 'generated') and (e.reminded_at is null or e.late_alerted_at is null)
            """);
        foreach (var e in open)
        {
            var late = today > EtatDateRules.DueOn(e.ReceivedOn);
            if (!late && today < EtatDateRules.RemindOn(e.ReceivedOn)) continue;
            var column = late ? "late_alerted_at" : "reminded_at";
            await db.Begin();
            if (await db.Execute($"update etat_dates set {column} = now() where id = @Id and {column} is null", e) == 1)
                await notifier.Send(db, await Syndics.UserIds(db, e.BuildingId), new Notifier.News(
                    late ? "État daté late: {0}" : "État daté due soon: {0}", [e.BuildingName],
                    late ? "The état daté asked by {0} on {1} was due on {2}: deliver it to the notary without delay."
                         : "The état daté asked by {0} on {1} is due on {2}.",
                    [e.NotaryName, e.ReceivedOn.ToString("d"), EtatDateRules.DueOn(e.ReceivedOn).ToString("d")], $"/etats-dates/{e.Id}"),
                    await Infrastructure.Mail.MailFooter.Of(db, e.BuildingId));
            await db.Commit();
        }
        await db.Begin();
        var expired = await db.Query<(long Id, long OrganisationId, string? Number)>("""
            update etat_dates set state = 'expired' where state = 'delivered' and expires_on <= @today and transfer_on is null
            returning id, organisation_id, number
            """, new { today });
        foreach (var e in expired)
            await AuditLog.Record(db, Viewer.Anonymous with { OrganisationId = e.OrganisationId, Name = "KoproGo" }, "etat_date", e.Id, "expired",
                AuditLog.Says("État daté {0} expired: 90 days after its delivery", e.Number));
        await db.Commit();
    }
}
