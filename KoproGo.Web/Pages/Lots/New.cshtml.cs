using KoproGo.Web.Infrastructure;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Localization;

namespace KoproGo.Web.Pages.Lots;

[Authorize(Policy = Policies.Manage)]
public sealed class NewModel(Db db, IStringLocalizer<SharedResource> l) : LotFormPage(db, l)
{
    public async Task<IActionResult> OnGet(long building) => await LoadBuilding(building) ? Page() : NotFound();

    public async Task<IActionResult> OnPost(long building)
    {
        if (!await LoadBuilding(building)) return NotFound();
        var values = Input.Validate(ModelState, Text);
        if (values is null) return Page();
        long id = 0;
        if (!await TrySave(async () => id = await Db.Scalar<long>("""
                insert into lots (organisation_id, building_id, number, kind, floor, area, quota)
                select organisation_id, id, @Number, @Kind, @Floor, @Area, @Quota from buildings where id = @building
                returning id
                """, User.Viewer().Params(new { values.Number, values.Kind, values.Floor, values.Area, values.Quota, building })), null))
            return Page();
        await AuditLog.Record(Db, User.Viewer(), "lot", id, "created", AuditLog.Says("Lot {0}, {1}: {2} shares", values.Number, BuildingName, values.Quota), after: values);
        TempData["Notice"] = "The lot has been added.";
        return Redirect($"/lots/{id}");
    }
}
