using System.Security.Cryptography;
using System.Text;

namespace KoproGo.Web.Infrastructure;

/// <summary>
/// The single-use, expiring links of invitations and password resets: 256 random bits sent by mail, of which only the
/// SHA-256 is stored, so a copy of the database opens no account.
/// </summary>
public static class AccountTokens
{
    public const string Invitation = "invitation";
    public const string PasswordReset = "password_reset";
    public static readonly TimeSpan InvitationLifetime = TimeSpan.FromDays(14);
    public static readonly TimeSpan PasswordResetLifetime = TimeSpan.FromHours(1);

    public enum State { Valid, Unknown, Expired, Used, Revoked }

    public sealed record Token(long Id, long UserId, string Purpose, DateTime ExpiresAt, DateTime? UsedAt, DateTime? RevokedAt)
    {
        public State State =>
            RevokedAt is not null ? State.Revoked
            : UsedAt is not null ? State.Used
            : ExpiresAt <= DateTime.UtcNow ? State.Expired
            : State.Valid;
    }

    public static string Hash(string token) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(token)));

    /// <summary>256 random bits, written to fit in a link.</summary>
    public static string NewSecret() => Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)).TrimEnd('=').Replace('+', '-').Replace('/', '_');

    /// <summary>A new link for the user; earlier unused links of the same purpose stop working.</summary>
    public static async Task<string> Issue(Db db, long userId, string purpose, TimeSpan lifetime, long? createdBy)
    {
        var token = NewSecret();
        await db.Execute("""
            update account_tokens set revoked_at = now() where user_id = @userId and purpose = @purpose and used_at is null and revoked_at is null
            """, new { userId, purpose });
        await db.Execute("""
            insert into account_tokens (user_id, purpose, token_hash, expires_at, created_by)
            values (@userId, @purpose, @hash, now() + @lifetime, @createdBy)
            """, new { userId, purpose, hash = Hash(token), lifetime, createdBy });
        return token;
    }

    /// <summary>The link's record, locked for the rest of the transaction so it can be used once.</summary>
    public static Task<Token?> Find(Db db, string? token) => string.IsNullOrWhiteSpace(token) || token.Length > 100
        ? Task.FromResult<Token?>(null)
        : db.QuerySingleOrDefault<Token>("""
            select id, user_id, purpose, expires_at, used_at, revoked_at from account_tokens where token_hash = @hash for update
            """, new { hash = Hash(token) });

    public static Task Use(Db db, long tokenId) => db.Execute("update account_tokens set used_at = now() where id = @tokenId", new { tokenId });
}
