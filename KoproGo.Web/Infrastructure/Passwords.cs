using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc.ModelBinding;
using Microsoft.Extensions.Localization;

namespace KoproGo.Web.Infrastructure;

/// <summary>The framework's password hasher (PBKDF2-HMAC-SHA512, salted, 100,000 iterations).</summary>
public static class Passwords
{
    public const int MinLength = 12;
    private sealed class Account;
    private static readonly PasswordHasher<Account> Hasher = new();
    private static readonly Account Anyone = new();

    public static string Hash(string password) => Hasher.HashPassword(Anyone, password);

    /// <summary>
    /// The rules for a new password, with messages next to Input.New and Input.Confirm: at least <see cref="MinLength"/>
    /// characters (length is what resists guessing), at most 200, typed the same twice.
    /// </summary>
    public static void CheckNew(ModelStateDictionary state, IStringLocalizer l, string? password, string? confirmation)
    {
        if (string.IsNullOrEmpty(password) || password.Length < MinLength)
            state.AddModelError("Input.New", l["Choose a password of at least 12 characters."]);
        else if (password.Length > 200) state.AddModelError("Input.New", l["This is too long."]);
        if (confirmation != password) state.AddModelError("Input.Confirm", l["The two new passwords differ."]);
    }

    /// <summary>False for an account without a password yet (an invitation not accepted).</summary>
    public static bool Verify(string? hash, string password) =>
        hash is not null
        && Hasher.VerifyHashedPassword(Anyone, hash, password) is PasswordVerificationResult.Success or PasswordVerificationResult.SuccessRehashNeeded;

    /// <summary>Burns the same time as a real check, and fails: an unknown e-mail cannot be told apart by the response time.</summary>
    public static bool VerifyNothing(string password) => Verify(DummyHash.Value, password) && false;

    private static readonly Lazy<string> DummyHash = new(() => Hash(Guid.NewGuid().ToString()));
}
