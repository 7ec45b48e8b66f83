using System.Text.Json;
using KoproGo.Domain.Accounts;
using Microsoft.AspNetCore.DataProtection;
using OtpNet;

namespace KoproGo.Web.Infrastructure;

/// <summary>
/// The second step of signing in (<see cref="TwoFactor"/>): the secret (Otp.NET, kept encrypted by the key ring), the
/// codes, the short-lived "password accepted" cookie between the two steps and the "remember this device" cookie.
/// </summary>
public sealed class TwoFactorSignIn(IDataProtectionProvider protection, Db db)
{
    private const string PendingCookie = "koprogo-2fa-pending";
    private const string DeviceCookie = "koprogo-2fa-device";
    public const string Issuer = "KoproGo";

    private IDataProtector SecretProtector => protection.CreateProtector("KoproGo.TwoFactor.Secret");
    private ITimeLimitedDataProtector CookieProtector(string purpose) => protection.CreateProtector("KoproGo.TwoFactor." + purpose).ToTimeLimitedDataProtector();

    public sealed record State(string? Secret, DateTime? EnabledAt, long LastStep);

    private const string StateSql = "select totp_secret as secret, totp_enabled_at as enabled_at, totp_last_step as last_step from users where id = @userId";

    /// <summary>The user's two-factor state, the secret decrypted.</summary>
    public async Task<State> Of(long userId)
    {
        var state = await db.QuerySingle<State>(StateSql, new { userId });
        return state with { Secret = state.Secret is null ? null : SecretProtector.Unprotect(state.Secret) };
    }

    /// <summary>Since when the user signs in with a code; null when they do not.</summary>
    public Task<DateTime?> EnabledSince(long userId) =>
        db.Scalar<DateTime?>("select totp_enabled_at from users where id = @userId", new { userId });

    /// <summary>A new secret for enrolment (not in force until a code from it is confirmed); its Base32 text.</summary>
    public async Task<string> NewSecret(long userId)
    {
        var secret = Base32Encoding.ToString(KeyGeneration.GenerateRandomKey(20));
        // a new secret starts its own count of steps (the last step seen belonged to the old one)
        await db.Execute("update users set totp_secret = @secret, totp_last_step = 0 where id = @userId and totp_enabled_at is null",
            new { userId, secret = SecretProtector.Protect(secret) });
        return secret;
    }

    /// <summary>The address an authenticator app reads from the QR code (Key Uri Format).</summary>
    public static string AppUri(string secret, string email) =>
        $"otpauth://totp/{Uri.EscapeDataString(Issuer)}:{Uri.EscapeDataString(email)}?secret={secret}&issuer={Uri.EscapeDataString(Issuer)}&digits=6&period=30";

    /// <summary>
    /// Checks a typed code: the app's current code (one step of drift, each step accepted once) or an unused backup
    /// code (used up here). Runs inside the caller's transaction, the user's row locked.
    /// </summary>
    public async Task<bool> Accept(long userId, string? typed)
    {
        var code = TwoFactor.Normalise(typed);
        if (code.Length == 0) return false;
        var state = await db.QuerySingle<State>(StateSql + " for update", new { userId });
        if (state.Secret is null) return false;
        if (TwoFactor.LooksLikeAppCode(code))
        {
            var totp = new Totp(Base32Encoding.ToBytes(SecretProtector.Unprotect(state.Secret)));
            if (!totp.VerifyTotp(code, out var step, new VerificationWindow(previous: 1, future: 1)) || step <= state.LastStep) return false;
            await db.Execute("update users set totp_last_step = @step where id = @userId", new { userId, step });
            return true;
        }
        return await db.Execute("update backup_codes set used_at = now() where user_id = @userId and code_hash = @hash and used_at is null",
            new { userId, hash = TwoFactor.BackupCodeHash(code) }) == 1;
    }

    public enum Outcome { Accepted, Refused, TooManyFailures }

