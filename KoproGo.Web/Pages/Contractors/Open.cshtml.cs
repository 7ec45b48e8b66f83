using KoproGo.Web.Infrastructure;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace KoproGo.Web.Pages.Contractors;

/// <summary>
/// The personal link a contractor received by mail. A valid one opens their pages (the secret leaves the address bar at
/// once); an expired one offers to mail a new link to the address the syndic has on record, never to another.
/// </summary>
[AllowAnonymous]
public sealed class OpenModel(Db db, ContractorAccess access, Notifier notifier) : PageModel
{
    public ContractorAccess.State State { get; private set; }
    public bool Sent { get; private set; }

    public async Task<IActionResult> OnGet(string token)
    {
        var link = await ContractorAccess.Find(db, token);
        State = link?.State ?? ContractorAccess.State.Unknown;
        if (link is null || State != ContractorAccess.State.Valid) return Page();
        access.Open(HttpContext, link);
        return Redirect("/contractor");
    }

    /// <summary>A new link for an expired one, at most one every 10 minutes, to the contractor's address on record.</summary>
    public async Task<IActionResult> OnPost(string token)
    {
        var link = await ContractorAccess.Find(db, token);
        State = link?.State ?? ContractorAccess.State.Unknown;
        if (link is null || State != ContractorAccess.State.Expired) return Page();
        var s = await db.QuerySingle<(string Name, string? Email, string Language)>("select name, email, language from suppliers where id = @SupplierId", new { link.SupplierId });
        var recent = await db.Scalar<bool>("select exists (select 1 from contractor_links where supplier_id = @SupplierId and created_at > now() - interval '10 minutes')", new { link.SupplierId });
        // any building of the firm where they were asked, for the mail's footer
        var buildingId = await db.QuerySingleOrDefault<long?>("""
            select w.building_id from works_request_invitations i join works_requests w on w.id = i.request_id
            where i.supplier_id = @SupplierId order by i.invited_at desc limit 1
            """, new { link.SupplierId });
        if (s.Email is not null && !recent && buildingId is not null)
        {
            var fresh = await ContractorAccess.Issue(db, link.OrganisationId, link.SupplierId, createdBy: null);
            await notifier.MailTo(db, new Notifier.Address(s.Email, s.Name, s.Language, link.OrganisationId),
                new Notifier.News("Your personal link", [], "Here is a new personal link to your requests for quotes and orders. It works for 72 hours.", [], $"/c/{fresh}"),
                buildingId.Value);
            await AuditLog.Record(db, ContractorAccess.ViewerOf(link.OrganisationId, s.Name, link.Id), "supplier", link.SupplierId, "link_asked", AuditLog.Says("{0} asked for a new personal link", s.Name));
        }
        // the same answer whatever happened: the page tells nobody whether an address exists
        Sent = true;
        return Page();
    }
}
