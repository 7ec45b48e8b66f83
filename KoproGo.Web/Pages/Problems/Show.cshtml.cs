using KoproGo.Domain.Works;
using KoproGo.Web.Infrastructure;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.Extensions.Localization;
using Npgsql;

namespace KoproGo.Web.Pages.Problems;

/// <summary>
/// One problem report: what and where, its photos, its steps, the conversation between those concerned; "me too" for a
/// neighbour who meets the same problem; the syndic moves it along and decides whether the whole building may see it.
/// </summary>
public sealed class ShowModel(Db db, Notifier notifier, IStringLocalizer<SharedResource> l) : PageModel
{
    public ProblemData.Report Item { get; private set; } = null!;
    public sealed record Comment(string? AuthorName, string Body, DateTime CreatedAt);
    public IReadOnlyList<Comment> Comments { get; private set; } = [];
    public IReadOnlyList<int> Photos { get; private set; } = [];
    public bool Following { get; private set; }

    [BindProperty] public string? Body { get; set; }
    [BindProperty] public string? State { get; set; }
    [BindProperty] public string? Reason { get; set; }

    public bool IsSyndic => User.Viewer().IsSyndic;
    public bool MayFollow => !Following && Item.ReporterId != User.Viewer().UserId && !User.Viewer().SeesAllBuildings
        && Item.State is "open" or "in_progress";

    private async Task<bool> Load(long id)
    {
        if (await ProblemData.Find(db, User.Viewer(), id) is not { } item) return false;
        Item = item;
        Comments = await db.Query<Comment>("""
            select u.display_name as author_name, c.body, c.created_at from problem_report_comments c left join users u on u.id = c.author_id
            where c.report_id = @id order by c.id
            """, new { id });
        Photos = await db.Query<int>("select position from problem_report_photos where report_id = @id order by position", new { id });
        Following = await db.Scalar<bool>("select exists (select 1 from problem_report_followers where report_id = @id and user_id = @userId)",
            new { id, userId = User.Viewer().UserId });
        return true;
    }

    public async Task<IActionResult> OnGet(long id) => await Load(id) ? Page() : NotFound();

    public async Task<IActionResult> OnGetPhoto(long id, int position)
    {
        if (await ProblemData.Find(db, User.Viewer(), id) is null) return NotFound();
        var jpeg = await db.QuerySingleOrDefault<byte[]?>("select content from problem_report_photos where report_id = @id and position = @position", new { id, position });
        return jpeg is null ? NotFound() : File(jpeg, "image/jpeg");
    }

    /// <summary>Everyone concerned but the one acting: the reporter, the followers, the building's syndics.</summary>
    private async Task<IEnumerable<long>> Concerned(long id)
    {
        var people = await db.Query<long>("""
            select reporter_id from problem_reports where id = @id and reporter_id is not null
            union select user_id from problem_report_followers where report_id = @id
            """, new { id });
        return people.Concat(await Syndics.UserIds(db, Item.BuildingId)).Where(u => u != User.Viewer().UserId).Distinct();
    }

    public async Task<IActionResult> OnPostComment(long id)
    {
        if (!await Load(id)) return NotFound();
        var body = FormInput.Trimmed(Body);
        if (body is null) ModelState.AddModelError(nameof(Body), l["Write your message."]);
        else if (body.Length > 2000) ModelState.AddModelError(nameof(Body), l["This is too long: at most {0} characters.", 2000]);
        if (Item.State is "closed" or "cancelled") ModelState.AddModelError(nameof(Body), l["This report is over: write a new one if the problem is back."]);
        if (!ModelState.IsValid) return Page();
        await db.Execute("insert into problem_report_comments (report_id, author_id, body) values (@id, @userId, @body)",
            new { id, userId = User.Viewer().UserId, body });
        await notifier.Send(db, await Concerned(id), new Notifier.News("New message about: {0}", [Item.Title], "{0} wrote: {1}", [User.Viewer().Name, body!], $"/problems/{id}"));
        TempData["Notice"] = "Your message has been added.";
        return Redirect($"/problems/{id}#messages");
    }

    public async Task<IActionResult> OnPostFollow(long id)
    {
        if (!await Load(id)) return NotFound();
        if (MayFollow)
            await db.Execute("insert into problem_report_followers (report_id, user_id) values (@id, @userId) on conflict do nothing",
                new { id, userId = User.Viewer().UserId });
        TempData["Notice"] = "You follow this report: you will hear of each step.";
        return Redirect($"/problems/{id}");
    }

    public async Task<IActionResult> OnPostMove(long id)
    {
        if (!IsSyndic || !await Load(id)) return NotFound();
        if (State is null || !ProblemReports.CanMove(Item.State, State))
            ModelState.AddModelError(nameof(State), l["Choose one of the steps offered."]);
        var reason = FormInput.Trimmed(Reason);
        if (State is not null && ProblemReports.NeedsReason(State) && reason is null) ModelState.AddModelError(nameof(Reason), l["Say why it is cancelled."]);
        else if (reason?.Length > 500) ModelState.AddModelError(nameof(Reason), l["This is too long: at most {0} characters.", 500]);
        if (!ModelState.IsValid) return Page();
        try
        {
            await db.Execute("""
                update problem_reports set state = @State,
                    taken_at = case when @State = 'in_progress' then coalesce(taken_at, now()) else taken_at end,
                    resolved_at = case when @State = 'resolved' then now() else resolved_at end,
                    closed_at = case when @State = 'closed' then now() else closed_at end,
                    cancelled_at = case when @State = 'cancelled' then now() else cancelled_at end,
                    cancel_reason = case when @State = 'cancelled' then @reason else cancel_reason end,
                    waiting_since = case when @State = 'open' then now() else waiting_since end
                where id = @id and state = @from
                """, new { id, State, reason, from = Item.State });
        }
        catch (PostgresException e) when (e.ConstraintName == "problem_reports_state_transition")
        {
            await db.Rollback();
            await Load(id);
            ModelState.AddModelError(nameof(State), l["Choose one of the steps offered."]);
            return Page();
        }
        await AuditLog.Record(db, User.Viewer(), "problem_report", id, "moved", AuditLog.Says("{0}: {1}", Item.Title, new AuditLog.Term(Labels.ProblemState(State!))),
            new { state = Item.State }, new { state = State });
        var step = State switch
        {
            "in_progress" => "The syndic has taken it in hand.",
            "resolved" => "The syndic marked it resolved. Is it back? Say so on the report.",
            "closed" => "The syndic closed it.",
            "open" => "The syndic reopened it.",
            _ => "The syndic cancelled it: {0}",
        };
        await notifier.Send(db, await Concerned(id), new Notifier.News("Problem report: {0}", [Item.Title], step, [reason ?? ""], $"/problems/{id}"));
        TempData["Notice"] = "The report has moved on.";
        return Redirect($"/problems/{id}");
    }

    public async Task<IActionResult> OnPostShow(long id, bool shown)
    {
        if (!IsSyndic || !await Load(id)) return NotFound();
        if (shown && !ProblemReports.MayBeShownToBuilding(Item.LotId)) return BadRequest();
        await db.Execute("update problem_reports set shown_to_building = @shown where id = @id", new { id, shown });
        await AuditLog.Record(db, User.Viewer(), "problem_report", id, shown ? "shown_to_building" : "hidden_from_building", AuditLog.Says("{0}: {1}", Item.BuildingName, Item.Title));
        TempData["Notice"] = shown ? "The whole building can now see this report." : "Only those concerned can see this report now.";
        return Redirect($"/problems/{id}");
    }
}