    /// <summary>
    /// <see cref="Accept"/> behind the sign-in's growing delays, counted per account whatever the client (codes are
    /// guessed per account). A failure is committed at once: the handler's refusal rolls back its transaction.
    /// </summary>
    public async Task<Outcome> Try(long userId, string? typed)
    {
        const string anyClient = "any";
        var account = $"two-factor:{userId}";
        if (await LoginThrottle.MustWait(db, anyClient, account)) return Outcome.TooManyFailures;
        if (await Accept(userId, typed))
        {
            await LoginThrottle.Succeeded(db, anyClient, account);
            return Outcome.Accepted;
        }
        await LoginThrottle.Failed(db, anyClient, account);
        await db.Commit();
        return Outcome.Refused;
    }

    /// <summary>The message by the code field for a refusal.</summary>
    public static string Refusal(Outcome outcome) => outcome == Outcome.TooManyFailures
        ? "Too many failed attempts: wait a few minutes before trying again."
        : "This code is not valid. Check your authenticator app's clock, or use a backup code.";

    /// <summary>Ten new backup codes for the user, replacing the earlier ones; shown once, stored as digests.</summary>
    public async Task<IReadOnlyList<string>> NewBackupCodes(long userId)
    {
        var codes = TwoFactor.NewBackupCodes();
        await db.Execute("delete from backup_codes where user_id = @userId", new { userId });
        foreach (var code in codes)
            await db.Execute("insert into backup_codes (user_id, code_hash) values (@userId, @hash)", new { userId, hash = TwoFactor.BackupCodeHash(code) });
        return codes;
    }

    public Task TurnOff(long userId) => db.Execute("""
        update users set totp_secret = null, totp_enabled_at = null where id = @userId;
        delete from backup_codes where user_id = @userId;
        """, new { userId });

    /// <summary>Between the two steps: who passed the first one (a password, or the identity provider), and where they were going.</summary>
    public sealed record PendingSignIn(long UserId, string? ReturnUrl, Sessions.ProviderSignIn? Provider);

    public void Pending(HttpResponse response, PendingSignIn pending) =>
        response.Cookies.Append(PendingCookie, CookieProtector("Pending").Protect(JsonSerializer.Serialize(pending), TwoFactor.PendingSignIn),
            CookieFor(response, TwoFactor.PendingSignIn));

    public PendingSignIn? PendingOf(HttpRequest request)
    {
        if (request.Cookies[PendingCookie] is not { } cookie) return null;
        try { return JsonSerializer.Deserialize<PendingSignIn>(CookieProtector("Pending").Unprotect(cookie)); }
        catch (Exception e) when (e is System.Security.Cryptography.CryptographicException or JsonException) { return null; }
    }

    private static CookieOptions CookieFor(HttpResponse response, TimeSpan lifetime) => new()
    {
        HttpOnly = true, IsEssential = true, SameSite = SameSiteMode.Lax, Secure = response.HttpContext.Request.IsHttps, MaxAge = lifetime,
    };

    public static void EndPending(HttpResponse response) => response.Cookies.Delete(PendingCookie);

    // A trusted device is trusted for the enrolment it was trusted under: setting up again or a reset forgets it.
    public void Remember(HttpResponse response, long userId, DateTime enabledAt) =>
        response.Cookies.Append(DeviceCookie, CookieProtector("Device").Protect($"{userId}|{enabledAt.Ticks}", TwoFactor.RememberDevice),
            CookieFor(response, TwoFactor.RememberDevice));

    public bool Remembered(HttpRequest request, long userId, DateTime enabledAt)
    {
        if (request.Cookies[DeviceCookie] is not { } cookie) return false;
        try { return CookieProtector("Device").Unprotect(cookie) == $"{userId}|{enabledAt.Ticks}"; }
        catch (System.Security.Cryptography.CryptographicException) { return false; }
    }
}
