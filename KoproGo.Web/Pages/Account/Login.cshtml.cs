using System.Security.Claims;
using KoproGo.Web.Infrastructure;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.AspNetCore.RateLimiting;
using Microsoft.Extensions.Localization;

namespace KoproGo.Web.Pages.Account;

[AllowAnonymous]
[EnableRateLimiting(LoginLimit.Policy)]
public sealed class LoginModel(Db db, IStringLocalizer<SharedResource> l) : PageModel
{
    /// <summary>Failed attempts in a row before the account is locked for <see cref="LockOut"/>.</summary>
    public const int MaxFailedAttempts = 5;
    public static readonly TimeSpan LockOut = TimeSpan.FromMinutes(15);

    public sealed class LoginInput
    {
        public string? Email { get; set; }
        public string? Password { get; set; }
    }

    [BindProperty] public LoginInput Input { get; set; } = new();
    public string? ReturnUrl { get; private set; }

    public void OnGet(string? returnUrl) => ReturnUrl = returnUrl;

    private sealed record Account(long Id, long OrganisationId, string Email, string DisplayName, string PasswordHash,
        string Language, long? OwnerId, int FailedLogins, DateTime? LockedUntil);

    public async Task<IActionResult> OnPost(string? returnUrl)
    {
        ReturnUrl = returnUrl;
        var email = Input.Email?.Trim() ?? "";
        if (email.Length == 0) ModelState.AddModelError("Input.Email", l["Enter your e-mail address."]);
        else if (email.Length > 254) ModelState.AddModelError("Input.Email", l["This is too long."]);
        if (string.IsNullOrEmpty(Input.Password)) ModelState.AddModelError("Input.Password", l["Enter your password."]);
        if (!ModelState.IsValid) return Page();

        var account = await db.QuerySingleOrDefault<Account>("""
            select id, organisation_id, email, display_name, password_hash, language, owner_id, failed_logins, locked_until
            from users where lower(email) = lower(@email) for update
            """, new { email });
        if (account is null)
        {
            Passwords.VerifyNothing(Input.Password!);
            return Refuse(l["E-mail address or password is incorrect."]);
        }
        if (account.LockedUntil > DateTime.UtcNow)
            return Refuse(l["This account is locked for a few minutes after too many failed attempts."]);
        if (!Passwords.Verify(account.PasswordHash, Input.Password!))
        {
            var locks = account.FailedLogins + 1 >= MaxFailedAttempts;
            await db.Execute("""
                update users set failed_logins = case when @locks then 0 else failed_logins + 1 end,
                                 locked_until = case when @locks then now() + @lockOut else locked_until end
                where id = @Id
                """, new { account.Id, locks, lockOut = LockOut });
            // The failure count must survive the error answer, which rolls back the handler's transaction.
            await db.Commit();
            return Refuse(locks
                ? l["This account is locked for a few minutes after too many failed attempts."]
                : l["E-mail address or password is incorrect."]);
        }

        await db.Execute("update users set failed_logins = 0, locked_until = null where id = @Id", new { account.Id });
        var roles = await db.Query<(string Role, long? BuildingId)>("select role, building_id from user_roles where user_id = @Id", new { account.Id });
        var claims = new List<Claim>
        {
            new(ClaimTypes.NameIdentifier, account.Id.ToString()),
            new(ClaimTypes.Name, account.DisplayName),
            new(ClaimTypes.Email, account.Email),
            new(Viewer.OrganisationClaim, account.OrganisationId.ToString()),
        };
        if (account.OwnerId is { } ownerId) claims.Add(new(Viewer.OwnerClaim, ownerId.ToString()));
        foreach (var role in roles.Select(r => r.Role).Distinct()) claims.Add(new(ClaimTypes.Role, role));
        foreach (var building in roles.Where(r => r.Role == Roles.BoardMember && r.BuildingId is not null))
            claims.Add(new(Viewer.BoardClaim, building.BuildingId!.Value.ToString()));

        await HttpContext.SignInAsync(CookieAuthenticationDefaults.AuthenticationScheme,
            new ClaimsPrincipal(new ClaimsIdentity(claims, CookieAuthenticationDefaults.AuthenticationScheme)));
        Languages.Remember(Response, account.Language);
        return LocalRedirect(Url.IsLocalUrl(returnUrl) ? returnUrl! : "/");
    }

    private PageResult Refuse(string message)
    {
        ModelState.AddModelError("Input.Password", message);
        return Page();
    }
}
