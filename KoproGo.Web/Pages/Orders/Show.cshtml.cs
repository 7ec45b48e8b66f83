using KoproGo.Domain.Works;
using KoproGo.Web.Infrastructure;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.Extensions.Localization;

namespace KoproGo.Web.Pages.Orders;

/// <summary>
/// One work order for the syndic and the board: what was ordered, the contractor's steps and report, the photos before
/// and after; the works validated (with a rating) or sent back for correction by whoever the building named; the
/// invoice it became, flagged when above the order; closing it ends the contractor's link when nothing else is open.
/// </summary>
[Authorize(Policy = Policies.BuildingReader)]
public sealed class ShowModel(Db db, Notifier notifier, IStringLocalizer<SharedResource> l) : PageModel
{
    public OrderData.Order Item { get; private set; } = null!;
    public IReadOnlyList<int> Before { get; private set; } = [];
    public IReadOnlyList<int> After { get; private set; } = [];

    [BindProperty] public string? Rating { get; set; }
    [BindProperty] public string? Reason { get; set; }

    public bool IsSyndic => User.Viewer().IsSyndic;
    public bool MayValidate => Item.WorksValidatedBy == "board" ? User.Viewer().BoardBuildingIds.Contains(Item.BuildingId) : IsSyndic;

    private async Task<bool> Load(long id)
    {
        if (await OrderData.Find(db, User.Viewer(), id) is not { } item) return false;
        Item = item;
        Before = await OrderData.Photos(db, id, "before");
        After = await OrderData.Photos(db, id, "after");
        return true;
    }

    public async Task<IActionResult> OnGet(long id) => await Load(id) ? Page() : NotFound();

    public async Task<IActionResult> OnGetPhoto(long id, int position)
    {
        if (await OrderData.Find(db, User.Viewer(), id) is null) return NotFound();
        var jpeg = await db.QuerySingleOrDefault<byte[]?>("select content from work_order_photos where order_id = @id and position = @position", new { id, position });
        return jpeg is null ? NotFound() : File(jpeg, "image/jpeg");
    }

    private Task<bool> Move(string to, string set, object values) =>
        OrderData.Move(db, Item.Id, Item.State, to, set, User.Viewer().Params(values));

    private IActionResult Refused(string field, string message)
    {
        ModelState.AddModelError(field, l[message]);
        return Page();
    }

    public async Task<IActionResult> OnPostValidate(long id)
    {
        if (!await Load(id) || !MayValidate) return NotFound();
        if (Item.State != "done") return Refused(nameof(Rating), "The contractor has not reported the works done.");
        int? rating = null;
        if (FormInput.Trimmed(Rating) is { } typed)
        {
            if (int.TryParse(typed, out var r) && r is >= WorkOrders.MinRating and <= WorkOrders.MaxRating) rating = r;
            else return Refused(nameof(Rating), "Choose one of the answers offered.");
        }
        if (!await Move("validated", "validated_at = now(), validated_by = @ViewerUserId, rating = @rating", new { rating }))
            return Refused(nameof(Rating), "The order has moved on meanwhile: look at it again.");
        await AuditLog.Record(db, User.Viewer(), "work_order", id, "validated", AuditLog.Says("{0}: works validated", Item.Title), after: new { rating });
        await OrderMail.Send(db, notifier, User.Viewer(), id, "Works validated: {0}", "{0} validated the works \"{1}\" at {2}. Send your invoice through your personal link.");
        TempData["Notice"] = "The works are validated; the contractor may send the invoice.";
        return Redirect($"/orders/{id}");
    }

