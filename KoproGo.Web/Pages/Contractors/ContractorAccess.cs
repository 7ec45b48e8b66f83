using KoproGo.Domain.Works;
using KoproGo.Web.Infrastructure;
using Microsoft.AspNetCore.DataProtection;

namespace KoproGo.Web.Pages.Contractors;

/// <summary>
/// Contractors have no password: the syndic mails them a personal link (one contractor, 72 hours).
/// Opening it trades the secret for a cookie naming the link, so the secret leaves the address bar at once; every
/// request then checks the link again in the database, so revoking it or letting it expire ends the access.
/// </summary>
public sealed class ContractorAccess(IDataProtectionProvider protection)
{
    public const string CookieName = "koprogo-contractor";

    /// <summary>Who acts through a link: the contractor (a supplier) of one organisation.</summary>
    public sealed record Contractor(long LinkId, long OrganisationId, long SupplierId, string Name, string? Email, string Language, DateTime ExpiresAt)
    {
        /// <summary>As the audit log and the document store see them: no account, the link recorded.</summary>
        public Viewer AsViewer => ViewerOf(OrganisationId, Name, LinkId);
    }

    /// <summary>A contractor acting through link <paramref name="linkId"/>, as the audit log and the document store see them.</summary>
    public static Viewer ViewerOf(long organisationId, string name, long linkId) =>
        new(0, organisationId, name, new HashSet<string>(), null, []) { ContractorLinkId = linkId };

    public enum State { Valid, Unknown, Expired, Revoked }

    public sealed record Link(long Id, long OrganisationId, long SupplierId, DateTime ExpiresAt, DateTime? RevokedAt)
    {
        public State State => RevokedAt is not null ? State.Revoked : ExpiresAt <= DateTime.UtcNow ? State.Expired : State.Valid;
    }

    /// <summary>
    /// A new link for the contractor. Each mail carries its own, so a session opened from an earlier mail goes on; when
    /// the syndic sends one because a link was lost (<paramref name="replacing"/>), the earlier ones stop working.
    /// </summary>
    public static async Task<string> Issue(Db db, long organisationId, long supplierId, long? createdBy, bool replacing = false)
    {
        var token = AccountTokens.NewSecret();
        if (replacing)
            await db.Execute("update contractor_links set revoked_at = now() where supplier_id = @supplierId and revoked_at is null and expires_at > now()",
                new { supplierId });
        await db.Execute("""
            insert into contractor_links (organisation_id, supplier_id, token_hash, expires_at, created_by)
            values (@organisationId, @supplierId, @hash, now() + @lifetime, @createdBy)
            """, new { organisationId, supplierId, hash = AccountTokens.Hash(token), lifetime = WorksRequests.LinkLifetime, createdBy });
        return token;
    }

    public static Task<Link?> Find(Db db, string? token) => string.IsNullOrWhiteSpace(token) || token.Length > 100
        ? Task.FromResult<Link?>(null)
        : db.QuerySingleOrDefault<Link?>("select id, organisation_id, supplier_id, expires_at, revoked_at from contractor_links where token_hash = @hash",
            new { hash = AccountTokens.Hash(token) });

    private IDataProtector Protector => protection.CreateProtector("KoproGo.ContractorLink");

    public void Open(HttpContext http, Link link) => http.Response.Cookies.Append(CookieName, Protector.Protect(link.Id.ToString()), new CookieOptions
    {
        HttpOnly = true,
        SameSite = SameSiteMode.Lax,
        Secure = http.Request.IsHttps,
        Expires = new DateTimeOffset(DateTime.SpecifyKind(link.ExpiresAt, DateTimeKind.Utc)),
        Path = "/contractor",
        IsEssential = true,
    });

    public static void Close(HttpContext http) => http.Response.Cookies.Delete(CookieName, new CookieOptions { Path = "/contractor" });

    /// <summary>The contractor of the request's cookie while their link is valid, else null.</summary>
    public async Task<Contractor?> Current(HttpContext http, Db db)
    {
        if (http.Request.Cookies[CookieName] is not { } cookie) return null;
        long linkId;
        try { linkId = long.Parse(Protector.Unprotect(cookie)); }
        catch (System.Security.Cryptography.CryptographicException) { return null; }
        return await db.QuerySingleOrDefault<Contractor?>("""
            select l.id as link_id, l.organisation_id, l.supplier_id, s.name, s.email, s.language, l.expires_at
            from contractor_links l join suppliers s on s.id = l.supplier_id and s.organisation_id = l.organisation_id
            where l.id = @linkId and l.revoked_at is null and l.expires_at > now()
            """, new { linkId });
    }
}
