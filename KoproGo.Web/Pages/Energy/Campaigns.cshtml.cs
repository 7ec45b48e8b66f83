using KoproGo.Domain.Energy;
using KoproGo.Web.Infrastructure;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.Extensions.Localization;

namespace KoproGo.Web.Pages.Energy;

/// <summary>
/// A building's group energy purchases: the syndic starts one (for this building, or with others of the firm); owners
/// and, where the building lets them, residents see those they may join.
/// </summary>
[Authorize]
public sealed class CampaignsModel(Db db, IStringLocalizer<SharedResource> l) : PageModel
{
    public sealed class CampaignInput
    {
        public string? Title { get; set; }
        public string? Energy { get; set; }
        public bool CommonSupply { get; set; }
        public long[] Buildings { get; set; } = [];
    }

    public sealed record Row(long Id, string Title, string Energy, string State, long Buildings, long Participants);
    public sealed record Other(long Id, string Name);

    [BindProperty] public CampaignInput Input { get; set; } = new();
    public long BuildingId { get; private set; }
    public string BuildingName { get; private set; } = "";
    public bool IsSyndic => User.Viewer().IsSyndic;
    public IReadOnlyList<Row> Rows { get; private set; } = [];
    /// <summary>The firm's other buildings, which a campaign may take in.</summary>
    public IReadOnlyList<Other> Others { get; private set; } = [];

    private async Task<bool> Load(long id)
    {
        var viewer = User.Viewer();
        var building = await db.QuerySingleOrDefault<(long Id, string Name, bool Member)>($"""
            select b.id, b.name, {CampaignData.ViewerMayTakePart("b")}
            from buildings b where b.id = @id and b.organisation_id = @OrgId
            """, viewer.Params(new { id }));
        if (building.Id == 0 || !(building.Member || viewer.SeesAllBuildings)) return false;
        (BuildingId, BuildingName) = (building.Id, building.Name);
        Rows = await db.Query<Row>("""
            select c.id, c.title, c.energy, c.state, (select count(*) from energy_campaign_buildings x where x.campaign_id = c.id) as buildings,
                   (select count(*) from energy_participants p where p.campaign_id = c.id and p.left_at is null) as participants
            from energy_campaigns c join energy_campaign_buildings cb on cb.campaign_id = c.id
            where cb.building_id = @id and (@staff or c.state <> 'draft')
            order by c.ended_on is not null, c.created_at desc limit 50
            """, new { id, staff = viewer.SeesAllBuildings });
        if (IsSyndic)
            Others = await db.Query<Other>("select id, name from buildings where organisation_id = @OrgId and id <> @id order by name limit 200", viewer.Params(new { id }));
        return true;
    }

    public async Task<IActionResult> OnGet(long id) => await Load(id) ? Page() : NotFound();

    public async Task<IActionResult> OnPost(long id)
    {
        if (!await Load(id)) return NotFound();
        if (!IsSyndic) return Forbid();
        var check = new FormCheck(ModelState, l, nameof(Input));
        var title = check.Required(nameof(Input.Title), Input.Title, 120);
        var energy = check.Choice(nameof(Input.Energy), Input.Energy, ["electricity", "gas", "both"]);
        var others = Input.Buildings.Where(b => b != id).Distinct().ToArray();
        if (others.Any(b => Others.All(o => o.Id != b))) check.Error(nameof(Input.Buildings), "Choose among the firm's buildings.");
        if (!ModelState.IsValid) return Page();
        var viewer = User.Viewer();
        var campaignId = await db.Scalar<long>("""
            insert into energy_campaigns (organisation_id, title, energy, common_supply, created_by) values (@OrgId, @title, @energy, @CommonSupply, @ViewerUserId) returning id
            """, viewer.Params(new { title, energy, Input.CommonSupply }));
        await db.Execute("""
            insert into energy_campaign_buildings (campaign_id, organisation_id, building_id) select @campaignId, @OrgId, unnest(@buildings)
            """, viewer.Params(new { campaignId, buildings = others.Prepend(id).ToArray() }));
        await AuditLog.Record(db, viewer, "energy_campaign", campaignId, "created", AuditLog.Says("Group energy purchase: {0}", title!));
        TempData["Notice"] = "The campaign is prepared: open it to owners when ready.";
        return Redirect($"/energy-campaigns/{campaignId}");
    }
}
