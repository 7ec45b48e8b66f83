using KoproGo.Domain;
using KoproGo.Domain.Assemblies;
using KoproGo.Web.Infrastructure;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.Extensions.Localization;
using Npgsql;

namespace KoproGo.Web.Pages.Board;

/// <summary>One decision of the assembly as the board follows it: who carries it out, by when, where it stands.</summary>
[Authorize(Policy = Policies.BuildingReader)]
public sealed class DecisionModel(Db db, IStringLocalizer<SharedResource> l) : PageModel
{
    public sealed class DecisionInput
    {
        public string? Responsible { get; set; }
        public string? Deadline { get; set; }
        public string? Status { get; set; }
        public string? Notes { get; set; }
    }

    private sealed record Row(long Id, long BuildingId, string BuildingName, string Title, string? Responsible, DateOnly? Deadline, string Status, string Notes);

    [BindProperty] public DecisionInput Input { get; set; } = new();
    public long BuildingId { get; private set; }
    public string BuildingName { get; private set; } = "";
    public string Title { get; private set; } = "";
    /// <summary>The syndic, and the board of this building, change the follow-up; the accountant reads it.</summary>
    public bool CanEdit { get; private set; }
    /// <summary>The status saved now: the form offers it and the ones it may move to.</summary>
    public DecisionStatus Current { get; private set; }

    private async Task<bool> Load(long id)
    {
        var viewer = User.Viewer();
        var row = await db.QuerySingleOrDefault<Row>($"""
            select d.id, d.building_id, b.name as building_name, d.title, d.responsible, d.deadline, d.status, d.notes
            from decisions d join buildings b on b.id = d.building_id where d.id = @id and {Viewer.VisibleBuilding}
            """, viewer.Params(new { id }));
        if (row is null) return false;
        (BuildingId, BuildingName, Title) = (row.BuildingId, row.BuildingName, row.Title);
        CanEdit = viewer.IsSyndic || viewer.BoardBuildingIds.Contains(row.BuildingId);
        Current = DecisionFollowUp.FromCode(row.Status);
        if (!Request.HasFormContentType)
            Input = new DecisionInput { Responsible = row.Responsible, Deadline = row.Deadline?.ToString("yyyy-MM-dd"), Status = row.Status, Notes = row.Notes };
        return true;
    }

    public async Task<IActionResult> OnGet(long id) => await Load(id) ? Page() : NotFound();

    public async Task<IActionResult> OnPost(long id)
    {
        if (!await Load(id)) return NotFound();
        if (!CanEdit) return Forbid();
        var check = new FormCheck(ModelState, l, "Input");
        var responsible = check.Optional(nameof(Input.Responsible), Input.Responsible, 200);
        var deadline = check.Date(nameof(Input.Deadline), Input.Deadline, required: false);
        string? status = null;
        if (!Codes.TryParse<DecisionStatus>(Input.Status, out var chosen) || !DecisionFollowUp.Stored.Contains(chosen))
            check.Error(nameof(Input.Status), "Choose one of the answers offered.");
        else if (!DecisionFollowUp.CanMove(Current, chosen)) RefuseMove(check, chosen);
        else status = chosen.ToCode();
        var notes = check.Optional(nameof(Input.Notes), Input.Notes, 5000) ?? "";
        if (!ModelState.IsValid) return Page();
        try
        {
            await db.Execute("""
                update decisions set responsible = @responsible, deadline = @deadline, status = @status, notes = @notes, updated_at = now(),
                       alerted_at = case when deadline is distinct from @deadline then null else alerted_at end,
                       overdue_alerted_at = case when deadline is distinct from @deadline then null else overdue_alerted_at end
                where id = @id
                """, new { responsible, deadline, status, notes, id });
        }
        catch (PostgresException e) when (e.ConstraintName == "decisions_status_transition")
        {
            // Someone else moved the decision meanwhile: the form shows where it stands now.
            await db.Rollback();
            await Load(id);
            RefuseMove(check, chosen);
            return Page();
        }
        TempData["Notice"] = "The follow-up has been saved.";
        return Redirect($"/buildings/{BuildingId}/board#decisions");
    }

    private void RefuseMove(FormCheck check, DecisionStatus to) =>
        check.Error(nameof(Input.Status), "A decision that is \"{0}\" cannot become \"{1}\": it goes from pending to in progress to done, and can be cancelled until it is done.",
            l[Labels.DecisionStatus(Current.ToCode())], l[Labels.DecisionStatus(to.ToCode())]);
}
