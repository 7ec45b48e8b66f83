using KoproGo.Domain;
using KoproGo.Domain.Privacy;
using KoproGo.Web.Infrastructure;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.Extensions.Localization;

namespace KoproGo.Web.Pages.Privacy;

/// <summary>One request about personal data, answered by the syndic: a correction made, a restriction lifted, an erasure carried out.</summary>
[Authorize(Policy = Policies.Manage)]
public sealed class RequestModel(Db db, IStringLocalizer<SharedResource> l) : PageModel
{
    public sealed record Info(long Id, long UserId, long? OwnerId, string Kind, string State, string Person, string Email, string Language, string Details,
        bool RemoveCommunityContent, DateTime CreatedAt, DateOnly? DueOn, DateTime? AnsweredAt, string? AnsweredBy, string Answer)
    {
        public DataRequestKind KindValue => DataRights.KindOf(Kind);
        public DataRequestState StateValue => DataRights.StateOf(State);
    }

    public Info Item { get; private set; } = null!;
    public IReadOnlyList<ErasureLine> Plan { get; private set; } = [];
    [BindProperty] public string? NewState { get; set; }
    [BindProperty] public string? Answer { get; set; }
    [BindProperty] public bool Understood { get; set; }

    private async Task<bool> Load(long id)
    {
        var found = await db.QuerySingleOrDefault<Info>("""
            select r.id, r.user_id, u.owner_id, r.kind, r.state, u.display_name as person, u.email, u.language, r.details, r.remove_community_content,
                   r.created_at, r.due_on, r.answered_at, r.answered_by, r.answer
            from privacy_requests r join users u on u.id = r.user_id where r.id = @id and r.organisation_id = @OrgId
            """, User.Viewer().Params(new { id }));
        if (found is null) return false;
        Item = found;
        if (found.KindValue == DataRequestKind.Erasure && DataRequests.IsOpen(found.StateValue))
            Plan = Erasure.Plan(await Erasing.Facts(db, found.UserId));
        return true;
    }

    public async Task<IActionResult> OnGet(long id) => await Load(id) ? Page() : NotFound();

    public async Task<IActionResult> OnPostAnswer(long id)
    {
        if (!await Load(id)) return NotFound();
        var check = new FormCheck(ModelState, l, "");
        var choices = DataRequests.Choices(Item.KindValue, Item.StateValue)
            .Where(s => !(Item.KindValue == DataRequestKind.Erasure && s == DataRequestState.Done)).Select(s => s.ToCode()).ToArray();
        var state = check.Choice(nameof(NewState), NewState, choices);
        var answer = state is "done" or "refused" ? check.Required(nameof(Answer), Answer, 8000) : check.Optional(nameof(Answer), Answer, 8000);
        if (!check.IsValid) return Page();
        var viewer = User.Viewer();
        var final = state is "done" or "refused";
        await db.Execute("""
            update privacy_requests set state = @state, answer = coalesce(@answer, answer),
                answered_at = case when @final then now() end, answered_by = case when @final then @Name end
            where id = @id
            """, new { id, state, answer, final, viewer.Name });
        if (Item.KindValue == DataRequestKind.Restriction && final)
            await db.Execute("update users set restricted_since = null where id = @UserId", Item);
        await AuditLog.Record(db, viewer, "privacy_request", id, "answered", AuditLog.Says("{0} of {1}: {2}", new AuditLog.Term(DataRights.KindText(Item.KindValue)),
            Item.Person, new AuditLog.Term(DataRights.StateText(DataRights.StateOf(state)))),
            new { state = Item.State }, new { state, answer });
        TempData["Notice"] = "The request has been updated.";
        return RedirectToPage(new { id });
    }

    public async Task<IActionResult> OnPostErase(long id)
    {
        if (!await Load(id)) return NotFound();
        if (Item.KindValue != DataRequestKind.Erasure || !DataRequests.IsOpen(Item.StateValue)) return NotFound();
        if (!Understood)
        {
            ModelState.AddModelError(nameof(Understood), l["Tick the box to confirm that you understand the erasure cannot be undone."]);
            return Page();
        }
        var plan = await Erasing.CarryOut(db, Item.UserId, Item.RemoveCommunityContent);
        string Text(string key) => Languages.Text(Item.Language, key);
        var answer = string.Join("\n", plan.Select(line => line.Erased
            ? string.Format(Text("Erased: {0}"), Text(DataRights.PartText(line.Part)))
            : string.Format(Text("Kept: {0} — {1}"), Text(DataRights.PartText(line.Part)), Text(DataRights.KeptText(line.Kept)))));
        var viewer = User.Viewer();
        await db.Execute("update privacy_requests set state = 'done', answer = @answer, answered_at = now(), answered_by = @Name where id = @id",
            new { id, answer, viewer.Name });
        await AuditLog.Record(db, viewer, "privacy_request", id, "erased", AuditLog.Says("Erased the data of a person (request {0})", id));
        TempData["Notice"] = "The erasure has been carried out.";
        return RedirectToPage(new { id });
    }
}
