using KoproGo.Domain.Buildings;
using KoproGo.Web.Infrastructure;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace KoproGo.Web.Pages.Owners;

[Authorize(Policy = Policies.Staff)]
public sealed class DetailsModel(Db db) : PageModel
{
    public sealed record Holding(long LotId, string LotNumber, string LotKind, long BuildingId, string BuildingName, int ShareNumerator,
        int ShareDenominator, string OwnershipRight, DateOnly ValidFrom, DateOnly? ValidTo)
    {
        public Share Share => new(ShareNumerator, ShareDenominator);
        public bool IsCurrent => ValidFrom <= BrusselsTime.Today && (ValidTo is null || ValidTo > BrusselsTime.Today);
    }

    public long Id { get; private set; }
    public OwnerInput.Values Owner { get; private set; } = null!;
    public IReadOnlyList<Holding> Holdings { get; private set; } = [];
    public IReadOnlyList<string> Accounts { get; private set; } = [];
    public string Name => Labels.PersonName(Owner.FirstName, Owner.LastName);

    public async Task<IActionResult> OnGet(long id)
    {
        Id = id;
        var p = User.Viewer().Params(new { id });
        var owner = await db.QuerySingleOrDefault<OwnerInput.Values>($"select {OwnerInput.Columns} from owners where id = @id and organisation_id = @OrgId", p);
        if (owner is null) return NotFound();
        Owner = owner;
        Holdings = await db.Query<Holding>("""
            select l.id as lot_id, l.number as lot_number, l.kind as lot_kind, b.id as building_id, b.name as building_name,
                   o.share_numerator, o.share_denominator, o.ownership_right, o.valid_from, o.valid_to
            from lot_ownerships o join lots l on l.id = o.lot_id join buildings b on b.id = l.building_id
            where o.owner_id = @id and o.organisation_id = @OrgId
            order by b.name collate natural_sort, l.number collate natural_sort, o.valid_from
            """, p);
        Accounts = await db.Query<string>("select email from users where owner_id = @id and organisation_id = @OrgId", p);
        return Page();
    }
}
