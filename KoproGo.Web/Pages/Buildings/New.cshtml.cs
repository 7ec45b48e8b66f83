using KoproGo.Domain.Buildings;
using KoproGo.Web.Infrastructure;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Localization;

namespace KoproGo.Web.Pages.Buildings;

[Authorize(Policy = Policies.Manage)]
public sealed class NewModel(Db db, IStringLocalizer<SharedResource> l) : BuildingFormPage
{
    public async Task OnGet()
    {
        // The syndic's own details are the same for all their buildings: start from the last one entered.
        var last = await db.QuerySingleOrDefault<BuildingInput.Values>(
            $"select {BuildingInput.Columns} from buildings b where b.organisation_id = @OrgId order by id desc limit 1", User.Viewer().Params());
        if (last is null) return;
        var prefill = BuildingInput.From(last);
        Input.SyndicName = prefill.SyndicName;
        Input.SyndicAddress = prefill.SyndicAddress;
        Input.SyndicPhone = prefill.SyndicPhone;
        Input.SyndicEmail = prefill.SyndicEmail;
        Input.SyndicCompanyNumber = prefill.SyndicCompanyNumber;
        Input.SyndicOfficeHours = prefill.SyndicOfficeHours;
    }

    public async Task<IActionResult> OnPost()
    {
        var values = Input.Validate(ModelState, l);
        if (values is null) return Page();
        var p = User.Viewer().Params(values);
        p.Add("slug", await FreeSlug(values));
        var id = await db.Scalar<long>($"""
            insert into buildings (organisation_id, slug, {BuildingInput.Columns})
            values (@OrgId, @slug, {BuildingInput.Parameters}) returning id
            """, p);
        await AuditLog.Record(db, User.Viewer(), "building", id, "created", values.Name, after: values);
        TempData["Notice"] = "The building has been created.";
        return Redirect($"/buildings/{id}");
    }

    /// <summary>The public address: the name, then name and city, then a number, whichever is free.</summary>
    private async Task<string> FreeSlug(BuildingInput.Values values)
    {
        var byName = Slug.From(values.Name);
        var taken = (await db.Query<string>("select slug from buildings where slug like @prefix", new { prefix = byName + "%" })).ToHashSet();
        var candidates = new[] { byName, Slug.From($"{values.Name} {values.City}") }
            .Concat(Enumerable.Range(2, 1000).Select(n => $"{Slug.From($"{values.Name} {values.City}")}-{n}"));
        return candidates.First(c => !taken.Contains(c));
    }
}
