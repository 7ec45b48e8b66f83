using KoproGo.Web.Infrastructure;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.Extensions.Localization;

namespace KoproGo.Web.Pages.Account;

/// <summary>Each person's language and whether notifications reach them by e-mail (legal mail always does).</summary>
public sealed class PreferencesModel(Db db, IStringLocalizer<SharedResource> l) : PageModel
{
    public sealed class PreferencesInput
    {
        public string? Language { get; set; }
        public bool EmailNotifications { get; set; }
    }

    [BindProperty] public PreferencesInput Input { get; set; } = new();
    public string Email { get; private set; } = "";

    public async Task OnGet()
    {
        var me = await db.QuerySingle<(string Email, string Language, bool EmailNotifications)>(
            "select email, language, email_notifications from users where id = @ViewerUserId", User.Viewer().Params());
        (Email, Input.Language, Input.EmailNotifications) = me;
    }

    public async Task<IActionResult> OnPost()
    {
        var language = new FormCheck(ModelState, l, "Input").Language(nameof(PreferencesInput.Language), Input.Language);
        if (language is null)
        {
            Email = await db.Scalar<string>("select email from users where id = @ViewerUserId", User.Viewer().Params()) ?? "";
            return Page();
        }
        await db.Execute("update users set language = @language, email_notifications = @EmailNotifications where id = @ViewerUserId",
            User.Viewer().Params(new { language, Input.EmailNotifications }));
        Languages.Remember(Response, language);
        TempData["Notice"] = "Your preferences have been saved.";
        return RedirectToPage();
    }
}
