using KoproGo.Domain.Accounts;
using KoproGo.Web.Infrastructure;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.AspNetCore.RateLimiting;
using Microsoft.Extensions.Localization;

namespace KoproGo.Web.Pages.Account;

/// <summary>Where the links of invitations and password resets lead: choose a password, then you are signed in.</summary>
[AllowAnonymous]
[EnableRateLimiting(LoginLimit.Policy)]
public sealed class SetPasswordModel(Db db, IStringLocalizer<SharedResource> l) : PageModel
{
    public sealed class PasswordInput
    {
        public string? New { get; set; }
        public string? Confirm { get; set; }
    }

    [BindProperty] public PasswordInput Input { get; set; } = new();
    [BindProperty(SupportsGet = true)] public string? Token { get; set; }
    public string Email { get; private set; } = "";
    /// <summary>Why the link cannot be used; null when it can.</summary>
    public AccountTokens.State? Problem { get; private set; }

    private async Task<AccountTokens.Token?> Check()
    {
        var token = await AccountTokens.Find(db, Token);
        var disabled = token is not null && await db.Scalar<bool>("select disabled_at is not null from users where id = @UserId", token);
        Problem = token is null ? AccountTokens.State.Unknown
            : disabled ? AccountTokens.State.Revoked
            : token.State == AccountTokens.State.Valid ? null
            : token.State;
        if (Problem is not null)
        {
            Response.StatusCode = StatusCodes.Status410Gone;
            return null;
        }
        Email = await db.Scalar<string>("select email from users where id = @UserId", token) ?? "";
        return token;
    }

    public async Task<IActionResult> OnGet()
    {
        await Check();
        return Page();
    }

    public async Task<IActionResult> OnPost()
    {
        var token = await Check();
        if (token is null) return Page();
        Passwords.CheckNew(ModelState, l, Input.New, Input.Confirm);
        if (!ModelState.IsValid) return Page();

        await db.Execute("update users set password_hash = @hash where id = @UserId",
            new { token.UserId, hash = Passwords.Hash(Input.New!) });
        await AccountTokens.Use(db, token.Id);
        await Sessions.EndOthers(db, token.UserId, null, SessionEnd.PasswordChanged);
        await Sessions.Start(HttpContext, db, token.UserId);
        TempData["Notice"] = "Your password has been saved. Welcome to KoproGo.";
        return LocalRedirect(await Privacy.PrivacyNotice.After(db, token.UserId, "/"));
    }
}
