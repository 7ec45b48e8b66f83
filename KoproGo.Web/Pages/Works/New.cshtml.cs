using KoproGo.Web.Infrastructure;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.Extensions.Localization;

namespace KoproGo.Web.Pages.Works;

/// <summary>The syndic opens a works request in a building, on its own or from a problem report, to ask contractors for quotes.</summary>
[Authorize(Policy = Policies.Manage)]
public sealed class NewModel(Db db, IStringLocalizer<SharedResource> l) : PageModel
{
    public sealed class RequestInput
    {
        public string? Building { get; set; }
        public string? Title { get; set; }
        public string? Description { get; set; }
        public string? Estimate { get; set; }
        public string? AnswerBy { get; set; }
    }

    [BindProperty] public RequestInput Input { get; set; } = new();
    /// <summary>The problem report the works answer, if any (its building is then the request's).</summary>
    [BindProperty(SupportsGet = true)] public long? Report { get; set; }
    /// <summary>The assembly's decision the works carry out, if any (its building is then the request's).</summary>
    [BindProperty(SupportsGet = true)] public long? Decision { get; set; }

    public sealed record Place(long Id, string Name);
    public IReadOnlyList<Place> Buildings { get; private set; } = [];
    public sealed record FromReport(long Id, long BuildingId, string Title, string Description);
    public FromReport? Problem { get; private set; }
    public sealed record FromDecision(long Id, long BuildingId, string Title);
    public FromDecision? Decided { get; private set; }

    private async Task<bool> Load()
    {
        Buildings = await db.Query<Place>("select b.id, b.name from buildings b where b.organisation_id = @OrgId order by b.name", User.Viewer().Params());
        if (Decision is not null)
        {
            Decided = await db.QuerySingleOrDefault<FromDecision?>("select id, building_id, title from decisions where id = @Decision and organisation_id = @OrgId",
                User.Viewer().Params(new { Decision }));
            if (Decided is null) return false;
        }
        if (Report is null) return true;
        Problem = await db.QuerySingleOrDefault<FromReport?>("select id, building_id, title, description from problem_reports where id = @Report and organisation_id = @OrgId",
            User.Viewer().Params(new { Report }));
        return Problem is not null;
    }

    public async Task<IActionResult> OnGet(long? building)
    {
        if (!await Load()) return NotFound();
        Input.Building = (Problem?.BuildingId ?? Decided?.BuildingId ?? building ?? (Buildings.Count == 1 ? Buildings[0].Id : null))?.ToString();
        Input.Title = Problem?.Title ?? Decided?.Title;
        Input.Description = Problem?.Description;
        Input.AnswerBy = BrusselsTime.Today.AddDays(21).ToString("yyyy-MM-dd");
        return Page();
    }

    public async Task<IActionResult> OnPost()
    {
        if (!await Load()) return NotFound();
        var check = new FormCheck(ModelState, l, nameof(Input));
        var building = Problem?.BuildingId.ToString() ?? Decided?.BuildingId.ToString() ?? check.Choice(nameof(Input.Building), Input.Building, [.. Buildings.Select(b => b.Id.ToString())]);
        var title = check.Required(nameof(Input.Title), Input.Title, 150);
        var description = check.Required(nameof(Input.Description), Input.Description, 4000);
        var estimate = check.Decimal(nameof(Input.Estimate), Input.Estimate, 1m, 10_000_000m, required: true);
        var answerBy = check.Date(nameof(Input.AnswerBy), Input.AnswerBy, required: true);
        if (answerBy is { } d && d <= BrusselsTime.Today) check.Error(nameof(Input.AnswerBy), "Give the contractors at least until tomorrow.");
        if (!ModelState.IsValid) return Page();
        var id = await db.Scalar<long>("""
            insert into works_requests (organisation_id, building_id, problem_report_id, decision_id, title, description, estimate, answer_by, created_by)
            values (@OrgId, @building, @Report, @Decision, @title, @description, @estimate, @answerBy, @ViewerUserId) returning id
            """, User.Viewer().Params(new { building = long.Parse(building!), Report, Decision, title, description, estimate, answerBy }));
        await AuditLog.Record(db, User.Viewer(), "works_request", id, "created", title!, after: new { estimate, answer_by = answerBy, problem_report = Report });
        TempData["Notice"] = "The works request is open: invite contractors to quote.";
        return Redirect($"/works/{id}#contractors");
    }
}
