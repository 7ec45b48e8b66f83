using KoproGo.Domain.Works;
using KoproGo.Web.Infrastructure;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace KoproGo.Web.Pages.Orders;

/// <summary>The work orders: the syndic's across the firm, the board's of its building. Newest first, 25 a page.</summary>
[Authorize(Policy = Policies.BuildingReader)]
public sealed class IndexModel(Db db) : PageModel
{
    private const int PageSize = 25;

    [BindProperty(SupportsGet = true)] public long? Building { get; set; }
    [BindProperty(SupportsGet = true)] public string? State { get; set; }
    // from the query string only: "page" is also the route value naming the Razor page
    [FromQuery(Name = "page")] public int? PageNumber { get; set; }

    public IReadOnlyList<Works.IndexModel.Place> Buildings { get; private set; } = [];
    public IReadOnlyList<OrderData.Order> Orders { get; private set; } = [];
    public Paging Paging { get; private set; } = null!;

    public async Task OnGet()
    {
        var viewer = User.Viewer();
        if (State is not null && !WorkOrders.States.Contains(State)) State = null;
        Buildings = await db.Query<Works.IndexModel.Place>($"select b.id, b.name from buildings b where {Viewer.VisibleBuilding} order by b.name", viewer.Params());
        var page = Paging.Clamp(PageNumber ?? 1);
        var total = await OrderData.Count(db, viewer, Building, State);
        Orders = await OrderData.List(db, viewer, Building, State, (page - 1) * PageSize, PageSize);
        Paging = new Paging(page, PageSize, total, "/orders", new Dictionary<string, string?> { ["building"] = Building?.ToString(), ["state"] = State });
    }
}
