using KoproGo.Web.Infrastructure;

namespace KoproGo.Web.Pages.Orders;

/// <summary>Writes to the contractor of an order, in their language, with a fresh personal link to it.</summary>
public static class OrderMail
{
    /// <param name="bodyKey">A text with {0} the syndic's name, {1} the order's title, {2} the building, {3} the start date.</param>
    /// <param name="replacing">A link sent because the earlier one was lost: the earlier ones stop working.</param>
    public static async Task Send(Db db, Notifier notifier, Viewer viewer, long orderId, string titleKey, string bodyKey, bool replacing = false)
    {
        var o = await db.QuerySingle<(long OrganisationId, long BuildingId, string BuildingName, long SupplierId, string Name, string? Email, string Language, string Title, DateOnly StartOn)>("""
            select o.organisation_id, o.building_id, b.name, o.supplier_id, s.name, s.email, s.language, o.title, o.start_on
            from work_orders o join buildings b on b.id = o.building_id join suppliers s on s.id = o.supplier_id where o.id = @orderId
            """, new { orderId });
        if (o.Email is null) return;
        var token = await Contractors.ContractorAccess.Issue(db, o.OrganisationId, o.SupplierId, viewer.UserId == 0 ? null : viewer.UserId, replacing);
        await notifier.MailTo(db, new Notifier.Address(o.Email, o.Name, o.Language, o.OrganisationId),
            new Notifier.News(titleKey, [o.Title], bodyKey, [viewer.Name, o.Title, o.BuildingName, o.StartOn.ToDateTime(TimeOnly.MinValue)], $"/c/{token}"), o.BuildingId);
    }
}
