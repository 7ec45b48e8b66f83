using KoproGo.Domain.Accounts;
using KoproGo.Web.Infrastructure;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace KoproGo.Web.Pages.Account;

/// <summary>"My sessions": where this account is signed in, and signing out any of those devices from here.</summary>
public sealed class SessionsModel(Db db) : PageModel
{
    public sealed record Row(long Id, DateTime CreatedAt, DateTime LastSeenAt, string UserAgent, string Network, string Via, bool Strong, bool Current);

    public IReadOnlyList<Row> Live { get; private set; } = [];

    public async Task OnGet()
    {
        // At most a few per device and fortnight (a session lasts 14 days at most): the 50 most recent are plenty.
        var rows = await db.Query<Row>("""
            select id, created_at, last_seen_at, user_agent, network, via, strong, key_hash = @hash as current
            from user_sessions where user_id = @ViewerUserId and ended_at is null order by last_seen_at desc limit 50
            """, User.Viewer().Params(new { hash = Sessions.KeyHash(User) }));
        Live = rows.Where(r => r.Current || Sessions.IsLive(r.CreatedAt, r.LastSeenAt, null)).ToList();
    }

    public async Task<IActionResult> OnPostEnd(long id)
    {
        var ended = await db.Execute("""
            update user_sessions set ended_at = now(), ended_reason = @reason
            where id = @id and user_id = @ViewerUserId and ended_at is null and key_hash <> @hash
            """, User.Viewer().Params(new { id, hash = Sessions.KeyHash(User), reason = SignInSession.Code(SessionEnd.EndedFromAnotherDevice) }));
        if (ended == 0 && !await db.Scalar<bool>("select exists (select 1 from user_sessions where id = @id and user_id = @ViewerUserId)",
                User.Viewer().Params(new { id })))
            return NotFound();
        TempData["Notice"] = "That device has been signed out.";
        return RedirectToPage();
    }

    public async Task<IActionResult> OnPostEndOthers()
    {
        await Sessions.EndOthers(db, User.Viewer().UserId, User, SessionEnd.EndedFromAnotherDevice);
        TempData["Notice"] = "Your other devices have been signed out.";
        return RedirectToPage();
    }
}
