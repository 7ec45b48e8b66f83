using KoproGo.Web.Infrastructure;
using Quartz;

namespace KoproGo.Web.Pages.Budgets;

/// <summary>
/// Every morning, for each approved budget of the current year: an account spent beyond its budget by more than the
/// building's tolerance alerts the syndic and the board, once per account and tolerance (budget_alerts remembers).
/// </summary>
public sealed class BudgetAlertsJob(Db db, Notifier notifier) : IJob
{
    public const string Key = "budget-alerts";

    private sealed record Approved(long Id, long BuildingId, string BuildingName, string Language, int Year, string State, string Frequency, decimal Tolerance);

    public async ValueTask Execute(IJobExecutionContext context, CancellationToken cancellationToken)
    {
        var budgets = await db.Query<Approved>("""
            select b.id, b.building_id, g.name as building_name, g.language, b.year, b.state, b.frequency, g.budget_tolerance as tolerance
            from budgets b join buildings g on g.id = b.building_id where b.state = 'approved' and b.year = @year
            """, new { year = BrusselsTime.Today.Year });
        foreach (var a in budgets)
        {
            var budget = new BudgetData.Budget(a.Id, a.BuildingId, a.Year, a.State, a.Frequency, null, null, null, null);
            foreach (var row in (await VarianceModel.Compute(db, budget, a.Language, a.Tolerance, monthly: false)).Where(r => r.Over))
            {
                await db.Begin();
                var first = await db.Execute("""
                    insert into budget_alerts (budget_id, account_code, tolerance) values (@Id, @Account, @Tolerance) on conflict do nothing
                    """, new { a.Id, row.Account, a.Tolerance });
                if (first == 1)
                    await notifier.Send(db, await Syndics.AndBoard(db, a.BuildingId),
                        new Notifier.News("Over budget: {0} at {1}", [$"{row.Account} {row.Label}", a.BuildingName],
                            "{0:C} spent so far against a budget of {1:C} for the year.", [row.ToDate, row.Budgeted],
                            $"/budgets/{a.Id}/variance"));
                await db.Commit();
            }
        }
    }
}
