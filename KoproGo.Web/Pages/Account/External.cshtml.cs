using KoproGo.Domain.Accounts;
using KoproGo.Web.Infrastructure;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.AspNetCore.RateLimiting;

namespace KoproGo.Web.Pages.Account;

/// <summary>
/// Signing in through the identity provider: the button on the sign-in page posts here and goes to the provider; its
/// answer (checked by the OpenID Connect handler: state, nonce, PKCE, signature) comes back to "done", which signs in
/// the account linked to that identity or finishes linking it (<see cref="IdentityModel"/>).
/// </summary>
[AllowAnonymous]
[EnableRateLimiting(LoginLimit.Policy)]
public sealed class ExternalModel(Db db, TwoFactorSignIn twoFactor, IdentityProviderOptions provider) : PageModel
{
    /// <summary>Why the person is back on this page instead of signed in (a text key), and the provider's name for it.</summary>
    public string? Problem { get; private set; }
    public string ProviderName => provider.Name;

    public IActionResult OnGet() => Redirect("/account/login");

    public IActionResult OnPost(string? returnUrl)
    {
        if (!provider.IsConfigured) return NotFound();
        var properties = IdentityProvider.Asking(IdentityProvider.SignInPurpose);
        properties.Items[IdentityProvider.ReturnItem] = Url.IsLocalUrl(returnUrl) ? returnUrl : "/";
        return Challenge(properties, IdentityProvider.Scheme);
    }

    public async Task<IActionResult> OnGetDone(bool failed)
    {
        if (!provider.IsConfigured) return NotFound();
        var answer = await HttpContext.AuthenticateAsync(IdentityProvider.AnswerScheme);
        await HttpContext.SignOutAsync(IdentityProvider.AnswerScheme);
        var identity = answer.Succeeded ? IdentityProvider.IdentityOf(answer.Principal) : null;
        if (failed || identity is null) return Refuse("Signing in through {0} did not complete. Try again, or sign in with your e-mail address and password.");
        var asked = answer.Properties!;
        return asked.GetString(IdentityProvider.PurposeItem) == IdentityProvider.LinkPurpose
            ? await Link(identity, asked.GetString(IdentityProvider.UserItem))
            : await SignIn(identity, asked.GetString(IdentityProvider.ReturnItem));
    }

    private sealed record Linked(long UserId, bool Disabled);

    private async Task<IActionResult> SignIn(IdentityProvider.Identity identity, string? returnUrl)
    {
        var account = await db.QuerySingleOrDefault<Linked>("""
            update user_identities i set last_used_at = now() from users u
            where i.issuer = @Issuer and i.subject = @Subject and u.id = i.user_id
            returning u.id as user_id, u.disabled_at is not null as disabled
            """, identity);
        // An identity linked to no account, or to one withdrawn: the same answer (a person is never told whose it was).
        if (account is null or { Disabled: true })
            return Refuse("No KoproGo account is linked to this {0} identity. Sign in with your e-mail address and password, then link it under My account.");
        var target = Url.IsLocalUrl(returnUrl) ? returnUrl! : "/";
        var signIn = new Sessions.ProviderSignIn(identity.Acr, ExternalSignIn.IsStrong(identity.Acr, provider.Strong));
        var enabledAt = await twoFactor.EnabledSince(account.UserId);
        if (ExternalSignIn.StillAsksForCode(enabledAt is not null, signIn.Strong) && !twoFactor.Remembered(Request, account.UserId, enabledAt!.Value))
        {
            twoFactor.Pending(Response, new(account.UserId, target, signIn));
            return Redirect("/account/login/code");
        }
        await Sessions.Start(HttpContext, db, account.UserId, signIn);
        return LocalRedirect(await Privacy.PrivacyNotice.After(db, account.UserId, target));
    }

    private async Task<IActionResult> Link(IdentityProvider.Identity identity, string? userId)
    {
        // Linking is finished by the very account that asked for it, still signed in.
        var viewer = User.Identity?.IsAuthenticated == true ? User.Viewer() : null;
        if (viewer is null || viewer.UserId.ToString() != userId)
            return Refuse("Signing in through {0} did not complete. Try again, or sign in with your e-mail address and password.");
        var linked = await db.Execute("""
            insert into user_identities (user_id, issuer, subject) values (@UserId, @Issuer, @Subject) on conflict do nothing
            """, new { viewer.UserId, identity.Issuer, identity.Subject });
        if (linked == 0)
        {
            var mine = await db.Scalar<bool>("select exists (select 1 from user_identities where user_id = @UserId and issuer = @Issuer and subject = @Subject)",
                new { viewer.UserId, identity.Issuer, identity.Subject });
            TempData["Notice"] = mine ? "Your account is linked to this identity."
                : "This identity is already linked to another KoproGo account, or yours to another identity: nothing was changed.";
            return Redirect("/account/identity");
        }
        await AuditLog.Record(db, viewer, "user", viewer.UserId, "identity_linked", AuditLog.Says("Sign-in through {0} linked", provider.Name));
        TempData["Notice"] = "Your account is linked to this identity.";
        return Redirect("/account/identity");
    }

    private PageResult Refuse(string problem)
    {
        Problem = problem;
        return Page();
    }
}
