using KoproGo.Web.Infrastructure;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.Extensions.Localization;

namespace KoproGo.Web.Pages.Polls;

/// <summary>A building's polls between assemblies, and a new one by the syndic or the board.</summary>
[Authorize(Policy = Policies.BuildingReader)]
public sealed class IndexModel(Db db, IStringLocalizer<SharedResource> l) : PageModel
{
    public sealed record Row(long Id, string Question, string Kind, DateOnly OpensOn, DateOnly ClosesOn, long Answers);

    public sealed class PollInput
    {
        public string? Question { get; set; }
        public string? Description { get; set; }
        public string? Kind { get; set; } = "yes_no";
        /// <summary>For multiple choice: one option per line.</summary>
        public string? Options { get; set; }
        public string? OpensOn { get; set; }
        public string? ClosesOn { get; set; }
    }

    [BindProperty] public PollInput Input { get; set; } = new();
    public long BuildingId { get; private set; }
    public string BuildingName { get; private set; } = "";
    public IReadOnlyList<Row> Polls { get; private set; } = [];
    public bool CanCreate { get; private set; }

    private async Task<bool> Load(long id)
    {
        var viewer = User.Viewer();
        var b = await db.QuerySingleOrDefault<(long Id, string Name)>(
            $"select b.id, b.name from buildings b where b.id = @id and {Viewer.VisibleBuilding}", viewer.Params(new { id }));
        if (b == default) return false;
        (BuildingId, BuildingName) = b;
        CanCreate = viewer.IsSyndic || viewer.BoardBuildingIds.Contains(id);
        Polls = await db.Query<Row>("""
            select p.id, p.question, p.kind, p.opens_on, p.closes_on, (select count(*) from poll_answers a where a.poll_id = p.id) as answers
            from polls p where p.building_id = @id order by p.closes_on desc
            """, new { id });
        if (!Request.HasFormContentType)
        {
            Input.OpensOn = BrusselsTime.Today.ToString("yyyy-MM-dd");
            Input.ClosesOn = BrusselsTime.Today.AddDays(14).ToString("yyyy-MM-dd");
        }
        return true;
    }

    public async Task<IActionResult> OnGet(long id) => await Load(id) ? Page() : NotFound();

    public async Task<IActionResult> OnPost(long id)
    {
        if (!await Load(id)) return NotFound();
        if (!CanCreate) return Forbid();
        var check = new FormCheck(ModelState, l, "Input");
        var question = check.Required(nameof(Input.Question), Input.Question, 300);
        var description = check.Optional(nameof(Input.Description), Input.Description, 5000) ?? "";
        var kind = Labels.PollKindCodes.Contains(Input.Kind) ? Input.Kind : null;
        if (kind is null) check.Error(nameof(Input.Kind), "Choose one of the kinds offered.");
        var options = (Input.Options ?? "").Split('\n').Select(o => o.Trim()).Where(o => o.Length > 0).Distinct().ToArray();
        if (kind == "choice" && (options.Length < 2 || options.Length > 10)) check.Error(nameof(Input.Options), "Give from 2 to 10 options, one per line.");
        if (options.Any(o => o.Length > 200)) check.Error(nameof(Input.Options), "This is too long: at most {0} characters.", 200);
        var opens = check.Date(nameof(Input.OpensOn), Input.OpensOn, required: true);
        var closes = check.Date(nameof(Input.ClosesOn), Input.ClosesOn, required: true);
        if (opens is not null && closes is not null && closes < opens) check.Error(nameof(Input.ClosesOn), "The poll must close on or after the day it opens.");
        if (!ModelState.IsValid) return Page();
        var pollId = await db.Scalar<long>("""
            insert into polls (organisation_id, building_id, question, description, kind, options, opens_on, closes_on, created_by)
            select organisation_id, id, @question, @description, @kind, @options, @opens, @closes, @ViewerUserId from buildings where id = @id
            returning id
            """, User.Viewer().Params(new { question, description, kind, options = kind == "choice" ? options : Array.Empty<string>(), opens, closes, id }));
        TempData["Notice"] = "The poll has been created.";
        return Redirect($"/polls/{pollId}");
    }
}
