using System.Security.Claims;
using System.Security.Cryptography;
using KoproGo.Domain.Accounts;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.WebUtilities;

namespace KoproGo.Web.Infrastructure;

/// <summary>
/// Signs a person in and keeps them signed in. Each sign-in is a row of user_sessions (the cookie carries its key);
/// at every request the row must still be live (<see cref="SignInSession"/>) and the claims are read again from the
/// account, so ending a session, withdrawing an account or removing a role takes effect at the next click.
/// </summary>
public static class Sessions
{
    /// <summary>The claim holding the session's key (random; the database keeps its SHA-256 only).</summary>
    public const string KeyClaim = "koprogo:session";

    /// <summary>Present while a firm requires two-factor sign-in of this staff member and they have not set it up.</summary>
    public const string MustEnrolClaim = "koprogo:enrol-two-factor";

    private sealed record Account(long Id, long OrganisationId, string Email, string DisplayName, string Language, long? OwnerId, string Roles,
        bool FirmRequiresTwoFactor);

    // Roles as "Role:building" separated by spaces ("BoardMember:12 Owner:"), read with the account in one query;
    // whether the firm requires two-factor sign-in of its staff and this account has none yet.
    private const string AccountColumns = """
        u.id, u.organisation_id, u.email, u.display_name, u.language, u.owner_id,
        array_to_string(array(select r.role || ':' || coalesce(r.building_id::text, '') from user_roles r where r.user_id = u.id order by 1), ' ') as roles,
        u.totp_enabled_at is null and (select o.staff_two_factor from organisations o where o.id = u.organisation_id) as firm_requires_two_factor
        """;

    public static async Task Start(HttpContext http, Db db, long userId)
    {
        var account = await db.QuerySingle<Account>($"select {AccountColumns} from users u where u.id = @userId", new { userId });
        var key = RandomNumberGenerator.GetBytes(32);
        var userAgent = http.Request.Headers.UserAgent.ToString();
        await db.Execute("""
            insert into user_sessions (key_hash, user_id, user_agent, network) values (@hash, @userId, @userAgent, @network)
            """, new
        {
            hash = SHA256.HashData(key), userId,
            userAgent = userAgent.Length > 300 ? userAgent[..300] : userAgent,
            network = SignInSession.NetworkOf(http.Connection.RemoteIpAddress),
        });
        await http.SignInAsync(CookieAuthenticationDefaults.AuthenticationScheme, Principal(account, WebEncoders.Base64UrlEncode(key)));
        Languages.Remember(http.Response, account.Language);
    }

    private static ClaimsPrincipal Principal(Account account, string sessionKey)
    {
        var claims = new List<Claim>
        {
            new(ClaimTypes.NameIdentifier, account.Id.ToString()),
            new(ClaimTypes.Name, account.DisplayName),
            new(ClaimTypes.Email, account.Email),
            new(Viewer.OrganisationClaim, account.OrganisationId.ToString()),
            new(KeyClaim, sessionKey),
        };
        if (account.OwnerId is { } ownerId) claims.Add(new(Viewer.OwnerClaim, ownerId.ToString()));
        var roles = account.Roles.Split(' ', StringSplitOptions.RemoveEmptyEntries).Select(r => r.Split(':')).ToList();
        foreach (var role in roles.Select(r => r[0]).Distinct()) claims.Add(new(ClaimTypes.Role, role));
        foreach (var board in roles.Where(r => r[0] == Infrastructure.Roles.BoardMember && r[1] != "").Select(r => r[1]))
            claims.Add(new(Viewer.BoardClaim, board));
        if (TwoFactor.Required(roles.Select(r => r[0]), account.FirmRequiresTwoFactor)) claims.Add(new(MustEnrolClaim, "1"));
        return new ClaimsPrincipal(new ClaimsIdentity(claims, CookieAuthenticationDefaults.AuthenticationScheme));
    }

    private sealed record Row(long SessionId, DateTime CreatedAt, DateTime LastSeenAt, DateTime? EndedAt, bool Withdrawn,
        long Id, long OrganisationId, string Email, string DisplayName, string Language, long? OwnerId, string Roles, bool FirmRequiresTwoFactor);

