using KoproGo.Web.Infrastructure;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace KoproGo.Web.Pages.Account;

/// <summary>
/// "Sign-in with {provider}": the signed-in person links their identity at the deployment's identity provider to this
/// account (once; the provider's answer lands on <see cref="ExternalModel"/>), sees when it was last used, or unlinks it.
/// </summary>
public sealed class IdentityModel(Db db, IdentityProviderOptions provider) : PageModel
{
    public sealed record Link(DateTime LinkedAt, DateTime? LastUsedAt);

    public Link? Linked { get; private set; }
    public string ProviderName => provider.Name;
    /// <summary>How this very session was opened: null for a password.</summary>
    public Sessions.ProviderSignIn? ThisSession { get; private set; }

    public async Task<IActionResult> OnGet()
    {
        if (!provider.IsConfigured) return NotFound();
        Linked = await db.QuerySingleOrDefault<Link>("select linked_at, last_used_at from user_identities where user_id = @ViewerUserId",
            User.Viewer().Params());
        ThisSession = Sessions.ProviderOf(User);
        return Page();
    }

    public IActionResult OnPostLink()
    {
        if (!provider.IsConfigured) return NotFound();
        var properties = IdentityProvider.Asking(IdentityProvider.LinkPurpose);
        properties.Items[IdentityProvider.UserItem] = User.Viewer().UserId.ToString();
        // The person proves again who they are at the provider, even if already signed in there.
        properties.Parameters["prompt"] = "login";
        return Challenge(properties, IdentityProvider.Scheme);
    }

    public async Task<IActionResult> OnPostUnlink()
    {
        if (!provider.IsConfigured) return NotFound();
        var viewer = User.Viewer();
        if (await db.Execute("delete from user_identities where user_id = @ViewerUserId", viewer.Params()) > 0)
            await AuditLog.Record(db, viewer, "user", viewer.UserId, "identity_unlinked", AuditLog.Says("Sign-in through {0} unlinked", provider.Name));
        TempData["Notice"] = "Your account is no longer linked to an identity: sign in with your e-mail address and password.";
        return RedirectToPage();
    }
}
