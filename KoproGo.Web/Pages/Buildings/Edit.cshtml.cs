using KoproGo.Web.Infrastructure;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Localization;
using Npgsql;

namespace KoproGo.Web.Pages.Buildings;

[Authorize(Policy = Policies.Manage)]
public sealed class EditModel(Db db, IStringLocalizer<SharedResource> l) : BuildingFormPage
{
    public long Id { get; private set; }

    /// <summary>The name as saved, for the breadcrumb: the form's may be emptied or half typed.</summary>
    public string SavedName { get; private set; } = "";

    public async Task<IActionResult> OnGet(long id)
    {
        Id = id;
        var values = await db.QuerySingleOrDefault<BuildingInput.Values>(
            $"select {BuildingInput.Columns} from buildings b where b.id = @id and {Viewer.VisibleBuilding}", User.Viewer().Params(new { id }));
        if (values is null) return NotFound();
        SavedName = values.Name;
        Input = BuildingInput.From(values);
        return Page();
    }

    public async Task<IActionResult> OnPost(long id)
    {
        Id = id;
        var viewer = User.Viewer();
        var before = await db.QuerySingleOrDefault<BuildingInput.Values>(
            $"select {BuildingInput.Columns} from buildings b where b.id = @id and {Viewer.VisibleBuilding}", viewer.Params(new { id }));
        if (before is null) return NotFound();
        SavedName = before.Name;
        var values = Input.Validate(ModelState, l);
        if (values is null) return Page();
        var p = viewer.Params(values);
        p.Add("id", id);
        try
        {
            await db.Execute($"update buildings set ({BuildingInput.Columns}) = ({BuildingInput.Parameters}) where id = @id and organisation_id = @OrgId", p);
        }
        catch (PostgresException e) when (e.ConstraintName == "lots_quota_within_total")
        {
            await db.Rollback();
            var allocated = await db.Scalar<long>("select coalesce(sum(quota), 0) from lots where building_id = @id", new { id });
            ModelState.AddModelError("Input.TotalShares", l["The lots already hold {0} shares: the total cannot be smaller.", allocated]);
            return Page();
        }
        await AuditLog.Record(db, viewer, "building", id, "updated", values.Name, before, values);
        TempData["Notice"] = "The building has been saved.";
        return Redirect($"/buildings/{id}");
    }
}
