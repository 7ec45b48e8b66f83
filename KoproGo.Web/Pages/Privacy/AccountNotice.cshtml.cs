using KoproGo.Web.Infrastructure;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace KoproGo.Web.Pages.Privacy;

/// <summary>
/// The privacy notice of the person's syndic firm: shown after sign-in while its current version is not accepted, and
/// from "My data" at any time. The acceptance is recorded with the version (art. 7 §1).
/// </summary>
public sealed class AccountNoticeModel(Db db) : PageModel
{
    public PrivacyNotice? Notice { get; private set; }
    public DateTime? AcceptedAt { get; private set; }
    public string ReturnUrl { get; private set; } = "/";

    private async Task Load(string? returnUrl)
    {
        ReturnUrl = Url.IsLocalUrl(returnUrl) ? returnUrl! : "/";
        var viewer = User.Viewer();
        Notice = await PrivacyNotice.Current(db, viewer.OrganisationId);
        AcceptedAt = Notice is null ? null : await db.Scalar<DateTime?>(
            "select accepted_at from privacy_acceptances where user_id = @ViewerUserId and notice_id = @id", viewer.Params(new { id = Notice.Id }));
    }

    public Task OnGet(string? returnUrl) => Load(returnUrl);

    public async Task<IActionResult> OnPost(string? returnUrl, int version)
    {
        await Load(returnUrl);
        if (Notice is null) return NotFound();
        // Accepting the version read: a newer one published meanwhile is shown again.
        if (version != Notice.Version) return Page();
        await db.Execute("insert into privacy_acceptances (user_id, notice_id) values (@ViewerUserId, @id) on conflict do nothing",
            User.Viewer().Params(new { id = Notice.Id }));
        return LocalRedirect(ReturnUrl);
    }
}
