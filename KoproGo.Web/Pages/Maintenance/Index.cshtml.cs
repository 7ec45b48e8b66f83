using KoproGo.Web.Infrastructure;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace KoproGo.Web.Pages.Maintenance;

/// <summary>A building's maintenance log: its equipment, the last inspection of each and the next one due.</summary>
[Authorize(Policy = Policies.BuildingReader)]
public sealed class IndexModel(Db db) : PageModel
{
    public MaintenanceData.Building Building { get; private set; } = null!;
    public IReadOnlyList<MaintenanceData.Equipment> Items { get; private set; } = [];

    public async Task<IActionResult> OnGet(long id)
    {
        if (await MaintenanceData.VisibleBuilding(db, User.Viewer(), id) is not { } building) return NotFound();
        Building = building;
        Items = await MaintenanceData.OfBuilding(db, User.Viewer(), id);
        return Page();
    }
}