    /// <summary>The cookie handler's check at each request: a session ended or lapsed signs out; changed rights apply now.</summary>
    public static async Task Validate(CookieValidatePrincipalContext context)
    {
        var hash = KeyHash(context.Principal);
        var db = context.HttpContext.RequestServices.GetRequiredService<Db>();
        // one round trip per request: the session and the account's rights as they are now
        var row = hash is null ? null : await db.QuerySingleOrDefault<Row>($"""
            select s.id as session_id, s.created_at, s.last_seen_at, s.ended_at, u.disabled_at is not null as withdrawn, {AccountColumns}
            from user_sessions s join users u on u.id = s.user_id where s.key_hash = @hash
            """, new { hash });
        if (row is null || row.Withdrawn || !IsLive(row.CreatedAt, row.LastSeenAt, row.EndedAt))
        {
            context.RejectPrincipal();
            await context.HttpContext.SignOutAsync(CookieAuthenticationDefaults.AuthenticationScheme);
            return;
        }
        if (DateTimeOffset.UtcNow - Utc(row.LastSeenAt) >= SignInSession.LastSeenPrecision)
            await db.Execute("update user_sessions set last_seen_at = now() where id = @SessionId and ended_at is null", new { row.SessionId });
        var account = new Account(row.Id, row.OrganisationId, row.Email, row.DisplayName, row.Language, row.OwnerId, row.Roles, row.FirmRequiresTwoFactor);
        var fresh = Principal(account, context.Principal!.FindFirstValue(KeyClaim)!);
        if (!SameClaims(fresh, context.Principal!))
        {
            context.ReplacePrincipal(fresh);
            context.ShouldRenew = true;
        }
    }

    /// <summary>
    /// A staff member whose firm requires two-factor sign-in reaches only its set-up page (and signing out) until done.
    /// </summary>
    public static IApplicationBuilder UseTwoFactorEnrolment(this IApplicationBuilder app) => app.Use(async (context, next) =>
    {
        var path = context.Request.Path;
        if (context.User.HasClaim(c => c.Type == MustEnrolClaim)
            && !path.StartsWithSegments("/account/two-factor") && !path.StartsWithSegments("/account/logout")
            && !path.StartsWithSegments("/status") && !path.StartsWithSegments("/error"))
        {
            context.Response.Redirect("/account/two-factor");
            return;
        }
        await next(context);
    });

    /// <summary>Ends the session of this request (signing out).</summary>
    public static async Task End(HttpContext http, Db db, SessionEnd reason)
    {
        if (KeyHash(http.User) is { } hash)
            await db.Execute("update user_sessions set ended_at = now(), ended_reason = @reason where key_hash = @hash and ended_at is null",
                new { hash, reason = SignInSession.Code(reason) });
        await http.SignOutAsync(CookieAuthenticationDefaults.AuthenticationScheme);
    }

    /// <summary>Ends a person's sessions but the one of this request, if it is theirs (a password changed, "sign out elsewhere").</summary>
    public static Task<int> EndOthers(Db db, long userId, ClaimsPrincipal? current, SessionEnd reason) => db.Execute("""
        update user_sessions set ended_at = now(), ended_reason = @reason
        where user_id = @userId and ended_at is null and key_hash is distinct from @hash
        """, new { userId, hash = current is null ? null : KeyHash(current), reason = SignInSession.Code(reason) });

    /// <summary>The session's key digest from a principal's claim, or null when it has none or a malformed one.</summary>
    public static byte[]? KeyHash(ClaimsPrincipal? principal)
    {
        var key = principal?.FindFirstValue(KeyClaim);
        if (key is null) return null;
        try { return SHA256.HashData(WebEncoders.Base64UrlDecode(key)); }
        catch (FormatException) { return null; }
    }

    /// <summary><see cref="SignInSession.IsLive"/> now, for a session's times as read from PostgreSQL (UTC).</summary>
    public static bool IsLive(DateTime createdAt, DateTime lastSeenAt, DateTime? endedAt) =>
        SignInSession.IsLive(Utc(createdAt), Utc(lastSeenAt), endedAt is { } ended ? Utc(ended) : null, DateTimeOffset.UtcNow);

    private static DateTimeOffset Utc(DateTime t) => new(DateTime.SpecifyKind(t, DateTimeKind.Utc));

    private static bool SameClaims(ClaimsPrincipal a, ClaimsPrincipal b) =>
        a.Claims.Select(c => (c.Type, c.Value)).ToHashSet().SetEquals(b.Claims.Select(c => (c.Type, c.Value)));
}
