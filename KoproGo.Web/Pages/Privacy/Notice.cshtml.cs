using KoproGo.Domain.Privacy;
using KoproGo.Web.Infrastructure;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.Extensions.Localization;
using Npgsql;

namespace KoproGo.Web.Pages.Privacy;

/// <summary>The syndic publishes the firm's privacy notice, versioned: each person accepts the new version at their next sign-in.</summary>
[Authorize(Policy = Policies.Manage)]
public sealed class NoticeModel(Db db, IStringLocalizer<SharedResource> l) : PageModel
{
    public PrivacyNotice? Current { get; private set; }
    public (long Accepted, long Users) Acceptance { get; private set; }
    [BindProperty] public string? Additions { get; set; }
    [BindProperty] public string? Changes { get; set; }

    private async Task Load()
    {
        var viewer = User.Viewer();
        Current = await PrivacyNotice.Current(db, viewer.OrganisationId);
        Acceptance = await db.QuerySingle<(long, long)>("""
            select (select count(*) from privacy_acceptances where notice_id = @notice),
                   (select count(*) from users where organisation_id = @OrgId and disabled_at is null and password_hash is not null)
            """, viewer.Params(new { notice = Current?.Id ?? 0 }));
    }

    public async Task OnGet()
    {
        await Load();
        Additions = Current?.Additions;
    }

    public async Task<IActionResult> OnPost()
    {
        await Load();
        var check = new FormCheck(ModelState, l, "");
        var additions = check.Optional(nameof(Additions), Additions, 8000) ?? "";
        var changes = check.Optional(nameof(Changes), Changes, 2000);
        if (Current is not null && changes is null) check.Error(nameof(Changes), "Say what changed: the persons read it before accepting.");
        if (!check.IsValid) return Page();
        var viewer = User.Viewer();
        var version = Notices.NextVersion(Current?.Version);
        try
        {
            await db.Execute("""
                insert into privacy_notices (organisation_id, version, published_by, additions, changes) values (@OrgId, @version, @Name, @additions, @changes)
                """, viewer.Params(new { version, viewer.Name, additions, changes = changes ?? "" }));
        }
        catch (PostgresException e) when (e.SqlState == PostgresErrorCodes.UniqueViolation)
        {
            check.Error(nameof(Changes), "Someone published a version at the same moment: read it, then publish again if needed.");
            return Page();
        }
        await AuditLog.Record(db, viewer, "privacy_notice", null, "published", AuditLog.Says("Privacy notice: version {0} published", version));
        TempData["Notice"] = "The new version is published: each person accepts it at their next sign-in.";
        return RedirectToPage();
    }
}
