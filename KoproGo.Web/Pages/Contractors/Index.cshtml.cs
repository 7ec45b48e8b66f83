using KoproGo.Web.Infrastructure;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace KoproGo.Web.Pages.Contractors;

/// <summary>A contractor's own page, through their link: the requests for quotes they were asked, and their answers.</summary>
[AllowAnonymous]
public sealed class IndexModel(Db db, ContractorAccess access) : PageModel
{
    public ContractorAccess.Contractor Contractor { get; private set; } = null!;

    public sealed record Asked(long Id, string Title, string BuildingName, string City, DateOnly AnswerBy, string State, decimal? AmountExclVat, string? QuoteStatus);
    public IReadOnlyList<Asked> Requests { get; private set; } = [];
    public IReadOnlyList<Orders.OrderData.Order> Orders { get; private set; } = [];

    /// <summary>The requests a contractor may see: those they were invited to or quoted for, in the link's organisation.</summary>
    public const string TheirRequests = """
        w.organisation_id = @OrganisationId and (exists (select 1 from works_request_invitations i where i.request_id = w.id and i.supplier_id = @SupplierId)
            or exists (select 1 from quotes q where q.request_id = w.id and q.supplier_id = @SupplierId))
        """;

    public async Task<IActionResult> OnGet()
    {
        if (await access.Current(HttpContext, db) is not { } contractor) return Redirect("/contractor/signed-out");
        Contractor = contractor;
        Requests = await db.Query<Asked>($"""
            select w.id, w.title, b.name as building_name, b.city, w.answer_by, w.state, q.amount_excl_vat, q.status as quote_status
            from works_requests w join buildings b on b.id = w.building_id
            left join quotes q on q.request_id = w.id and q.supplier_id = @SupplierId
            where {TheirRequests} and w.state <> 'cancelled'
            order by (w.state = 'collecting') desc, w.answer_by desc, w.id desc limit 100
            """, new { contractor.OrganisationId, contractor.SupplierId });
        Orders = [.. (await Pages.Orders.OrderData.OfSupplier(db, contractor.OrganisationId, contractor.SupplierId)).Where(o => o.State != "cancelled").Take(50)];
        return Page();
    }

    public IActionResult OnPostLeave()
    {
        ContractorAccess.Close(HttpContext);
        return Redirect("/contractor/signed-out");
    }
}
