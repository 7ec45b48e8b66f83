using KoproGo.Web.Infrastructure;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.Extensions.Localization;

namespace KoproGo.Web.Pages.Community;

/// <summary>
/// The building's bookable resources (common room, guest parking, laundry…) with their rules; the syndic adds them and
/// approves the bookings waiting for it.
/// </summary>
public sealed class ResourcesModel(Db db, IStringLocalizer<SharedResource> l) : PageModel
{
    public sealed record Row(long Id, string Name, string Kind, int Capacity, int MinMinutes, int MaxMinutes, int DaysAhead, bool NeedsApproval, long Upcoming);
    public sealed record Waiting(long Id, long ResourceId, string Resource, string Member, DateTime Starts, DateTime Ends, string? Purpose);

    public sealed class ResourceInput
    {
        public string? Name { get; set; }
        public string? Kind { get; set; } = "common_room";
        public string? Description { get; set; }
        public string? Capacity { get; set; } = "1";
        public string? MinMinutes { get; set; } = "60";
        public string? MaxMinutes { get; set; } = "240";
        public string? DaysAhead { get; set; } = "30";
        public bool NeedsApproval { get; set; }
    }

    [BindProperty] public ResourceInput Input { get; set; } = new();
    public CommunityBuilding Building { get; private set; } = null!;
    public IReadOnlyList<Row> Rows { get; private set; } = [];
    public IReadOnlyList<Waiting> ToApprove { get; private set; } = [];

    private async Task<bool> Load(long id)
    {
        if (await CommunityBuilding.Find(db, User.Viewer(), id) is not { } building) return false;
        Building = building;
        Rows = await db.Query<Row>("""
            select r.id, r.name, r.kind, r.capacity, r.min_minutes, r.max_minutes, r.days_ahead, r.needs_approval,
                   (select count(*) from bookings k where k.resource_id = r.id and k.status in ('pending', 'confirmed') and upper(k.during) > now()) as upcoming
            from resources r where r.building_id = @id order by r.name
            """, new { id });
        if (building.Moderator)
            ToApprove = await db.Query<Waiting>($"""
                select k.id, r.id as resource_id, r.name as resource, o.name as member, lower(k.during) as starts, upper(k.during) as ends, k.purpose
                from bookings k join resources r on r.id = k.resource_id join neighbours o on o.id = k.member_id
                where r.building_id = @id and k.status = 'pending' and upper(k.during) > now() order by lower(k.during)
                """, new { id });
        return true;
    }

    public async Task<IActionResult> OnGet(long id) => await Load(id) ? Page() : NotFound();

    public async Task<IActionResult> OnPost(long id)
    {
        if (!await Load(id)) return NotFound();
        if (!Building.Moderator || !User.Viewer().IsSyndic) return Forbid();
        var check = new FormCheck(ModelState, l, nameof(Input));
        var name = check.Required(nameof(Input.Name), Input.Name, 80);
        var kind = check.Choice(nameof(Input.Kind), Input.Kind, Labels.ResourceKinds);
        var description = check.Optional(nameof(Input.Description), Input.Description, 2000);
        var capacity = check.Integer(nameof(Input.Capacity), Input.Capacity, 1, 50, required: true);
        var min = check.Integer(nameof(Input.MinMinutes), Input.MinMinutes, 15, 1440, required: true);
        var max = check.Integer(nameof(Input.MaxMinutes), Input.MaxMinutes, 15, 43200, required: true);
        var ahead = check.Integer(nameof(Input.DaysAhead), Input.DaysAhead, 1, 365, required: true);
        if (min is not null && max is not null && max < min) check.Error(nameof(Input.MaxMinutes), "The longest slot cannot be shorter than the shortest.");
        if (!ModelState.IsValid) return Page();
        try
        {
            var resourceId = await db.Scalar<long>("""
                insert into resources (building_id, name, kind, description, capacity, min_minutes, max_minutes, days_ahead, needs_approval)
                values (@id, @name, @kind, coalesce(@description, ''), @capacity, @min, @max, @ahead, @NeedsApproval) returning id
                """, new { id, name, kind, description, capacity, min, max, ahead, Input.NeedsApproval });
            TempData["Notice"] = "The resource is added: members can book it.";
            return Redirect($"/resources/{resourceId}");
        }
        catch (Npgsql.PostgresException e) when (e.ConstraintName == "resources_name_unique")
        {
            check.Error(nameof(Input.Name), "The building already has a resource of this name.");
            return Page();
        }
    }
}
