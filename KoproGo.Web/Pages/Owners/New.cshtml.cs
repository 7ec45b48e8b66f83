using KoproGo.Web.Infrastructure;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Localization;

namespace KoproGo.Web.Pages.Owners;

[Authorize(Policy = Policies.Manage)]
public sealed class NewModel(Db db, IStringLocalizer<SharedResource> l) : OwnerFormPage
{
    public void OnGet() { }

    public async Task<IActionResult> OnPost()
    {
        var values = Input.Validate(ModelState, l);
        if (values is null) return Page();
        var id = await db.Scalar<long>(
            $"insert into owners (organisation_id, {OwnerInput.Columns}) values (@OrgId, {OwnerInput.Parameters}) returning id",
            User.Viewer().Params(values));
        TempData["Notice"] = "The owner has been created.";
        return Redirect($"/owners/{id}");
    }
}
