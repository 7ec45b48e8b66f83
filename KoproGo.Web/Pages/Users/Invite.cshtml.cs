using KoproGo.Web.Infrastructure;
using KoproGo.Web.Infrastructure.Mail;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.Extensions.Localization;
using Npgsql;

namespace KoproGo.Web.Pages.Users;

/// <summary>The syndic invites an owner, an accountant or a board member: an account without password and a link by mail.</summary>
[Authorize(Policy = Policies.Manage)]
public sealed class InviteModel(Db db, Outbox outbox, IStringLocalizer<SharedResource> l) : PageModel
{
    public static readonly string[] InvitableRoles = [Roles.Owner, Roles.Accountant, Roles.BoardMember];

    public sealed class InviteInput
    {
        public string? Email { get; set; }
        public string? Name { get; set; }
        public string? Role { get; set; } = Roles.Owner;
        public string? OwnerId { get; set; }
        public string? BuildingId { get; set; }
        public string? Language { get; set; } = "fr";
    }

    public sealed record InvitationMail(string Name, string Organisation, string Email, string Link);

    [BindProperty] public InviteInput Input { get; set; } = new();
    public IReadOnlyList<(string Value, string Text)> OwnerChoices { get; private set; } = [];
    public IReadOnlyList<(string Value, string Text)> BuildingChoices { get; private set; } = [];

    private async Task LoadChoices()
    {
        var p = User.Viewer().Params();
        OwnerChoices = await Owners.OwnerChoices.Of(db, User.Viewer(), l);
        var buildings = await db.Query<(long Id, string Name)>("select b.id, b.name from buildings b where b.organisation_id = @OrgId order by b.name collate natural_sort", p);
        BuildingChoices = buildings.Select(b => (b.Id.ToString(), b.Name)).Prepend(("", l["— choose —"].Value)).ToList();
    }

    public async Task OnGet(long? owner)
    {
        await LoadChoices();
        if (owner is null) return;
        var o = await db.QuerySingleOrDefault<(string? FirstName, string LastName, string? Email, string Language)>(
            "select first_name, last_name, email, language from owners where id = @owner and organisation_id = @OrgId", User.Viewer().Params(new { owner }));
        if (o == default) return;
        Input = new InviteInput
        {
            OwnerId = owner.ToString(), Email = o.Email, Name = Labels.PersonName(o.FirstName, o.LastName), Language = o.Language, Role = Roles.Owner,
        };
    }

    public async Task<IActionResult> OnPost()
    {
        await LoadChoices();
        var viewer = User.Viewer();
        var check = new FormCheck(ModelState, l, "Input");
        var email = check.Email(nameof(InviteInput.Email), Input.Email, required: true);
        var name = check.Required(nameof(InviteInput.Name), Input.Name, 200);
        var language = check.Language(nameof(InviteInput.Language), Input.Language);
        var role = InvitableRoles.Contains(Input.Role) ? Input.Role : null;
        if (role is null) check.Error(nameof(InviteInput.Role), "Choose one of the options offered.");
        long? ownerId = null, buildingId = null;
        if (role == Roles.Owner)
        {
            if (OwnerChoices.Any(o => o.Value == Input.OwnerId && o.Value != "")) ownerId = long.Parse(Input.OwnerId!);
            else check.Error(nameof(InviteInput.OwnerId), "Choose an owner from the list.");
        }
        if (role == Roles.BoardMember)
        {
            if (BuildingChoices.Any(b => b.Value == Input.BuildingId && b.Value != "")) buildingId = long.Parse(Input.BuildingId!);
            else check.Error(nameof(InviteInput.BuildingId), "Choose a building from the list.");
        }
        if (!ModelState.IsValid) return Page();

        if (await CreateAccount(db, viewer, email!, name!, language!, ownerId) is not long userId)
        {
            check.Error(nameof(InviteInput.Email), "An account with this address already exists.");
            return Page();
        }
        await db.Execute("insert into user_roles (user_id, role, building_id) values (@userId, @role, @buildingId)", new { userId, role, buildingId });
        await SendInvitation(db, outbox, viewer, userId);
        await AuditLog.Record(db, viewer, "user", userId, "invited", $"{name} <{email}>", after: new { role, owner_id = ownerId, building_id = buildingId });
        TempData["Notice"] = "The invitation has been sent.";
        return Redirect("/users");
    }

    /// <summary>
    /// An account in the caller's organisation, without password until the invitation is used; null (and the
    /// transaction rolled back) when the address already has an account.
    /// </summary>
    public static async Task<long?> CreateAccount(Db db, Viewer viewer, string email, string name, string language, long? ownerId)
    {
        try
        {
            return await db.Scalar<long>("""
                insert into users (organisation_id, email, display_name, language, owner_id)
                values (@OrgId, @email, @name, @language, @ownerId) returning id
                """, viewer.Params(new { email, name, language, ownerId }));
        }
        catch (PostgresException e) when (e.ConstraintName == "users_email_unique")
        {
            await db.Rollback();
            return null;
        }
    }

    /// <summary>Issues a fresh link (earlier ones stop working) and queues the invitation in the invitee's language.</summary>
    public static async Task SendInvitation(Db db, Outbox outbox, Viewer viewer, long userId)
    {
        var user = await db.QuerySingle<(string Email, string DisplayName, string Language, string Organisation)>("""
            select u.email, u.display_name, u.language, o.name as organisation
            from users u join organisations o on o.id = u.organisation_id where u.id = @userId
            """, new { userId });
        var token = await AccountTokens.Issue(db, userId, AccountTokens.Invitation, AccountTokens.InvitationLifetime, viewer.UserId);
        await outbox.Enqueue(db, new MailRequest(user.Email, user.DisplayName, user.Language, MailKinds.Account, "Invitation",
            new InvitationMail(user.DisplayName, user.Organisation, user.Email, outbox.Link($"/account/set-password?token={token}")))
        {
            OrganisationId = viewer.OrganisationId,
        });
    }
}
