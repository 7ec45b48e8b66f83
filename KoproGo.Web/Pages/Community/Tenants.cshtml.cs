using KoproGo.Web.Infrastructure;
using KoproGo.Web.Infrastructure.Mail;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.Extensions.Localization;

namespace KoproGo.Web.Pages.Community;

/// <summary>
/// An owner invites the residents of the lots they hold (their tenants, say) into the building's community, when the
/// building lets residents in, and removes them when they leave. The syndic sees them all on <see cref="ResidentsModel"/>.
/// </summary>
public sealed class TenantsModel(Db db, Outbox outbox, Notifier notifier, IStringLocalizer<SharedResource> l) : PageModel, ResidentAccounts.IInvitationPage
{
    [BindProperty] public ResidentAccounts.InvitationInput Input { get; set; } = new();
    public CommunityBuilding Building { get; private set; } = null!;
    public IReadOnlyList<ResidentAccounts.Resident> Rows { get; private set; } = [];
    public IReadOnlyList<(string Value, string Text)> LotChoices { get; private set; } = [];

    private async Task<bool> Load(long id)
    {
        var viewer = User.Viewer();
        if (await CommunityBuilding.Find(db, viewer, id) is not { OwnerHere: true, CommunityResidents: true } building) return false;
        Building = building;
        Rows = await ResidentAccounts.Of(db, id, landlord: viewer.OwnerId);
        LotChoices = await ResidentAccounts.Lots(db, id, landlord: viewer.OwnerId);
        if (Input.LotId is null && LotChoices.Count > 0) Input.LotId = LotChoices[0].Value;
        return true;
    }

    public async Task<IActionResult> OnGet(long id) => await Load(id) ? Page() : NotFound();

    public async Task<IActionResult> OnPost(long id)
    {
        if (!await Load(id)) return NotFound();
        if (Input.Check(ModelState, l, LotChoices) is not { } invitation) return Page();
        if (await ResidentAccounts.Invite(db, outbox, User.Viewer(), id, invitation) is null)
        {
            ResidentAccounts.InvitationInput.EmailTaken(ModelState, l);
            return Page();
        }
        // The syndic keeps the list of who lives where: tell them.
        await notifier.Send(db, await Syndics.UserIds(db, id), new Notifier.News("A resident is invited to {0}", [Building.Name],
            "{0} invited {1}, who lives in their lot, to the community.", [User.Viewer().Name, invitation.Name], $"/buildings/{id}/residents"));
        TempData["Notice"] = "The invitation has been sent.";
        return Redirect($"/buildings/{id}/tenants");
    }

    public async Task<IActionResult> OnPostRemove(long id, long userId)
    {
        if (!await Load(id)) return NotFound();
        if (Rows.FirstOrDefault(r => r.UserId == userId) is not { } resident) return NotFound();
        await ResidentAccounts.Remove(db, User.Viewer(), id, resident);
        TempData["Notice"] = "The resident no longer takes part in the community; their bookings to come are cancelled.";
        return Redirect($"/buildings/{id}/tenants");
    }
}
