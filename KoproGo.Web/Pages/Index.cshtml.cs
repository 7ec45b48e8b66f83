using KoproGo.Web.Infrastructure;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace KoproGo.Web.Pages;

/// <summary>Sends each person to the page they use most.</summary>
[AllowAnonymous]
public sealed class IndexModel : PageModel
{
    public IActionResult OnGet()
    {
        if (User.Identity?.IsAuthenticated != true) return Redirect("/account/login");
        if (User.IsInRole(Roles.Syndic) || User.IsInRole(Roles.Accountant) || User.IsInRole(Roles.BoardMember)) return Redirect("/dashboard");
        if (User.IsInRole(Roles.Owner)) return Redirect("/my");
        if (User.IsInRole(Roles.Resident)) return Redirect("/community");
        if (User.IsInRole(Roles.SuperAdmin)) return Redirect("/admin");
        return Redirect("/account/password");
    }
}
