using KoproGo.Domain.Buildings;
using KoproGo.Web.Infrastructure;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace KoproGo.Web.Pages.My;

/// <summary>"My lots": what an owner holds today, per building, with the syndic to call.</summary>
[Authorize(Policy = Policies.Owner)]
public sealed class IndexModel(Db db) : PageModel
{
    public sealed record Holding(long BuildingId, string BuildingName, string Street, string Postcode, string City, string Slug,
        int TotalShares, string SyndicName, string SyndicPhone, string SyndicEmail, string LotNumber, string LotKind, int? Floor,
        decimal? Area, int Quota, int ShareNumerator, int ShareDenominator, string OwnershipRight, DateOnly ValidFrom)
    {
        public Share Share => new(ShareNumerator, ShareDenominator);
    }

    public IReadOnlyList<IGrouping<long, Holding>> Buildings { get; private set; } = [];

    public async Task OnGet()
    {
        var holdings = await db.Query<Holding>($"""
            select b.id as building_id, b.name as building_name, b.street, b.postcode, b.city, b.slug, b.total_shares,
                   b.syndic_name, b.syndic_phone, b.syndic_email,
                   l.number as lot_number, l.kind as lot_kind, l.floor, l.area, l.quota,
                   o.share_numerator, o.share_denominator, o.ownership_right, o.valid_from
            from lot_ownerships o
            join lots l on l.id = o.lot_id
            join buildings b on b.id = l.building_id
            where o.owner_id = @ViewerOwnerId and o.organisation_id = @OrgId
              and {Ownerships.HeldToday}
            order by b.name collate natural_sort, l.number collate natural_sort
            """, User.Viewer().Params());
        Buildings = holdings.GroupBy(h => h.BuildingId).ToList();
    }
}
