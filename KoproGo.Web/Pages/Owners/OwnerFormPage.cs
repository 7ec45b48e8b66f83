using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace KoproGo.Web.Pages.Owners;

/// <summary>What the new-owner and edit-owner pages share, so both render <c>_OwnerFields</c>.</summary>
public abstract class OwnerFormPage : PageModel
{
    [BindProperty] public OwnerInput Input { get; set; } = new();
}
