using System.Security.Claims;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;

namespace KoproGo.Web.Infrastructure;

/// <summary>Signs a person in: their organisation, roles and board buildings become claims of the cookie.</summary>
public static class Sessions
{
    private sealed record Account(long Id, long OrganisationId, string Email, string DisplayName, string Language, long? OwnerId);

    public static async Task Start(HttpContext http, Db db, long userId)
    {
        var account = await db.QuerySingle<Account>(
            "select id, organisation_id, email, display_name, language, owner_id from users where id = @userId", new { userId });
        var roles = await db.Query<(string Role, long? BuildingId)>("select role, building_id from user_roles where user_id = @userId", new { userId });
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
        await http.SignInAsync(CookieAuthenticationDefaults.AuthenticationScheme,
            new ClaimsPrincipal(new ClaimsIdentity(claims, CookieAuthenticationDefaults.AuthenticationScheme)));
        Languages.Remember(http.Response, account.Language);
    }
}
