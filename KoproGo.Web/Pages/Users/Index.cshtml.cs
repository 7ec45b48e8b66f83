using KoproGo.Domain.Accounts;
using KoproGo.Web.Infrastructure;
using KoproGo.Web.Infrastructure.Mail;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace KoproGo.Web.Pages.Users;

/// <summary>The organisation's accounts: who is invited, who is active, who was withdrawn; re-invite and revoke.</summary>
[Authorize(Policy = Policies.Manage)]
public sealed class IndexModel(Db db, Outbox outbox, TwoFactorSignIn twoFactor) : PageModel
{
    public sealed class Account
    {
        public long Id { get; init; }
        public string Email { get; init; } = "";
        public string DisplayName { get; init; } = "";
        public bool HasPassword { get; init; }
        public bool Disabled { get; init; }
        public string[] Roles { get; init; } = [];
        public DateTime? InvitationExpires { get; init; }
        public bool TwoFactor { get; init; }
        public string Status => Labels.AccountStatus(Disabled, HasPassword);
    }

    public IReadOnlyList<Account> Accounts { get; private set; } = [];
    /// <summary>The firm requires two-factor sign-in of its syndics and accountants.</summary>
    public bool StaffTwoFactor { get; private set; }

    public async Task OnGet()
    {
        StaffTwoFactor = await db.Scalar<bool>("select staff_two_factor from organisations where id = @OrgId", User.Viewer().Params());
        Accounts = await db.Query<Account>("""
        select u.id, u.email, u.display_name, u.password_hash is not null as has_password, u.disabled_at is not null as disabled,
               u.totp_enabled_at is not null as two_factor,
               coalesce((select array_agg(distinct r.role order by r.role) from user_roles r where r.user_id = u.id), array[]::text[]) as roles,
               (select max(t.expires_at) from account_tokens t where t.user_id = u.id and t.purpose = 'invitation'
                  and t.used_at is null and t.revoked_at is null) as invitation_expires
        from users u where u.organisation_id = @OrgId
        order by u.display_name collate natural_sort
        """, User.Viewer().Params());
    }

    public async Task<IActionResult> OnPostStaffTwoFactor(bool required)
    {
        var viewer = User.Viewer();
        await db.Execute("update organisations set staff_two_factor = @required where id = @OrgId", viewer.Params(new { required }));
        await AuditLog.Record(db, viewer, "organisation", viewer.OrganisationId, "staff_two_factor",
            AuditLog.Says("Two-factor sign-in required of syndics and accountants: {0}", new AuditLog.Term(required ? "yes" : "no")));
        TempData["Notice"] = "Saved.";
        return RedirectToPage();
    }

    /// <summary>Someone lost the phone and the backup codes: their account signs in with the password again, until they set it up anew.</summary>
    public async Task<IActionResult> OnPostResetTwoFactor(long id)
    {
        var user = await Find(id);
        if (user == default) return NotFound();
        await twoFactor.TurnOff(id);
        await AuditLog.Record(db, User.Viewer(), "user", id, "two_factor_reset", user.Email);
        TempData["Notice"] = "Two-factor sign-in has been reset for this account.";
        return RedirectToPage();
    }

    private Task<(string Email, bool HasPassword)> Find(long id) => db.QuerySingleOrDefault<(string Email, bool HasPassword)>(
        "select email, password_hash is not null from users where id = @id and organisation_id = @OrgId and disabled_at is null",
        User.Viewer().Params(new { id }));

    public async Task<IActionResult> OnPostReinvite(long id)
    {
        var user = await Find(id);
        if (user == default || user.HasPassword) return NotFound();
        await InviteModel.SendInvitation(db, outbox, User.Viewer(), id);
        await AuditLog.Record(db, User.Viewer(), "user", id, "reinvited", user.Email);
        TempData["Notice"] = "The invitation has been sent.";
        return RedirectToPage();
    }

    /// <summary>Withdraws an account: its links stop working and it can no longer sign in.</summary>
    public async Task<IActionResult> OnPostRevoke(long id)
    {
        var viewer = User.Viewer();
        var user = await Find(id);
        if (user == default || id == viewer.UserId) return NotFound();
        await db.Execute("update users set disabled_at = now() where id = @id", new { id });
        await db.Execute("update account_tokens set revoked_at = now() where user_id = @id and used_at is null and revoked_at is null", new { id });
        await Sessions.EndOthers(db, id, null, SessionEnd.AccountWithdrawn);
        await AuditLog.Record(db, viewer, "user", id, "revoked", user.Email);
        TempData["Notice"] = "The account has been withdrawn.";
        return RedirectToPage();
    }
}
