using KoproGo.Web.Infrastructure;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Localization;

namespace KoproGo.Web.Pages.Owners;

[Authorize(Policy = Policies.Manage)]
public sealed class EditModel(Db db, IStringLocalizer<SharedResource> l) : OwnerFormPage
{
    public long Id { get; private set; }

    /// <summary>The name as saved, for the breadcrumb: the form's may be emptied or half typed.</summary>
    public string SavedName { get; private set; } = "";

    private async Task<OwnerInput.Values?> Saved(long id)
    {
        var values = await db.QuerySingleOrDefault<OwnerInput.Values>(
            $"select {OwnerInput.Columns} from owners where id = @id and organisation_id = @OrgId", User.Viewer().Params(new { id }));
        if (values is not null) SavedName = Labels.PersonName(values.FirstName, values.LastName);
        return values;
    }

    public async Task<IActionResult> OnGet(long id)
    {
        Id = id;
        var values = await Saved(id);
        if (values is null) return NotFound();
        Input = OwnerInput.From(values);
        return Page();
    }

    public async Task<IActionResult> OnPost(long id)
    {
        Id = id;
        var viewer = User.Viewer();
        if (await Saved(id) is null) return NotFound();
        var values = Input.Validate(ModelState, l);
        if (values is null) return Page();
        var p = viewer.Params(values);
        p.Add("id", id);
        await db.Execute($"update owners set ({OwnerInput.Columns}) = ({OwnerInput.Parameters}) where id = @id and organisation_id = @OrgId", p);
        TempData["Notice"] = "The owner has been saved.";
        return Redirect($"/owners/{id}");
    }
}
