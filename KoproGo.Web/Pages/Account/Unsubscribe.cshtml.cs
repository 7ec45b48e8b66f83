using KoproGo.Web.Infrastructure;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace KoproGo.Web.Pages.Account;

/// <summary>
/// The link at the foot of every notification mail: turns notification mails off without signing in. The link carries
/// the account id signed with the app's data-protection keys, so it cannot be made up for someone else.
/// Legal mail (convocations, minutes) is not affected.
/// </summary>
[AllowAnonymous]
[IgnoreAntiforgeryToken(Order = 1001)]
public sealed class UnsubscribeModel(Db db, IDataProtectionProvider protection) : PageModel
{
    private const string Purpose = "KoproGo.Unsubscribe.v1";

    public static string TokenFor(IDataProtectionProvider protection, long userId) =>
        protection.CreateProtector(Purpose).Protect(userId.ToString());

    public bool Done { get; private set; }
    public bool Invalid { get; private set; }

    private long? UserOf(string? token)
    {
        try
        {
            return token is null ? null : long.Parse(protection.CreateProtector(Purpose).Unprotect(token));
        }
        catch (Exception e) when (e is System.Security.Cryptography.CryptographicException or FormatException)
        {
            return null;
        }
    }

    /// <summary>Shows a confirmation button: mail scanners that open links must not unsubscribe anyone.</summary>
    public IActionResult OnGet(string? token)
    {
        Invalid = UserOf(token) is null;
        if (Invalid) Response.StatusCode = StatusCodes.Status410Gone;
        return Page();
    }

    public async Task<IActionResult> OnPost(string? token)
    {
        var userId = UserOf(token);
        if (userId is null)
        {
            Invalid = true;
            Response.StatusCode = StatusCodes.Status410Gone;
            return Page();
        }
        await db.Execute("update users set email_notifications = false where id = @userId", new { userId });
        Done = true;
        return Page();
    }
}
