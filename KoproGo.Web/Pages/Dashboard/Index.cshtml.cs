using Dapper;
using KoproGo.Web.Pages.Buildings;
using KoproGo.Web.Infrastructure;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace KoproGo.Web.Pages.Dashboard;

/// <summary>The syndic's (and board's) start page: each building with its key figures.</summary>
[Authorize(Policy = Policies.BuildingReader)]
public sealed class IndexModel(Db db) : PageModel
{
    public sealed class BuildingCard : BuildingFigures
    {
        public long Id { get; init; }
        public string Name { get; init; } = "";
        public string Street { get; init; } = "";
        public string Postcode { get; init; } = "";
        public string City { get; init; } = "";
        public long Owners { get; init; }
        public long LotsWithoutOwner { get; init; }
        public long OpenProblems { get; init; }
        /// <summary>Problem reports left open past their building's delay, and inspections past their due date: the syndic's delays the board watches.</summary>
        public long OverdueProblems { get; init; }
        public long OverdueInspections { get; init; }
        /// <summary>Works decided by the assembly without quotes asked after 30 days, and voted works not started after 60.</summary>
        public long QuotesLate { get; init; }
        public long StartLate { get; init; }
    }

    public string OrganisationName { get; private set; } = "";
    public IReadOnlyList<BuildingCard> Buildings { get; private set; } = [];

    public async Task OnGet()
    {
        var viewer = User.Viewer();
        // the firm's name and its buildings in one round trip
        await using var results = await db.QueryMultiple($"""
            select name from organisations where id = @OrgId;
            select b.id, b.name, b.street, b.postcode, b.city, b.total_shares,
                   coalesce(sum(l.quota), 0) as allocated,
                   coalesce(array_agg(l.kind) filter (where l.id is not null), array[]::text[]) as lot_kinds,
                   (select count(distinct o.owner_id) from lot_ownerships o join lots l2 on l2.id = o.lot_id
                    where l2.building_id = b.id and {Ownerships.HeldToday}) as owners,
                   count(l.id) filter (where not exists (
                       select 1 from lot_ownerships o where o.lot_id = l.id and {Ownerships.HeldToday})) as lots_without_owner,
                   (select count(*) from problem_reports r where r.building_id = b.id and r.state in ('open', 'in_progress')) as open_problems,
                   (select count(*) from problem_reports r where r.building_id = b.id and {Problems.ProblemData.OverdueSql}) as overdue_problems,
                   (select count(*) from equipment e where e.building_id = b.id and {Maintenance.MaintenanceData.OverdueSql}) as overdue_inspections,
                   (select count(*) from decisions d join agenda_items i on i.id = d.agenda_item_id join assemblies a on a.id = i.assembly_id
                    where d.building_id = b.id and {Works.WorksData.QuotesLateSql}) as quotes_late,
                   (select count(*) from works_requests w where w.building_id = b.id and {Works.WorksData.StartLateSql}) as start_late
            from buildings b left join lots l on l.building_id = b.id
            where {Viewer.VisibleBuilding}
            group by b.id
            order by b.name collate natural_sort
            """, Parameters(viewer));
        OrganisationName = await results.ReadSingleOrDefaultAsync<string>() ?? "";
        Buildings = (await results.ReadAsync<BuildingCard>()).AsList();
    }

    private static Dapper.DynamicParameters Parameters(Viewer viewer)
    {
        var parameters = Problems.ProblemData.Params(viewer);
        parameters.AddDynamicParams(Works.WorksData.FollowUpParams);
        return parameters;
    }
}
