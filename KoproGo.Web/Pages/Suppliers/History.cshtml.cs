using KoproGo.Domain.Works;
using KoproGo.Web.Infrastructure;
using KoproGo.Web.Pages.Orders;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace KoproGo.Web.Pages.Suppliers;

/// <summary>A contractor's history with the firm: their orders, the delays met, the corrections asked, the average rating, the track record the comparison uses.</summary>
[Authorize(Policy = Policies.Staff)]
public sealed class HistoryModel(Db db) : PageModel
{
    public string Name { get; private set; } = "";
    public IReadOnlyList<OrderData.Order> Orders { get; private set; } = [];
    public QuoteComparison.History History { get; private set; } = new(0, 0, 0, null);
    public decimal TrackRecord => QuoteComparison.TrackRecord(History);

    public async Task<IActionResult> OnGet(long id)
    {
        var viewer = User.Viewer();
        if (await db.QuerySingleOrDefault<string?>("select name from suppliers where id = @id and organisation_id = @OrgId", viewer.Params(new { id })) is not { } name)
            return NotFound();
        Name = name;
        Orders = await OrderData.OfSupplier(db, viewer.OrganisationId, id);
        History = (await OrderData.Histories(db, viewer.OrganisationId, [id])).GetValueOrDefault(id, History);
        return Page();
    }
}
