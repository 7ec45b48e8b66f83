using KoproGo.Domain.Privacy;
using KoproGo.Web.Infrastructure;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace KoproGo.Web.Pages.Privacy;

/// <summary>
/// The e-mailed link that confirms an erasure request: opening it shows a button (a mail scanner opening links confirms
/// nothing); pressing it makes the request received, with its month to answer counted from today (art. 12 §3).
/// Whoever holds the mail holds the link: no sign-in needed, as the account may be one the person can no longer use.
/// </summary>
[AllowAnonymous]
public sealed class ConfirmModel(Db db) : PageModel
{
    public enum Outcome { Ask, Confirmed, Invalid }

    public Outcome Shown { get; private set; }

    private sealed record Pending(long Id, long UserId, long OrganisationId, string DisplayName, DateTime CreatedAt);

    private Task<Pending?> Find(string? token) => string.IsNullOrWhiteSpace(token) || token.Length > 100
        ? Task.FromResult<Pending?>(null)
        : db.QuerySingleOrDefault<Pending>("""
            select r.id, r.user_id, r.organisation_id, u.display_name, r.created_at from privacy_requests r join users u on u.id = r.user_id
            where r.confirm_token_hash = @hash and r.state = 'awaiting_confirmation' and r.created_at > now() - @lifetime
            for update of r
            """, new { hash = AccountTokens.Hash(token), lifetime = DataRequests.ConfirmationLifetime });

    public async Task<IActionResult> OnGet(string? token)
    {
        Shown = await Find(token) is null ? Outcome.Invalid : Outcome.Ask;
        if (Shown == Outcome.Invalid) Response.StatusCode = StatusCodes.Status410Gone;
        return Page();
    }

    public async Task<IActionResult> OnPost(string? token)
    {
        var pending = await Find(token);
        if (pending is null)
        {
            Shown = Outcome.Invalid;
            Response.StatusCode = StatusCodes.Status410Gone;
            return Page();
        }
        await db.Execute("""
            update privacy_requests set state = 'received', received_at = now(), due_on = @dueOn, confirm_token_hash = null where id = @Id
            """, new { pending.Id, dueOn = DataRequests.DueOn(BrusselsTime.Today) });
        var person = new Viewer(pending.UserId, pending.OrganisationId, pending.DisplayName, new HashSet<string>(), null, []);
        await AuditLog.Record(db, person, "privacy_request", pending.Id, "confirmed", AuditLog.Says("Confirmed by e-mail: {0}",
            new AuditLog.Term(DataRights.KindText(DataRequestKind.Erasure))));
        Shown = Outcome.Confirmed;
        return Page();
    }
}
