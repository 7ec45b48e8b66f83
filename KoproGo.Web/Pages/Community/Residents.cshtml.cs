using KoproGo.Web.Infrastructure;
using KoproGo.Web.Infrastructure.Mail;
using KoproGo.Web.Pages.Users;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.Extensions.Localization;

namespace KoproGo.Web.Pages.Community;

/// <summary>
/// The syndic lets residents (tenants and other occupants who own no lot) into the building's community, invites them,
/// and removes them when they move out. A resident's account reaches the community of that building only.
/// </summary>
[Authorize(Policy = Policies.Manage)]
public sealed class ResidentsModel(Db db, Outbox outbox, IStringLocalizer<SharedResource> l) : PageModel
{
    public sealed record Place(long Id, string Name, bool CommunityResidents);
    public sealed record Resident(long UserId, string Name, string Email, string? Lot, DateTime JoinedAt, bool HasPassword);

    public sealed class ResidentInput
    {
        public string? Name { get; set; }
        public string? Email { get; set; }
        public string? Language { get; set; } = "fr";
        public string? LotId { get; set; }
    }

    [BindProperty] public ResidentInput Input { get; set; } = new();
    [BindProperty] public bool Open { get; set; }
    public Place Building { get; private set; } = null!;
    public IReadOnlyList<Resident> Rows { get; private set; } = [];
    public IReadOnlyList<(string Value, string Text)> LotChoices { get; private set; } = [];

    private async Task<bool> Load(long id)
    {
        var viewer = User.Viewer();
        var building = await db.QuerySingleOrDefault<Place>(
            "select id, name, community_residents from buildings where id = @id and organisation_id = @OrgId", viewer.Params(new { id }));
        if (building is null) return false;
        Building = building;
        Rows = await db.Query<Resident>("""
            select u.id as user_id, u.display_name as name, u.email, l.number as lot, m.joined_at, u.password_hash is not null as has_password
            from community_members m join users u on u.id = m.user_id left join lots l on l.id = m.lot_id
            join user_roles r on r.user_id = u.id and r.role = 'Resident' and r.building_id = m.building_id
            where m.building_id = @id and u.disabled_at is null
            order by u.display_name collate natural_sort
            """, new { id });
        var lots = await db.Query<(long Id, string Number)>("select id, number from lots where building_id = @id and kind in ('apartment', 'commercial', 'other') order by number collate natural_sort", new { id });
        LotChoices = lots.Select(x => (x.Id.ToString(), x.Number)).Prepend(("", l["— no lot —"].Value)).ToList();
        return true;
    }

    public async Task<IActionResult> OnGet(long id) => await Load(id) ? Page() : NotFound();

    public async Task<IActionResult> OnPostSetting(long id)
    {
        if (!await Load(id)) return NotFound();
        await db.Execute("update buildings set community_residents = @Open where id = @id", new { id, Open });
        await AuditLog.Record(db, User.Viewer(), "building", id, Open ? "residents_opened" : "residents_closed", Building.Name);
        TempData["Notice"] = Open ? "Residents can now take part in the community." : "The community is closed to residents; their accounts wait until you open it again.";
        return Redirect($"/buildings/{id}/residents");
    }

    /// <summary>Invites a resident: an account without password, the Resident role for this building, their member row.</summary>
    public async Task<IActionResult> OnPost(long id)
    {
        if (!await Load(id)) return NotFound();
        if (!Building.CommunityResidents)
        {
            TempData["Notice"] = "Open the community to residents before inviting them.";
            return Redirect($"/buildings/{id}/residents");
        }
        var viewer = User.Viewer();
        var check = new FormCheck(ModelState, l, nameof(Input));
        var name = check.Required(nameof(Input.Name), Input.Name, 200);
        var email = check.Email(nameof(Input.Email), Input.Email, required: true);
        var language = check.Language(nameof(Input.Language), Input.Language);
        var lot = check.Choice(nameof(Input.LotId), Input.LotId ?? "", LotChoices.Select(c => c.Value).ToList()) is { Length: > 0 } chosen ? long.Parse(chosen) : (long?)null;
        if (!ModelState.IsValid) return Page();

        if (await InviteModel.CreateAccount(db, viewer, email!, name!, language!, ownerId: null) is not long userId)
        {
            check.Error(nameof(Input.Email), "An account with this address already exists.");
            return Page();
        }
        await db.Execute("""
            insert into user_roles (user_id, role, building_id) values (@userId, 'Resident', @id);
            insert into community_members (building_id, user_id, lot_id) values (@id, @userId, @lot);
            """, new { userId, id, lot });
        await InviteModel.SendInvitation(db, outbox, viewer, userId);
        await AuditLog.Record(db, viewer, "user", userId, "invited", $"{name} <{email}>", after: new { role = Roles.Resident, building_id = id, lot_id = lot });
        TempData["Notice"] = "The invitation has been sent.";
        return Redirect($"/buildings/{id}/residents");
    }

    public async Task<IActionResult> OnPostReinvite(long id, long userId)
    {
        if (!await Load(id)) return NotFound();
        if (Rows.FirstOrDefault(r => r.UserId == userId) is not { HasPassword: false } resident) return NotFound();
        await InviteModel.SendInvitation(db, outbox, User.Viewer(), userId);
        await AuditLog.Record(db, User.Viewer(), "user", userId, "reinvited", resident.Email);
        TempData["Notice"] = "The invitation has been sent.";
        return Redirect($"/buildings/{id}/residents");
    }

    /// <summary>
    /// A resident moves out: they lose the community of this building, their bookings to come and loan requests are
    /// cancelled, and an account left with no role can no longer sign in. What they did stays in the history.
    /// </summary>
    public async Task<IActionResult> OnPostRemove(long id, long userId)
    {
        if (!await Load(id)) return NotFound();
        if (Rows.FirstOrDefault(r => r.UserId == userId) is not { } resident) return NotFound();
        await db.Execute("""
            delete from user_roles where user_id = @userId and role = 'Resident' and building_id = @id;
            update bookings set status = 'cancelled' where status in ('pending', 'confirmed') and upper(during) > now()
              and member_id = (select m.id from community_members m where m.building_id = @id and m.user_id = @userId);
            update object_loans set status = 'cancelled' where status in ('requested', 'approved')
              and borrower_id = (select m.id from community_members m where m.building_id = @id and m.user_id = @userId);
            update users set disabled_at = now() where id = @userId and not exists (select 1 from user_roles r where r.user_id = @userId);
            update account_tokens set revoked_at = now() where user_id = @userId and used_at is null and revoked_at is null
              and exists (select 1 from users u where u.id = @userId and u.disabled_at is not null);
            """, new { userId, id });
        await AuditLog.Record(db, User.Viewer(), "user", userId, "resident_removed", resident.Email, before: new { building_id = id });
        TempData["Notice"] = "The resident no longer takes part in the community; their bookings to come are cancelled.";
        return Redirect($"/buildings/{id}/residents");
    }
}
