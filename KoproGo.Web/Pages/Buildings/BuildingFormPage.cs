using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace KoproGo.Web.Pages.Buildings;

/// <summary>What the new and edit pages share: the bound form, so both render <c>_BuildingFields</c>.</summary>
public abstract class BuildingFormPage : PageModel
{
    [BindProperty] public BuildingInput Input { get; set; } = new();
}
