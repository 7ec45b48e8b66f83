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

    /// <summary>Present when the session was opened through the identity provider; then the level it vouched for (its acr).</summary>
    public const string ProviderClaim = "koprogo:provider", AcrClaim = "koprogo:acr";

    /// <summary>Present when that level is one the deployment trusts as strong (<see cref="ExternalSignIn.IsStrong"/>).</summary>
    public const string StrongClaim = "koprogo:strong";

    /// <summary>A sign-in through the identity provider: the level it vouched for and whether that level counts as strong.</summary>
    public sealed record ProviderSignIn(string? Acr, bool Strong);

    private sealed record Account(long Id, long OrganisationId, string Email, string DisplayName, string Language, long? OwnerId, string Roles,
        bool FirmRequiresTwoFactor);

    // Roles as "Role:building" separated by spaces ("BoardMember:12 Owner:"), read with the account in one query;
    // whether the firm requires two-factor sign-in of its staff and this account has none yet.
    private const string AccountColumns = """
        u.id, u.organisation_id, u.email, u.display_name, u.language, u.owner_id,
        array_to_string(array(select r.role || ':' || coalesce(r.building_id::text, '') from user_roles r where r.user_id = u.id order by 1), ' ') as roles,
        u.totp_enabled_at is null and (select o.staff_two_factor from organisations o where o.id = u.organisation_id) as firm_requires_two_factor
        """;

    /// <summary>Opens a session: with a password when <paramref name="provider"/> is null, else through the identity provider.</summary>
    public static async Task Start(HttpContext http, Db db, long userId, ProviderSignIn? provider = null)
    {
        var account = await db.QuerySingle<Account>($"select {AccountColumns} from users u where u.id = @userId", new { userId });
        var key = RandomNumberGenerator.GetBytes(32);
        var userAgent = http.Request.Headers.UserAgent.ToString();
        await db.Execute("""
            insert into user_sessions (key_hash, user_id, user_agent, network, via, acr, strong)
            values (@hash, @userId, @userAgent, @network, @via, @acr, @strong)
            """, new
        {
            hash = SHA256.HashData(key), userId,
            via = provider is null ? "password" : "provider", acr = provider?.Acr, strong = provider?.Strong ?? false,
            userAgent = userAgent.Length > 300 ? userAgent[..300] : userAgent,
            network = SignInSession.NetworkOf(http.Connection.RemoteIpAddress),
        });
        await http.SignInAsync(CookieAuthenticationDefaults.AuthenticationScheme, Principal(account, WebEncoders.Base64UrlEncode(key), provider));
        Languages.Remember(http.Response, account.Language);
    }

    private static ClaimsPrincipal Principal(Account account, string sessionKey, ProviderSignIn? provider)
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
        if (provider is not null) claims.Add(new(ProviderClaim, "1"));
        if (provider?.Acr is { } acr) claims.Add(new(AcrClaim, acr));
        if (provider?.Strong == true) claims.Add(new(StrongClaim, "1"));
        var roles = account.Roles.Split(' ', StringSplitOptions.RemoveEmptyEntries).Select(r => r.Split(':')).ToList();
        foreach (var role in roles.Select(r => r[0]).Distinct()) claims.Add(new(ClaimTypes.Role, role));
        foreach (var board in roles.Where(r => r[0] == Infrastructure.Roles.BoardMember && r[1] != "").Select(r => r[1]))
            claims.Add(new(Viewer.BoardClaim, board));
        if (TwoFactor.Required(roles.Select(r => r[0]), account.FirmRequiresTwoFactor)) claims.Add(new(MustEnrolClaim, "1"));
        return new ClaimsPrincipal(new ClaimsIdentity(claims, CookieAuthenticationDefaults.AuthenticationScheme));
    }

    private sealed record Row(long SessionId, DateTime CreatedAt, DateTime LastSeenAt, DateTime? EndedAt, bool Withdrawn, string Via, string? Acr, bool Strong,
        long Id, long OrganisationId, string Email, string DisplayName, string Language, long? OwnerId, string Roles, bool FirmRequiresTwoFactor);

    /// <summary>The cookie handler's check at each request: a session ended or lapsed signs out; changed rights apply now.</summary>
    public static async Task Validate(CookieValidatePrincipalContext context)
    {
        var hash = KeyHash(context.Principal);
        var db = context.HttpContext.RequestServices.GetRequiredService<Db>();
        // one round trip per request: the session and the account's rights as they are now
        var row = hash is null ? null : await db.QuerySingleOrDefault<Row>($"""
            select s.id as session_id, s.created_at, s.last_seen_at, s.ended_at, u.disabled_at is not null as withdrawn, s.via, s.acr, s.strong,
                   {AccountColumns}
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
        var fresh = Principal(account, context.Principal!.FindFirstValue(KeyClaim)!, row.Via == "provider" ? new ProviderSignIn(row.Acr, row.Strong) : null);
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

    /// <summary>How the session of this request was opened: null for a password.</summary>
    public static ProviderSignIn? ProviderOf(ClaimsPrincipal user) =>
        user.HasClaim(ProviderClaim, "1") ? new ProviderSignIn(user.FindFirstValue(AcrClaim), user.HasClaim(StrongClaim, "1")) : null;

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
