using KoproGo.Web.Infrastructure;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.Extensions.Localization;

namespace KoproGo.Web.Pages.Community;

/// <summary>
/// The swap shop: things neighbours give away or swap. One neighbour reserves an item at a time (the update only
/// succeeds on an available item); the owner marks it given, or either of them releases the reservation.
/// </summary>
public sealed class SwapModel(Db db, IStringLocalizer<SharedResource> l, Notifier notifier) : PageModel
{
    public sealed record Row(long Id, long MemberId, long? TakerId, string Mode, string Title, string Description, string? Wanted, string Status, string Owner, string? Taker);

    public sealed class ItemInput
    {
        public string? Mode { get; set; } = "give";
        public string? Title { get; set; }
        public string? Description { get; set; }
        public string? Wanted { get; set; }
    }

    [BindProperty] public ItemInput Input { get; set; } = new();
    public CommunityBuilding Building { get; private set; } = null!;
    public IReadOnlyList<Row> Rows { get; private set; } = [];

    private async Task<bool> Load(long id)
    {
        if (await CommunityBuilding.Find(db, User.Viewer(), id) is not { } building) return false;
        Building = building;
        Rows = await db.Query<Row>($"""
            select s.id, s.member_id, s.taker_id, s.mode, s.title, s.description, s.wanted, s.status,
                   o.name as owner, t.name as taker
            from swap_items s join neighbours o on o.id = s.member_id left join neighbours t on t.id = s.taker_id
            where s.building_id = @id and (s.status <> 'given' or s.given_at > now() - interval '30 days')
            order by (s.status = 'given'), s.created_at desc limit 200
            """, new { id });
        return true;
    }

    public async Task<IActionResult> OnGet(long id) => await Load(id) ? Page() : NotFound();

    public async Task<IActionResult> OnPost(long id)
    {
        if (!await Load(id)) return NotFound();
        if (Building.MemberId is not long me) return Forbid();
        var check = new FormCheck(ModelState, l, nameof(Input));
        var mode = check.Choice(nameof(Input.Mode), Input.Mode, Labels.SwapModes);
        var title = check.Required(nameof(Input.Title), Input.Title, 120);
        var description = check.Optional(nameof(Input.Description), Input.Description, 2000);
        var wanted = mode == "swap" ? check.Required(nameof(Input.Wanted), Input.Wanted, 200) : null;
        if (!ModelState.IsValid) return Page();
        await db.Execute("""
            insert into swap_items (building_id, member_id, mode, title, description, wanted) values (@id, @me, @mode, @title, coalesce(@description, ''), @wanted)
            """, new { id, me, mode, title, description, wanted });
        TempData["Notice"] = "Your item is in the swap shop.";
        return Redirect($"/buildings/{id}/swap");
    }

    private IActionResult Back(string notice)
    {
        TempData["Notice"] = notice;
        return Redirect($"/buildings/{Building.Id}/swap");
    }

    public async Task<IActionResult> OnPostReserve(long id, long itemId)
    {
        if (!await Load(id)) return NotFound();
        if (Building.MemberId is not long me || Rows.FirstOrDefault(r => r.Id == itemId) is not { } item || item.MemberId == me) return Forbid();
        var reserved = await db.Execute("""
            update swap_items set status = 'reserved', taker_id = @me, reserved_at = now() where id = @itemId and building_id = @id and status = 'available'
            """, new { itemId, id, me });
        if (reserved == 0) return Back("Someone reserved it just before you.");
        await notifier.Send(db, await CommunityBuilding.UsersOf(db, item.MemberId),
            new Notifier.News("A neighbour reserved {0}", [item.Title], "Agree on a moment to hand over \"{0}\", then mark it given.", [item.Title], $"/buildings/{id}/swap"));
        return Back("It is reserved for you: the neighbour is told.");
    }

    public async Task<IActionResult> OnPostRelease(long id, long itemId)
    {
        if (!await Load(id)) return NotFound();
        if (Rows.FirstOrDefault(r => r.Id == itemId) is not { Status: "reserved" } item || (Building.MemberId != item.MemberId && Building.MemberId != item.TakerId)) return Forbid();
        await db.Execute("update swap_items set status = 'available', taker_id = null, reserved_at = null where id = @itemId and status = 'reserved'", new { itemId });
        return Back("The reservation is released: the item is available again.");
    }

    public async Task<IActionResult> OnPostGiven(long id, long itemId)
    {
        if (!await Load(id)) return NotFound();
        if (Rows.FirstOrDefault(r => r.Id == itemId) is not { Status: "reserved" } item || Building.MemberId != item.MemberId) return Forbid();
        await db.Execute("update swap_items set status = 'given', given_at = now() where id = @itemId and status = 'reserved'", new { itemId });
        return Back("Marked as given: thank you for giving it a second life.");
    }

    public async Task<IActionResult> OnPostDelete(long id, long itemId)
    {
        if (!await Load(id)) return NotFound();
        if (Rows.FirstOrDefault(r => r.Id == itemId) is not { } item || (Building.MemberId != item.MemberId && !Building.Moderator)) return Forbid();
        await db.Execute("delete from swap_items where id = @itemId", new { itemId });
        return Back("The item is removed.");
    }
}
