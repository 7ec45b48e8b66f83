using KoproGo.Web.Infrastructure;
using KoproGo.Web.Pages.Privacy;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace KoproGo.Web.Pages.Public;

/// <summary>The privacy notice of a building's syndic firm, public: for whoever has no account, from the building's public page.</summary>
[AllowAnonymous]
public sealed class PrivacyModel(Db db) : PageModel
{
    public string BuildingName { get; private set; } = "";
    public PrivacyNotice? Notice { get; private set; }

    public async Task<IActionResult> OnGet(string slug)
    {
        var building = await db.QuerySingleOrDefault<(long OrganisationId, string Name)?>(
            "select organisation_id, name from buildings where slug = @slug", new { slug });
        if (building is not { } b) return NotFound();
        BuildingName = b.Name;
        Notice = await PrivacyNotice.Current(db, b.OrganisationId);
        return Page();
    }
}
