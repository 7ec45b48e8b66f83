using System.Security.Cryptography;

namespace KoproGo.Domain.Accounts;

/// <summary>
/// Two-factor sign-in: after the password, a 6-digit code from an authenticator app (TOTP, RFC 6238: 30-second steps,
/// one step of clock drift either way) or one of ten single-use backup codes. GDPR art. 32 asks for security fit to the
/// risk: a firm may require it of its staff, who see every owner's data; owners and residents choose.
/// </summary>
public static class TwoFactor
{
    public const int BackupCodeCount = 10;

    /// <summary>A device trusted after a code asks for none again for this long.</summary>
    public static readonly TimeSpan RememberDevice = TimeSpan.FromDays(30);

    /// <summary>Between the password and the code: past this, start again with the password.</summary>
    public static readonly TimeSpan PendingSignIn = TimeSpan.FromMinutes(5);

    /// <summary>The roles a firm's requirement applies to.</summary>
    public static readonly string[] StaffRoles = ["Syndic", "Accountant"];

    public static bool Required(IEnumerable<string> roles, bool firmRequiresForStaff) =>
        firmRequiresForStaff && roles.Any(r => StaffRoles.Contains(r));

    // Letters and digits that cannot be mistaken for one another when copied from paper (no 0/o, 1/l/i).
    private const string BackupAlphabet = "abcdefghjkmnpqrstuvwxyz23456789";

    /// <summary>Ten new backup codes, written "xxxxx-xxxxx" (about 49 bits each).</summary>
    public static IReadOnlyList<string> NewBackupCodes() => [.. Enumerable.Range(0, BackupCodeCount).Select(_ =>
    {
        var letters = RandomNumberGenerator.GetString(BackupAlphabet, 10);
        return $"{letters[..5]}-{letters[5..]}";
    })];

    /// <summary>A code as typed: spaces and dashes dropped, lower case ("ABCDE FGHJK" is "abcdefghjk").</summary>
    public static string Normalise(string? typed) =>
        new((typed ?? "").Where(c => !char.IsWhiteSpace(c) && c != '-').Select(char.ToLowerInvariant).ToArray());

    /// <summary>Six digits: an authenticator's code; anything else may be a backup code.</summary>
    public static bool LooksLikeAppCode(string normalised) => normalised.Length == 6 && normalised.All(char.IsAsciiDigit);

    /// <summary>What is stored of a backup code.</summary>
    public static byte[] BackupCodeHash(string typed) => SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(Normalise(typed)));
}
