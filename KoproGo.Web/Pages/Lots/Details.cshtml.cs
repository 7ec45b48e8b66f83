using KoproGo.Domain.Buildings;
using KoproGo.Web.Infrastructure;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.Extensions.Localization;
using Npgsql;

namespace KoproGo.Web.Pages.Lots;

[Authorize(Policy = Policies.BuildingReader)]
public sealed class DetailsModel(Db db, IStringLocalizer<SharedResource> l) : PageModel
{
    public sealed record Lot(long Id, long BuildingId, string BuildingName, int TotalShares, string Number, string Kind, int? Floor, decimal? Area, int Quota,
        long? Voter);

    public sealed record Ownership(long Id, long OwnerId, string? FirstName, string LastName, int ShareNumerator, int ShareDenominator,
        string OwnershipRight, DateOnly ValidFrom, DateOnly? ValidTo)
    {
        public string Name => Labels.PersonName(FirstName, LastName);
        public Share Share => new(ShareNumerator, ShareDenominator);
    }

    public Lot Item { get; private set; } = null!;
    public IReadOnlyList<Ownership> Current { get; private set; } = [];
    public IReadOnlyList<Ownership> History { get; private set; } = [];
    public bool CanManage => User.IsInRole(Roles.Syndic);
    public bool CanSeeOwners => User.IsInRole(Roles.Syndic) || User.IsInRole(Roles.Accountant);

    /// <summary>The end-of-ownership form: which record, and the day the owner stops holding it.</summary>
    [BindProperty] public long EndId { get; set; }
    [BindProperty] public string? EndDate { get; set; }

    private async Task<bool> Load(long id)
    {
        var lot = await db.QuerySingleOrDefault<Lot>($"""
            select l.id, l.building_id, b.name as building_name, b.total_shares, l.number, l.kind, l.floor, l.area, l.quota,
                   (select v.owner_id from lot_voters v where v.lot_id = l.id) as voter
            from lots l join buildings b on b.id = l.building_id
            where l.id = @id and {Viewer.VisibleBuilding}
            """, User.Viewer().Params(new { id }));
        if (lot is null) return false;
        Item = lot;
        var all = await db.Query<Ownership>("""
            select o.id, o.owner_id, ow.first_name, ow.last_name, o.share_numerator, o.share_denominator, o.ownership_right, o.valid_from, o.valid_to
            from lot_ownerships o join owners ow on ow.id = o.owner_id
            where o.lot_id = @id
            order by o.valid_from desc, o.ownership_right, ow.last_name collate natural_sort
            """, new { id });
        var today = BrusselsTime.Today;
        Current = all.Where(o => o.ValidFrom <= today && (o.ValidTo is null || o.ValidTo > today)).ToList();
        History = all.Except(Current).ToList();
        return true;
    }

    public async Task<IActionResult> OnGet(long id) => await Load(id) ? Page() : NotFound();

    /// <summary>Joint owners, bare owner and usufructuary vote through one of them (art. 3.87 §1): the syndic records whom.</summary>
    public async Task<IActionResult> OnPostVoter(long id, long voterId)
    {
        if (!CanManage) return Forbid();
        if (!await Load(id)) return NotFound();
        if (Current.All(o => o.OwnerId != voterId)) return NotFound();
        await db.Execute("update lots set voting_owner_id = @voterId where id = @id", new { voterId, id });
        await AuditLog.Record(db, User.Viewer(), "lot", id, "voter_designated", AuditLog.Says("Lot {0}, {1}: votes through owner {2}", Item.Number, Item.BuildingName, voterId));
        TempData["Notice"] = "The owner voting for this lot has been recorded.";
        return Redirect($"/lots/{id}");
    }

    public async Task<IActionResult> OnPostEnd(long id)
    {
        if (!CanManage) return Forbid();
        if (!await Load(id)) return NotFound();
        var ownership = Current.Concat(History).FirstOrDefault(o => o.Id == EndId && o.ValidTo is null);
        if (ownership is null) return NotFound();
        var check = new FormCheck(ModelState, l, "");
        var end = check.Date("EndDate", EndDate, required: true);
        if (end is not null && end <= ownership.ValidFrom)
            ModelState.AddModelError("EndDate", l["The end date must come after the start of this ownership ({0}).", ownership.ValidFrom.ToString("d")]);
        if (!ModelState.IsValid) return Page();
        try
        {
            await db.Execute("update lot_ownerships set valid_to = @end where id = @EndId and lot_id = @id", new { end, EndId, id });
            await db.CheckDeferredConstraints();
            await AuditLog.Record(db, User.Viewer(), "lot", id, "ownership_ended", AuditLog.Says("Lot {0}, {1}: {2} until {3}", Item.Number, Item.BuildingName, ownership.Name, end),
                new { ownership.OwnerId, ownership.ValidFrom, valid_to = (DateOnly?)null }, new { ownership.OwnerId, ownership.ValidFrom, valid_to = end });
        }
        catch (PostgresException e) when (e.ConstraintName == "lot_shares_sum_to_whole")
        {
            await db.Rollback();
            ModelState.AddModelError("EndDate", l["Ending this ownership alone would leave the lot's shares below 100%. Use \"Change owners\" to record who holds the lot from that date."]);
            await Load(id);
            return Page();
        }
        TempData["Notice"] = "The ownership has been ended.";
        return Redirect($"/lots/{id}");
    }
}
