using KoproGo.Domain.Works;
using KoproGo.Web.Infrastructure;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.Extensions.Localization;

namespace KoproGo.Web.Pages.Maintenance;

/// <summary>Adding or changing a piece of equipment in the building's maintenance log (the syndic).</summary>
[Authorize(Policy = Policies.Manage)]
public sealed class EditModel(Db db, IStringLocalizer<SharedResource> l) : PageModel
{
    public sealed class EquipmentInput
    {
        public string? Kind { get; set; }
        public string? Name { get; set; }
        public string? Make { get; set; }
        public string? Model { get; set; }
        public string? InstalledOn { get; set; }
        public string? ContractHolder { get; set; }
        public string? InspectionMonths { get; set; }
        public string? InspectionBody { get; set; }
    }

    [BindProperty] public EquipmentInput Input { get; set; } = new();
    public MaintenanceData.Building Building { get; private set; } = null!;
    public long? EquipmentId { get; private set; }

    private async Task<bool> Load(long id, long? equipment)
    {
        if (await MaintenanceData.VisibleBuilding(db, User.Viewer(), id) is not { } building) return false;
        Building = building;
        EquipmentId = equipment;
        return equipment is null || await db.Scalar<bool>("select exists (select 1 from equipment where id = @equipment and building_id = @id)", new { equipment, id });
    }

    public async Task<IActionResult> OnGet(long id, long? equipment)
    {
        if (!await Load(id, equipment)) return NotFound();
        if (equipment is not null && await MaintenanceData.Find(db, User.Viewer(), equipment.Value) is { } e)
            Input = new EquipmentInput
            {
                Kind = e.Kind, Name = e.Name, Make = e.Make, Model = e.Model, InstalledOn = e.InstalledOn?.ToString("yyyy-MM-dd"),
                ContractHolder = e.ContractHolder, InspectionMonths = e.InspectionMonths?.ToString(), InspectionBody = e.InspectionBody,
            };
        return Page();
    }

    public async Task<IActionResult> OnPost(long id, long? equipment)
    {
        if (!await Load(id, equipment)) return NotFound();
        var check = new FormCheck(ModelState, l, "Input");
        var kind = check.Choice(nameof(EquipmentInput.Kind), Input.Kind, Inspections.Kinds);
        var name = check.Required(nameof(EquipmentInput.Name), Input.Name, 150);
        var make = check.Optional(nameof(EquipmentInput.Make), Input.Make, 100) ?? "";
        var model = check.Optional(nameof(EquipmentInput.Model), Input.Model, 100) ?? "";
        var installedOn = check.Date(nameof(EquipmentInput.InstalledOn), Input.InstalledOn, required: false);
        if (installedOn > BrusselsTime.Today) check.Error(nameof(EquipmentInput.InstalledOn), "This date is in the future.");
        var holder = check.Optional(nameof(EquipmentInput.ContractHolder), Input.ContractHolder, 150) ?? "";
        // left empty, the periodicity is the kind's default (none for a roof or a façade)
        var months = check.Integer(nameof(EquipmentInput.InspectionMonths), Input.InspectionMonths, 1, 120, required: false)
            ?? (kind is null ? null : Inspections.DefaultMonths(kind));
        var body = check.Optional(nameof(EquipmentInput.InspectionBody), Input.InspectionBody, 150) ?? "";
        if (!ModelState.IsValid) return Page();

        var values = new { id, equipment, kind, name, make, model, installedOn, holder, months, body };
        var saved = equipment is null
            ? await db.Scalar<long>("""
                insert into equipment (organisation_id, building_id, kind, name, make, model, installed_on, contract_holder, inspection_months, inspection_body)
                select organisation_id, @id, @kind, @name, @make, @model, @installedOn, @holder, @months, @body from buildings where id = @id returning id
                """, values)
            : await db.Scalar<long>("""
                update equipment set kind = @kind, name = @name, make = @make, model = @model, installed_on = @installedOn, contract_holder = @holder,
                    inspection_months = @months, inspection_body = @body
                where id = @equipment and building_id = @id returning id
                """, values);
        await AuditLog.Record(db, User.Viewer(), "equipment", saved, equipment is null ? "created" : "updated",
            AuditLog.Says("{0}: {1}", Building.Name, name!), after: new { kind, name, make, model, installed_on = installedOn, inspection_months = months });
        TempData["Notice"] = "The equipment is saved.";
        return Redirect($"/maintenance/{saved}");
    }
}
