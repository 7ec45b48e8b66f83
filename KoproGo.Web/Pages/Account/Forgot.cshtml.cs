using KoproGo.Web.Infrastructure;
using KoproGo.Web.Infrastructure.Mail;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.AspNetCore.RateLimiting;
using Microsoft.Extensions.Localization;

namespace KoproGo.Web.Pages.Account;

/// <summary>
/// Sends a password link. The answer is the same whether or not the address has an account, so the page cannot be
/// used to find out who uses KoproGo.
/// </summary>
[AllowAnonymous]
[EnableRateLimiting(LoginLimit.Policy)]
public sealed class ForgotModel(Db db, Outbox outbox, IStringLocalizer<SharedResource> l) : PageModel
{
    public sealed class ForgotInput
    {
        public string? Email { get; set; }
    }

    public sealed record ResetMail(string Name, string Link);

    private sealed record Account(long Id, long OrganisationId, string Email, string DisplayName, string Language);

    [BindProperty] public ForgotInput Input { get; set; } = new();
    public bool Sent { get; private set; }

    public void OnGet() { }

    public async Task<IActionResult> OnPost()
    {
        var email = new FormCheck(ModelState, l, "Input").Email(nameof(ForgotInput.Email), Input.Email, required: true);
        if (email is null) return Page();
        var account = await db.QuerySingleOrDefault<Account>("""
            select id, organisation_id, email, display_name, language from users
            where lower(email) = lower(@email) and disabled_at is null and password_hash is not null
            """, new { email });
        if (account is not null)
        {
            var token = await AccountTokens.Issue(db, account.Id, AccountTokens.PasswordReset, AccountTokens.PasswordResetLifetime, null);
            await outbox.Enqueue(db, new MailRequest(account.Email, account.DisplayName, account.Language, MailKinds.Account,
                "PasswordReset", new ResetMail(account.DisplayName, outbox.Link($"/account/set-password?token={token}")))
            {
                OrganisationId = account.OrganisationId,
            });
        }
        Sent = true;
        return Page();
    }
}
