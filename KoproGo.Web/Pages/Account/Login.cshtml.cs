using KoproGo.Web.Infrastructure;
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

    private sealed record Account(long Id, string? PasswordHash, int FailedLogins, DateTime? LockedUntil, DateTime? DisabledAt);

    public async Task<IActionResult> OnPost(string? returnUrl)
    {
        ReturnUrl = returnUrl;
        var email = Input.Email?.Trim() ?? "";
        if (email.Length == 0) ModelState.AddModelError("Input.Email", l["Enter your e-mail address."]);
        else if (email.Length > 254) ModelState.AddModelError("Input.Email", l["This is too long."]);
        if (string.IsNullOrEmpty(Input.Password)) ModelState.AddModelError("Input.Password", l["Enter your password."]);
        if (!ModelState.IsValid) return Page();

        var account = await db.QuerySingleOrDefault<Account>("""
            select id, password_hash, failed_logins, locked_until, disabled_at
            from users where lower(email) = lower(@email) for update
            """, new { email });
        // An unknown address, a disabled account and an invitation not yet accepted all get the same answer.
        if (account is null || account.DisabledAt is not null || account.PasswordHash is null)
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
        await Sessions.Start(HttpContext, db, account.Id);
        return LocalRedirect(Url.IsLocalUrl(returnUrl) ? returnUrl! : "/");
    }

    private PageResult Refuse(string message)
    {
        ModelState.AddModelError("Input.Password", message);
        return Page();
    }
}
