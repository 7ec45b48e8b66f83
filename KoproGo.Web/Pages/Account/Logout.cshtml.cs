using KoproGo.Domain.Accounts;
using KoproGo.Web.Infrastructure;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace KoproGo.Web.Pages.Account;

[AllowAnonymous]
public sealed class LogoutModel(Db db) : PageModel
{
    public IActionResult OnGet() => Redirect("/");

    public async Task<IActionResult> OnPost()
    {
        await Sessions.End(HttpContext, db, SessionEnd.SignedOut);
        return Redirect("/account/login");
    }
}
