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
/// and removes them when they move out. A resident's account reaches the community of that building only. Owners
/// invite the residents of their own lots on <see cref="TenantsModel"/>.
/// </summary>
[Authorize(Policy = Policies.Manage)]
public sealed class ResidentsModel(Db db, Outbox outbox, IStringLocalizer<SharedResource> l) : PageModel, ResidentAccounts.IInvitationPage
{
    [BindProperty] public ResidentAccounts.InvitationInput Input { get; set; } = new();
    [BindProperty] public bool Open { get; set; }
    public CommunityBuilding Building { get; private set; } = null!;
    public IReadOnlyList<ResidentAccounts.Resident> Rows { get; private set; } = [];
    public IReadOnlyList<(string Value, string Text)> LotChoices { get; private set; } = [];

    private async Task<bool> Load(long id)
    {
        if (await CommunityBuilding.Find(db, User.Viewer(), id) is not { } building) return false;
        Building = building;
        Rows = await ResidentAccounts.Of(db, id);
        LotChoices = (await ResidentAccounts.Lots(db, id)).Prepend(("", l["— no lot —"].Value)).ToList();
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

    public async Task<IActionResult> OnPost(long id)
    {
        if (!await Load(id)) return NotFound();
        if (!Building.CommunityResidents)
        {
            TempData["Notice"] = "Open the community to residents before inviting them.";
            return Redirect($"/buildings/{id}/residents");
        }
        if (Input.Check(ModelState, l, LotChoices) is not { } invitation) return Page();
        if (await ResidentAccounts.Invite(db, outbox, User.Viewer(), id, invitation) is null)
        {
            ResidentAccounts.InvitationInput.EmailTaken(ModelState, l);
            return Page();
        }
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

    public async Task<IActionResult> OnPostRemove(long id, long userId)
    {
        if (!await Load(id)) return NotFound();
        if (Rows.FirstOrDefault(r => r.UserId == userId) is not { } resident) return NotFound();
        await ResidentAccounts.Remove(db, User.Viewer(), id, resident);
        TempData["Notice"] = "The resident no longer takes part in the community; their bookings to come are cancelled.";
        return Redirect($"/buildings/{id}/residents");
    }
}
