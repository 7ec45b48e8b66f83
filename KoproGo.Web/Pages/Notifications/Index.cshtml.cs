using KoproGo.Web.Infrastructure;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace KoproGo.Web.Pages.Notifications;

/// <summary>My notifications, newest first; the bell asks this page for the unread count.</summary>
public sealed class IndexModel(Db db) : PageModel
{
    public sealed record Item(long Id, DateTime CreatedAt, string Title, string Body, string? Link, bool Read);

    public IReadOnlyList<Item> Items { get; private set; } = [];

    public async Task OnGet() => Items = await db.Query<Item>("""
        select id, created_at, title, body, link, read_at is not null as read from notifications
        where user_id = @ViewerUserId order by created_at desc, id desc limit 100
        """, User.Viewer().Params());

    /// <summary>The number in the bell, for htmx: empty when nothing is unread.</summary>
    public async Task<IActionResult> OnGetCount()
    {
        var unread = await db.Scalar<long>("select count(*) from notifications where user_id = @ViewerUserId and read_at is null", User.Viewer().Params());
        Response.Headers.CacheControl = "no-store";
        return Content(unread == 0 ? "" : unread.ToString(), "text/plain");
    }

    public async Task<IActionResult> OnPostRead(long id)
    {
        await db.Execute("update notifications set read_at = now() where id = @id and user_id = @ViewerUserId and read_at is null",
            User.Viewer().Params(new { id }));
        return RedirectToPage();
    }

    public async Task<IActionResult> OnPostReadAll()
    {
        await db.Execute("update notifications set read_at = now() where user_id = @ViewerUserId and read_at is null", User.Viewer().Params());
        return RedirectToPage();
    }
}
