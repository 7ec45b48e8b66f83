using KoproGo.Domain.Accounts;
using KoproGo.Web.Infrastructure;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.Extensions.Localization;

namespace KoproGo.Web.Pages.Account;

public sealed class PasswordModel(Db db, IStringLocalizer<SharedResource> l) : PageModel
{
    public sealed class PasswordInput
    {
        public string? Current { get; set; }
        public string? New { get; set; }
        public string? Confirm { get; set; }
    }

    [BindProperty] public PasswordInput Input { get; set; } = new();

    public void OnGet() { }

    public async Task<IActionResult> OnPost()
    {
        var userId = User.Viewer().UserId;
        var hash = await db.Scalar<string>("select password_hash from users where id = @userId for update", new { userId });
        if (string.IsNullOrEmpty(Input.Current)) ModelState.AddModelError("Input.Current", l["Enter your current password."]);
        else if (hash is null || !Passwords.Verify(hash, Input.Current)) ModelState.AddModelError("Input.Current", l["This is not your current password."]);
        Passwords.CheckNew(ModelState, l, Input.New, Input.Confirm);
        if (ModelState.GetFieldValidationState("Input.New") != Microsoft.AspNetCore.Mvc.ModelBinding.ModelValidationState.Invalid
            && Input.New == Input.Current)
            ModelState.AddModelError("Input.New", l["Choose a password different from the current one."]);
        if (!ModelState.IsValid) return Page();
        await db.Execute("update users set password_hash = @hash where id = @userId", new { userId, hash = Passwords.Hash(Input.New!) });
        // whoever else knew the old password is signed out everywhere; this device stays signed in
        await Sessions.EndOthers(db, userId, User, SessionEnd.PasswordChanged);
        TempData["Notice"] = "Your password has been changed.";
        return RedirectToPage();
    }
}
