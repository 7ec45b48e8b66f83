using KoproGo.Web.Infrastructure;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Localization;

namespace KoproGo.Web.Pages.Lots;

[Authorize(Policy = Policies.Manage)]
public sealed class EditModel(Db db, IStringLocalizer<SharedResource> l) : LotFormPage(db, l)
{
    public long Id { get; private set; }

    private async Task<LotInput.Values?> Load(long id)
    {
        Id = id;
        var buildingId = await Db.Scalar<long?>("select building_id from lots where id = @id and organisation_id = @OrgId", User.Viewer().Params(new { id }));
        if (buildingId is null || !await LoadBuilding(buildingId.Value)) return null;
        return await Db.QuerySingle<LotInput.Values>("select number, kind, floor, area, quota from lots where id = @id", new { id });
    }

    public async Task<IActionResult> OnGet(long id)
    {
        var values = await Load(id);
        if (values is null) return NotFound();
        Input = LotInput.From(values);
        return Page();
    }

    public async Task<IActionResult> OnPost(long id)
    {
        var before = await Load(id);
        if (before is null) return NotFound();
        var values = Input.Validate(ModelState, Text);
        if (values is null) return Page();
        if (!await TrySave(() => Db.Execute("""
                update lots set number = @Number, kind = @Kind, floor = @Floor, area = @Area, quota = @Quota
                where id = @id and organisation_id = @OrgId
                """, User.Viewer().Params(new { values.Number, values.Kind, values.Floor, values.Area, values.Quota, id })), id))
            return Page();
        await AuditLog.Record(Db, User.Viewer(), "lot", id, "updated", AuditLog.Says("Lot {0}, {1}", values.Number, BuildingName), before, values);
        TempData["Notice"] = "The lot has been saved.";
        return Redirect($"/lots/{id}");
    }
}
