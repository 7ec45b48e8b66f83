using Dapper;
using Htmx;
using KoproGo.Domain.Buildings;
using KoproGo.Web.Infrastructure;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace KoproGo.Web.Pages.Buildings;

[Authorize(Policy = Policies.BuildingReader)]
public sealed class DetailsModel(Db db) : PageModel
{
    public const int PageSize = 25;

    public sealed class Building : BuildingFigures
    {
        public long Id { get; init; }
        public string Slug { get; init; } = "";
        public string Name { get; init; } = "";
        public string Street { get; init; } = "";
        public string Postcode { get; init; } = "";
        public string City { get; init; } = "";
        public string? CompanyNumber { get; init; }
        public string? Iban { get; init; }
        public int? ConstructionYear { get; init; }
        public string Language { get; init; } = "";
        public string SyndicName { get; init; } = "";
        public string SyndicEmail { get; init; } = "";
        public string SyndicPhone { get; init; } = "";
        public long BoardMembers { get; init; }
    }

    public sealed class LotRow
    {
        public long Id { get; init; }
        public string Number { get; init; } = "";
        public string Kind { get; init; } = "";
        public int? Floor { get; init; }
        public decimal? Area { get; init; }
        public int Quota { get; init; }
        public long TotalRows { get; init; }
        public List<Holding> Owners { get; } = [];
    }

    public sealed record Holding(long LotId, long OwnerId, string? FirstName, string LastName, int ShareNumerator, int ShareDenominator, string OwnershipRight)
    {
        public string Name => Labels.PersonName(FirstName, LastName);
        public Share Share => new(ShareNumerator, ShareDenominator);
    }

    public Building Item { get; private set; } = null!;
    /// <summary>This year's reserve fund against the legal minimum; null when there is nothing to check yet.</summary>
    public Accounting.ReserveCheck? Reserve { get; private set; }
    public IReadOnlyList<LotRow> Lots { get; private set; } = [];
    public Paging Paging { get; private set; } = null!;
    [FromQuery(Name = "q")] public string? Query { get; set; }
    [FromQuery(Name = "kind")] public string? Kind { get; set; }
    public bool CanManage => User.IsInRole(Roles.Syndic);

    public async Task<IActionResult> OnGet(long id, [FromQuery(Name = "page")] int page = 1)
    {
        var viewer = User.Viewer();
        var kind = Labels.LotKindCodes.Contains(Kind) ? Kind : null;
        var search = FormInput.Trimmed(Query);
        page = Paging.Clamp(page);
        // the building, the reserve check and the page of lots in one round trip; for a building the caller may not
        // see, the last two are dropped unread
        IReadOnlyList<LotRow> lots;
        await using (var results = await db.QueryMultiple($"""
            select b.id, b.slug, b.name, b.street, b.postcode, b.city, b.company_number, b.iban, b.total_shares, b.construction_year,
                   b.language, b.syndic_name, b.syndic_email, b.syndic_phone,
                   coalesce((select sum(quota) from lots where building_id = b.id), 0) as allocated,
                   coalesce((select array_agg(kind) from lots where building_id = b.id), array[]::text[]) as lot_kinds,
                   (select count(*) from board_members m where m.building_id = b.id and {Board.BoardRoles.CurrentMandate}) as board_members
            from buildings b where b.id = @id and {Viewer.VisibleBuilding};
            {Accounting.ReserveCheck.Sql};
            select l.id, l.number, l.kind, l.floor, l.area, l.quota, count(*) over () as total_rows
            from lots l
            where l.building_id = @id
              and (@kind::text is null or l.kind = @kind)
              and (@search::text is null or l.number ilike '%' || @search || '%' or exists (
                    select 1 from lot_ownerships o join owners ow on ow.id = o.owner_id
                    where o.lot_id = l.id and {Ownerships.HeldToday}
                      and (ow.last_name ilike '%' || @search || '%' or ow.first_name ilike '%' || @search || '%')))
            order by array_position(array['commercial','apartment','other','garage','parking','cellar'], l.kind), l.number collate natural_sort
            limit @PageSize offset @offset
            """, viewer.Params(new { id, buildingId = id, year = BrusselsTime.Today.Year, kind, search, PageSize, offset = (page - 1) * PageSize })))
        {
            if (await results.ReadSingleOrDefaultAsync<Building>() is not { } building) return NotFound();
            Item = building;
            Reserve = Accounting.ReserveCheck.Of(await results.ReadSingleAsync<Accounting.ReserveCheck>());
            lots = (await results.ReadAsync<LotRow>()).AsList();
        }
        var holdings = await db.Query<Holding>($"""
            select o.lot_id, ow.id as owner_id, ow.first_name, ow.last_name, o.share_numerator, o.share_denominator, o.ownership_right
            from lot_ownerships o join owners ow on ow.id = o.owner_id
            where o.lot_id = any(@ids) and {Ownerships.HeldToday}
            order by o.ownership_right, ow.last_name collate natural_sort, ow.first_name collate natural_sort
            """, new { ids = lots.Select(l => l.Id).ToArray() });
        var byLot = lots.ToDictionary(l => l.Id);
        foreach (var h in holdings) byLot[h.LotId].Owners.Add(h);
        Lots = lots;
        Paging = new Paging(page, PageSize, lots.FirstOrDefault()?.TotalRows ?? 0, $"/buildings/{id}",
            new Dictionary<string, string?> { ["q"] = search, ["kind"] = kind });

        // The filter form swaps only the list when htmx sends it; the same URL gives the whole page otherwise.
        Response.Htmx(h => h.WithVary());
        return Request.WantsFragment() ? Partial("_Lots", this) : Page();
    }
}
