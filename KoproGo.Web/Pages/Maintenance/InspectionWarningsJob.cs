using KoproGo.Domain.Works;
using KoproGo.Web.Infrastructure;
using Quartz;

namespace KoproGo.Web.Pages.Maintenance;

/// <summary>
/// Every morning: warns the syndics of an inspection due within a month, due today, or overdue — each warning once per
/// due date (inspection_warnings' key) — and of a works warranty ending within <see cref="WorkOrders.WarrantyWarningDays"/>
/// days (once per order), by a notification and an e-mail for those who take notifications by mail.
/// </summary>
public sealed class InspectionWarningsJob(Db db, Notifier notifier) : IJob
{
    public const string Key = "inspection-warnings";

    public async ValueTask Execute(IJobExecutionContext context, CancellationToken cancellationToken)
    {
        await db.Begin();
        var today = BrusselsTime.Today;
        var all = await db.Query<MaintenanceData.Equipment>(
            $"select {MaintenanceData.Columns} from {MaintenanceData.From} where e.inspection_months is not null order by e.id");
        foreach (var e in all)
        {
            if (cancellationToken.IsCancellationRequested) break;
            if (e.NextDue is not { } due || Inspections.WarningOn(due, today) is not { } warning) continue;
            var first = await db.Execute("""
                insert into inspection_warnings (equipment_id, due_on, warning) values (@Id, @due, @warning) on conflict do nothing
                """, new { e.Id, due, warning = Inspections.Code(warning) });
            if (first == 0) continue;
            var (title, body) = warning switch
            {
                InspectionWarning.Soon => ("Inspection due soon: {0}", "The inspection of {0} at {1} is due on {2:d}."),
                InspectionWarning.Due => ("Inspection due today: {0}", "The inspection of {0} at {1} is due today, {2:d}."),
                _ => ("Inspection overdue: {0}", "The inspection of {0} at {1} was due on {2:d}."),
            };
            await notifier.Send(db, await Syndics.UserIds(db, e.BuildingId), new Notifier.News(title, [e.Name], body, [e.Name, e.BuildingName, due], $"/maintenance/{e.Id}"));
        }
        // the statement marks each order it warns of, so a warranty is warned of once however often the job runs
        var ending = await db.Query<(long Id, long BuildingId, string BuildingName, string Title, DateOnly Ends)>("""
            update work_orders o set warranty_warned_at = now() from buildings b
            where b.id = o.building_id and o.warranty_warned_at is null and o.state in ('validated', 'invoiced', 'closed')
              and ((o.validated_at at time zone 'Europe/Brussels')::date + make_interval(years => o.warranty_years))::date between @today and @until
            returning o.id, o.building_id, b.name, o.title, ((o.validated_at at time zone 'Europe/Brussels')::date + make_interval(years => o.warranty_years))::date
            """, new { today, until = today.AddDays(WorkOrders.WarrantyWarningDays) });
        foreach (var w in ending)
            await notifier.Send(db, await Syndics.UserIds(db, w.BuildingId), new Notifier.News("Warranty ending: {0}", [w.Title],
                "The warranty of the works \"{0}\" at {1} ends on {2:d}: have them checked while a defect can still be claimed.", [w.Title, w.BuildingName, w.Ends], $"/orders/{w.Id}"));
        await db.Commit();
    }
}
