using KoproGo.Domain.Works;
using KoproGo.Web.Infrastructure;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace KoproGo.Web.Pages.Works;

/// <summary>The works requests: the syndic's across the firm, the board's of its building. Newest first, 25 a page.</summary>
[Authorize(Policy = Policies.BuildingReader)]
public sealed class IndexModel(Db db) : PageModel
{
    private const int PageSize = 25;

    [BindProperty(SupportsGet = true)] public long? Building { get; set; }
    [BindProperty(SupportsGet = true)] public string? State { get; set; }
    // from the query string only: "page" is also the route value naming the Razor page
    [FromQuery(Name = "page")] public int? PageNumber { get; set; }

    public sealed record Place(long Id, string Name);
    public IReadOnlyList<Place> Buildings { get; private set; } = [];
    public IReadOnlyList<WorksData.Request> Requests { get; private set; } = [];
    public Paging Paging { get; private set; } = null!;

    public async Task OnGet()
    {
        var viewer = User.Viewer();
        if (State is not null && !WorksRequests.States.Contains(State)) State = null;
        Buildings = await db.Query<Place>($"select b.id, b.name from buildings b where {Viewer.VisibleBuilding} order by b.name", viewer.Params());
        var page = Paging.Clamp(PageNumber ?? 1);
        var total = await db.Scalar<long>($"""
            select count(*) from works_requests w where {WorksData.Visible} and (@building::bigint is null or w.building_id = @building)
              and (@state::text is null or w.state = @state)
            """, viewer.Params(new { building = Building, state = State }));
        Requests = await WorksData.List(db, viewer, Building, State, (page - 1) * PageSize, PageSize);
        Paging = new Paging(page, PageSize, total, "/works", new Dictionary<string, string?> { ["building"] = Building?.ToString(), ["state"] = State });
    }
}
