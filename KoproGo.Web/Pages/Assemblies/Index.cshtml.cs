using KoproGo.Web.Infrastructure;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace KoproGo.Web.Pages.Assemblies;

/// <summary>A building's general assemblies, and what owners asked for: agenda items and extraordinary assemblies.</summary>
[Authorize(Policy = Policies.BuildingReader)]
public sealed class IndexModel(Db db) : PageModel
{
    public sealed record Row(long Id, string Kind, DateTime MeetingAt, string Place, string Status, long? FirstAssemblyId)
    {
        public DateTime MeetingLocal => BrusselsTime.FromUtc(MeetingAt);
    }

    public sealed record AgendaRequest(long Id, string OwnerName, string Title, string Body, DateTime CreatedAt);

    public sealed class AssemblyRequest
    {
        public long Id { get; init; }
        public string Reason { get; init; } = "";
        public DateTime CreatedAt { get; init; }
        public DateOnly? ThresholdReachedOn { get; init; }
        public long Signatures { get; init; }
        public long Shares { get; init; }
    }

    public long BuildingId { get; private set; }
    public string BuildingName { get; private set; } = "";
    public int TotalShares { get; private set; }
    public IReadOnlyList<Row> Assemblies { get; private set; } = [];
    public IReadOnlyList<AgendaRequest> AgendaRequests { get; private set; } = [];
    public IReadOnlyList<AssemblyRequest> AssemblyRequests { get; private set; } = [];
    public bool CanManage => User.IsInRole(Roles.Syndic);

    private sealed record BuildingRef(long Id, string Name, int TotalShares);

    public async Task<IActionResult> OnGet(long id)
    {
        var building = await db.QuerySingleOrDefault<BuildingRef>(
            $"select b.id, b.name, b.total_shares from buildings b where b.id = @id and {Viewer.VisibleBuilding}", User.Viewer().Params(new { id }));
        if (building is null) return NotFound();
        (BuildingId, BuildingName, TotalShares) = (building.Id, building.Name, building.TotalShares);
        Assemblies = await db.Query<Row>("""
            select id, kind, meeting_at, place, status, first_assembly_id from assemblies where building_id = @id order by meeting_at desc
            """, new { id });
        AgendaRequests = await db.Query<AgendaRequest>($"""
            select r.id, {Labels.PersonNameSql("o")} as owner_name, r.title, r.body, r.created_at
            from agenda_requests r join owners o on o.id = r.owner_id
            where r.building_id = @id and r.status = 'pending' order by r.created_at
            """, new { id });
        AssemblyRequests = await db.Query<AssemblyRequest>($"""
            select r.id, r.reason, r.created_at, r.threshold_reached_on, count(s.owner_id) as signatures,
                   {Requests.IndexModel.SignedShares} as shares
            from assembly_requests r left join assembly_request_signatures s on s.request_id = r.id
            where r.building_id = @id and r.assembly_id is null
            group by r.id order by r.created_at
            """, new { id });
        return Page();
    }
}