    public async Task<IActionResult> OnPostCorrection(long id)
    {
        if (!await Load(id) || !MayValidate) return NotFound();
        if (Item.State != "done") return Refused(nameof(Reason), "The contractor has not reported the works done.");
        var reason = FormInput.Trimmed(Reason);
        if (reason is null) return Refused(nameof(Reason), "Say what must be corrected.");
        if (reason.Length > 1000) { ModelState.AddModelError(nameof(Reason), l["This is too long: at most {0} characters.", 1000]); return Page(); }
        if (!await Move("needs_correction", "corrections = corrections + 1, correction_reason = @reason", new { reason }))
            return Refused(nameof(Reason), "The order has moved on meanwhile: look at it again.");
        await AuditLog.Record(db, User.Viewer(), "work_order", id, "correction_asked", AuditLog.Says("{0}: {1}", Item.Title, reason));
        await OrderMail.Send(db, notifier, User.Viewer(), id, "Correction asked: {0}", "{0} asks for a correction of the works \"{1}\" at {2}: see your personal link.");
        TempData["Notice"] = "The contractor is asked to correct the works.";
        return Redirect($"/orders/{id}");
    }

    public async Task<IActionResult> OnPostClose(long id)
    {
        if (!IsSyndic || !await Load(id)) return NotFound();
        if (Item.State != "invoiced" || Item.InvoiceStatus is not ("approved" or "paid"))
            return Refused(nameof(Reason), "An order closes once its invoice is approved.");
        if (!await Move("closed", "closed_at = now()", new { }))
            return Refused(nameof(Reason), "The order has moved on meanwhile: look at it again.");
        await ContractorLinks.RevokeWhenNothingOpen(db, Item.SupplierId);
        await AuditLog.Record(db, User.Viewer(), "work_order", id, "closed", AuditLog.Says("{0}: closed", Item.Title));
        TempData["Notice"] = "The order is closed.";
        return Redirect($"/orders/{id}");
    }

    public async Task<IActionResult> OnPostCancel(long id)
    {
        if (!IsSyndic || !await Load(id)) return NotFound();
        var reason = FormInput.Trimmed(Reason);
        if (!WorkOrders.CanMove(Item.State, "cancelled")) return Refused(nameof(Reason), "Works under way cannot be cancelled here.");
        if (reason is null) return Refused(nameof(Reason), "Say why it is cancelled.");
        if (reason.Length > 500) { ModelState.AddModelError(nameof(Reason), l["This is too long: at most {0} characters.", 500]); return Page(); }
        if (!await Move("cancelled", "cancel_reason = @reason", new { reason }))
            return Refused(nameof(Reason), "The order has moved on meanwhile: look at it again.");
        await ContractorLinks.RevokeWhenNothingOpen(db, Item.SupplierId);
        await AuditLog.Record(db, User.Viewer(), "work_order", id, "cancelled", AuditLog.Says("{0}: {1}", Item.Title, reason));
        TempData["Notice"] = "The order is cancelled.";
        return Redirect($"/orders/{id}");
    }

    public async Task<IActionResult> OnPostLink(long id)
    {
        if (!IsSyndic || !await Load(id) || !WorkOrders.IsOpen(Item.State)) return NotFound();
        await OrderMail.Send(db, notifier, User.Viewer(), id, "Your personal link", "{0} sends you a new personal link for the works \"{1}\" at {2}.", replacing: true);
        TempData["Notice"] = "A new personal link is on its way.";
        return Redirect($"/orders/{id}");
    }
}

/// <summary>When a contractor's links end besides their 72 hours.</summary>
public static class ContractorLinks
{
    /// <summary>The order closed (or was cancelled): the contractor's links end when no other order or request for quotes waits for them.</summary>
    public static Task RevokeWhenNothingOpen(Db db, long supplierId) => db.Execute("""
        update contractor_links set revoked_at = now()
        where supplier_id = @supplierId and revoked_at is null
          and not exists (select 1 from work_orders o where o.supplier_id = @supplierId and o.state not in ('closed', 'cancelled'))
          and not exists (select 1 from works_request_invitations i join works_requests w on w.id = i.request_id
                          where i.supplier_id = @supplierId and w.state = 'collecting')
        """, new { supplierId });
}
