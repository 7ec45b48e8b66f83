using KoproGo.Web.Infrastructure;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.AspNetCore.RateLimiting;
using Microsoft.Extensions.Localization;

namespace KoproGo.Web.Pages.Account;

/// <summary>The second step of signing in: the code of the authenticator app, or a backup code.</summary>
[AllowAnonymous]
[EnableRateLimiting(LoginLimit.Policy)]
public sealed class LoginCodeModel(Db db, TwoFactorSignIn twoFactor, IStringLocalizer<SharedResource> l) : PageModel
{
    public sealed class CodeInput
    {
        public string? Code { get; set; }
        public bool Remember { get; set; }
    }

    [BindProperty] public CodeInput Input { get; set; } = new();

    public IActionResult OnGet() => twoFactor.PendingOf(Request) is null ? Expired() : Page();

    public async Task<IActionResult> OnPost()
    {
        if (twoFactor.PendingOf(Request) is not { } pending) return Expired();
        var (userId, returnUrl, provider) = pending;
        if (string.IsNullOrWhiteSpace(Input.Code)) ModelState.AddModelError("Input.Code", l["Enter the code."]);
        if (!ModelState.IsValid) return Page();

        if (await twoFactor.Try(userId, Input.Code) is var outcome and not TwoFactorSignIn.Outcome.Accepted)
        {
            ModelState.AddModelError("Input.Code", l[TwoFactorSignIn.Refusal(outcome)]);
            return Page();
        }
        if (Input.Remember && await twoFactor.EnabledSince(userId) is { } enabledAt) twoFactor.Remember(Response, userId, enabledAt);
        TwoFactorSignIn.EndPending(Response);
        await Sessions.Start(HttpContext, db, userId, provider);
        return LocalRedirect(await Privacy.PrivacyNotice.After(db, userId, Url.IsLocalUrl(returnUrl) ? returnUrl! : "/"));
    }

    private IActionResult Expired()
    {
        TempData["Notice"] = "Sign in again: the time for the code has run out.";
        return Redirect("/account/login");
    }
}
