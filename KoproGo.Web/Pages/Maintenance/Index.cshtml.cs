using KoproGo.Web.Infrastructure;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace KoproGo.Web.Pages.Maintenance;

/// <summary>A building's maintenance log: its equipment, the last inspection of each and the next one due.</summary>
[Authorize(Policy = Policies.BuildingReader)]
public sealed class IndexModel(Db db, KoproGo.Web.Infrastructure.Pdf.PdfRenderer pdf) : PageModel
{
    public MaintenanceData.Building Building { get; private set; } = null!;
    public IReadOnlyList<MaintenanceData.Equipment> Items { get; private set; } = [];
    public IReadOnlyList<MaintenanceData.WorksDone> Works { get; private set; } = [];

    public async Task<IActionResult> OnGet(long id)
    {
        if (await MaintenanceData.VisibleBuilding(db, User.Viewer(), id) is not { } building) return NotFound();
        Building = building;
        Items = await MaintenanceData.OfBuilding(db, User.Viewer(), id);
        Works = await MaintenanceData.WorksOfBuilding(db, id);
        return Page();
    }

    /// <summary>The whole log as a PDF in the building's language: for the assembly, an audit, or a buyer's notary.</summary>
    public async Task<IActionResult> OnGetPdf(long id, CancellationToken cancellationToken)
    {
        if (await MaintenanceData.VisibleBuilding(db, User.Viewer(), id) is not { } building) return NotFound();
        var log = new MaintenanceData.Log(building, await MaintenanceData.OfBuilding(db, User.Viewer(), id), await MaintenanceData.InspectionsOfBuilding(db, id),
            await MaintenanceData.WorksOfBuilding(db, id));
        return await pdf.Download("/Pdf/MaintenanceLog.cshtml", log, building.Language,
            new KoproGo.Web.Infrastructure.Pdf.PdfFrame(Languages.Text(building.Language, "Maintenance log"), BrusselsTime.Today.ToString("d", Languages.Culture(building.Language)), building.Name),
            "maintenance-log.pdf", cancellationToken);
    }
}
