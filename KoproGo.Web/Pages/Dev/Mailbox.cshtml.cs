using KoproGo.Web.Infrastructure;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace KoproGo.Web.Pages.Dev;

/// <summary>
/// Development only: every mail the app queued, so a newcomer running ./koprogo run sees invitations and reminders
/// (the local SMTP server also keeps a copy in .data/mail).
/// </summary>
public sealed class MailboxModel(Db db, IWebHostEnvironment env) : PageModel
{
    public sealed class Mail
    {
        public long Id { get; init; }
        public DateTime CreatedAt { get; init; }
        public string ToAddress { get; init; } = "";
        public string Subject { get; init; } = "";
        public string Status { get; init; } = "";
        public int Attempts { get; init; }
        public string? LastError { get; init; }
        public string TextBody { get; init; } = "";
        public string HtmlBody { get; init; } = "";
    }

    public IReadOnlyList<Mail> Mails { get; private set; } = [];

    public async Task<IActionResult> OnGet()
    {
        if (!env.IsDevelopment()) return NotFound();
        Mails = await db.Query<Mail>("""
            select id, created_at, to_address, subject, status, attempts, last_error, text_body, '' as html_body
            from outbox_messages order by id desc limit 100
            """);
        return Page();
    }

    /// <summary>The HTML part as the recipient's mail program shows it (mail HTML carries inline styles).</summary>
    public async Task<IActionResult> OnGetHtml(long id)
    {
        if (!env.IsDevelopment()) return NotFound();
        var html = await db.Scalar<string>("select html_body from outbox_messages where id = @id", new { id });
        if (html is null) return NotFound();
        Response.Headers.ContentSecurityPolicy = "default-src 'none'; style-src 'unsafe-inline'; img-src data:";
        return Content(html, "text/html; charset=utf-8");
    }
}
