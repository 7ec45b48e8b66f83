using KoproGo.Web.Infrastructure;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace KoproGo.Web.Pages.Community;

/// <summary>A resident's home: the buildings they live in, each community open to them or not (then they wait).</summary>
[Authorize(Policy = Policies.Resident)]
public sealed class MineModel(Db db) : PageModel
{
    public sealed record Home(long Id, string Name, string City, bool Open);

    public IReadOnlyList<Home> Homes { get; private set; } = [];

    public async Task<IActionResult> OnGet()
    {
        Homes = await db.Query<Home>("""
            select b.id, b.name, b.city, b.community_residents as open
            from user_roles r join buildings b on b.id = r.building_id
            where r.user_id = @ViewerUserId and r.role = 'Resident' and b.organisation_id = @OrgId
            order by b.name collate natural_sort
            """, User.Viewer().Params());
        // Straight to the community when there is only one to go to.
        return Homes is [{ Open: true } only] ? Redirect($"/buildings/{only.Id}/community") : Page();
    }
}
