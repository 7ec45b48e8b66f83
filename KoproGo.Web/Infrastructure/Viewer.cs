using System.Security.Claims;
using Dapper;

namespace KoproGo.Web.Infrastructure;

public static class Roles
{
    public const string SuperAdmin = "SuperAdmin";
    public const string Syndic = "Syndic";
    public const string Accountant = "Accountant";
    public const string BoardMember = "BoardMember";
    public const string Owner = "Owner";
    public const string Contractor = "Contractor";
    /// <summary>Lives in a building without owning a lot there; takes part in its community when the building allows.</summary>
    public const string Resident = "Resident";
}

public static class Policies
{
    /// <summary>Creates and edits buildings, lots, owners: the syndic.</summary>
    public const string Manage = "Manage";
    /// <summary>Reads the organisation's owners register: syndic and accountant.</summary>
    public const string Staff = "Staff";
    /// <summary>Reads building and lot pages: staff of the organisation, and board members of their building.</summary>
    public const string BuildingReader = "BuildingReader";
    public const string Owner = "Owner";
    /// <summary>A resident's way in: the communities of the buildings they live in.</summary>
    public const string Resident = "Resident";
    public const string Platform = "Platform";
    /// <summary>Reads the audit log: the syndic for their organisation, the platform administrator for all.</summary>
    public const string Audit = "Audit";

    public static void Add(Microsoft.AspNetCore.Authorization.AuthorizationOptions options)
    {
        options.AddPolicy(Manage, p => p.RequireRole(Roles.Syndic));
        options.AddPolicy(Staff, p => p.RequireRole(Roles.Syndic, Roles.Accountant));
        options.AddPolicy(BuildingReader, p => p.RequireRole(Roles.Syndic, Roles.Accountant, Roles.BoardMember));
        options.AddPolicy(Owner, p => p.RequireRole(Roles.Owner));
        options.AddPolicy(Resident, p => p.RequireRole(Roles.Resident));
        options.AddPolicy(Platform, p => p.RequireRole(Roles.SuperAdmin));
        options.AddPolicy(Audit, p => p.RequireRole(Roles.Syndic, Roles.SuperAdmin));
        options.FallbackPolicy = new Microsoft.AspNetCore.Authorization.AuthorizationPolicyBuilder().RequireAuthenticatedUser().Build();
    }
}

/// <summary>
/// Who is asking, read from the sign-in cookie. Every tenant query takes its parameters from here, so the
/// organisation is never taken from the URL or the form.
/// </summary>
public sealed record Viewer(long UserId, long OrganisationId, string Name, IReadOnlySet<string> Roles, long? OwnerId, long[] BoardBuildingIds)
{
    public const string OrganisationClaim = "koprogo:org";
    public const string OwnerClaim = "koprogo:owner";
    public const string BoardClaim = "koprogo:board";

    /// <summary>Someone not signed in: no organisation, no role; sees only what is public.</summary>
    public static readonly Viewer Anonymous = new(0, 0, "", new HashSet<string>(), null, []);

    /// <summary>Set when a contractor acts through their personal link (no account, UserId 0): the audit log keeps the link.</summary>
    public long? ContractorLinkId { get; init; }

    public bool IsSyndic => Roles.Contains(Infrastructure.Roles.Syndic);
    public bool IsPlatformAdmin => Roles.Contains(Infrastructure.Roles.SuperAdmin);
    public bool SeesAllBuildings => IsSyndic || Roles.Contains(Infrastructure.Roles.Accountant);

    /// <summary>
    /// SQL condition on a building aliased <c>b</c>: it belongs to the caller's organisation, and the caller is staff
    /// or sits on its board. Use with <see cref="Params"/>.
    /// </summary>
    public const string VisibleBuilding =
        "b.organisation_id = @OrgId and (@SeesAllBuildings or b.id = any(@BoardBuildingIds))";

    /// <summary>The names <see cref="Params"/> gives the caller's scope in SQL.</summary>
    private static readonly string[] ScopeNames = ["OrgId", "SeesAllBuildings", "BoardBuildingIds", "ViewerOwnerId", "ViewerUserId"];

    // Every query passes here: the answer for a parameter type is worked out once.
    private static readonly System.Collections.Concurrent.ConcurrentDictionary<Type, string?> ScopeClash = new();

    private static string? FindClash(Type type) =>
        type.GetProperties().Select(p => p.Name).FirstOrDefault(n => ScopeNames.Contains(n, StringComparer.OrdinalIgnoreCase));

    /// <summary>
    /// The caller's scope as query parameters (@OrgId, @SeesAllBuildings, @BoardBuildingIds, @ViewerOwnerId,
    /// @ViewerUserId), plus the page's own. PostgreSQL parameter names ignore case, so a page parameter with one of the
    /// scope's names would silently replace it: that is refused.
    /// </summary>
    public DynamicParameters Params(object? pageParameters = null)
    {
        if (pageParameters is not null && ScopeClash.GetOrAdd(pageParameters.GetType(), FindClash) is { } clash)
            throw new ArgumentException($"The page parameter '{clash}' has the name of a scope parameter", nameof(pageParameters));
        var p = new DynamicParameters(pageParameters);
        p.Add("OrgId", OrganisationId);
        p.Add("SeesAllBuildings", SeesAllBuildings);
        p.Add("BoardBuildingIds", BoardBuildingIds);
        p.Add("ViewerOwnerId", OwnerId ?? 0);
        p.Add("ViewerUserId", UserId);
        return p;
    }

    // A page asks for its Viewer at every query: the last one worked out on this thread is kept with the principal it
    // came from (each request reads its own principal from its cookie, so the same object means the same request).
    [ThreadStatic] private static (ClaimsPrincipal Of, Viewer Viewer)? last;

    public static Viewer From(ClaimsPrincipal user)
    {
        if (last is { } known && ReferenceEquals(known.Of, user)) return known.Viewer;
        var viewer = Read(user);
        last = (user, viewer);
        return viewer;
    }

    private static Viewer Read(ClaimsPrincipal user) => new(
        long.Parse(user.FindFirstValue(ClaimTypes.NameIdentifier)!),
        long.Parse(user.FindFirstValue(OrganisationClaim)!),
        user.Identity?.Name ?? "",
        user.FindAll(ClaimTypes.Role).Select(c => c.Value).ToHashSet(),
        user.FindFirstValue(OwnerClaim) is { } owner ? long.Parse(owner) : null,
        user.FindAll(BoardClaim).Select(c => long.Parse(c.Value)).ToArray());
}

public static class ViewerExtensions
{
    public static Viewer Viewer(this ClaimsPrincipal user) => Infrastructure.Viewer.From(user);

    public static Viewer ViewerOrAnonymous(this ClaimsPrincipal user) =>
        user.Identity?.IsAuthenticated == true ? Infrastructure.Viewer.From(user) : Infrastructure.Viewer.Anonymous;
}
