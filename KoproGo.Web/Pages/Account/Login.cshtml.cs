using KoproGo.Web.Infrastructure;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.AspNetCore.RateLimiting;
using Microsoft.Extensions.Localization;

namespace KoproGo.Web.Pages.Account;

[AllowAnonymous]
[EnableRateLimiting(LoginLimit.Policy)]
public sealed class LoginModel(Db db, TwoFactorSignIn twoFactor, IStringLocalizer<SharedResource> l) : PageModel
{
    public sealed class LoginInput
    {
        public string? Email { get; set; }
        public string? Password { get; set; }
    }

    [BindProperty] public LoginInput Input { get; set; } = new();
    public string? ReturnUrl { get; private set; }

    public void OnGet(string? returnUrl) => ReturnUrl = returnUrl;

    private sealed record Account(long Id, string? PasswordHash, DateTime? DisabledAt);

    public async Task<IActionResult> OnPost(string? returnUrl)
    {
        ReturnUrl = returnUrl;
        var email = Input.Email?.Trim() ?? "";
        if (email.Length == 0) ModelState.AddModelError("Input.Email", l["Enter your e-mail address."]);
        else if (email.Length > 254) ModelState.AddModelError("Input.Email", l["This is too long."]);
        if (string.IsNullOrEmpty(Input.Password)) ModelState.AddModelError("Input.Password", l["Enter your password."]);
        if (!ModelState.IsValid) return Page();

        // Every answer below is the same whether the address has an account or not.
        var client = HttpContext.Connection.RemoteIpAddress?.ToString() ?? "unknown";
        if (await LoginThrottle.MustWait(db, client, email))
            return Refuse(l["Too many failed attempts: wait a few minutes before trying again."]);

        var account = await db.QuerySingleOrDefault<Account>(
            "select id, password_hash, disabled_at from users where lower(email) = lower(@email)", new { email });
        // An unknown address, a disabled account and an invitation not yet accepted all get the same answer.
        var known = account is { DisabledAt: null, PasswordHash: not null };
        if (!(known ? Passwords.Verify(account!.PasswordHash!, Input.Password!) : Passwords.VerifyNothing(Input.Password!)))
        {
            await LoginThrottle.Failed(db, client, email);
            // The failure must survive the error answer, which rolls back the handler's transaction.
            await db.Commit();
            return Refuse(l["E-mail address or password is incorrect."]);
        }

        await LoginThrottle.Succeeded(db, client, email);
        var target = Url.IsLocalUrl(returnUrl) ? returnUrl! : "/";
        // With two-factor sign-in, the password only opens the second step (unless this device was trusted with a code).
        if (await twoFactor.EnabledSince(account!.Id) is { } enabledAt && !twoFactor.Remembered(Request, account.Id, enabledAt))
        {
            twoFactor.Pending(Response, new(account.Id, target, null));
            return Redirect("/account/login/code");
        }
        await Sessions.Start(HttpContext, db, account.Id);
        return LocalRedirect(await Privacy.PrivacyNotice.After(db, account.Id, target));
    }

    private PageResult Refuse(string message)
    {
        ModelState.AddModelError("Input.Password", message);
        return Page();
    }
}
