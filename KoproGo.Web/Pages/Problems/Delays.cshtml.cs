using KoproGo.Domain.Works;
using KoproGo.Web.Infrastructure;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.Extensions.Localization;

namespace KoproGo.Web.Pages.Problems;

/// <summary>How long a building's reports may wait to be taken in hand, per urgency (KoproGo's defaults until changed).</summary>
[Authorize(Policy = Policies.Manage)]
public sealed class DelaysModel(Db db, IStringLocalizer<SharedResource> l) : PageModel
{
    public string BuildingName { get; private set; } = "";
    /// <summary>Hours per urgency as typed (or as stored); the keys are the urgencies.</summary>
    [BindProperty] public Dictionary<string, string?> Hours { get; set; } = [];

    private async Task<bool> Load(long id)
    {
        var name = await db.QuerySingleOrDefault<string?>("select b.name from buildings b where b.id = @id and b.organisation_id = @OrgId", User.Viewer().Params(new { id }));
        if (name is null) return false;
        BuildingName = name;
        return true;
    }

    private sealed record Delay(string Urgency, int Hours);

    public async Task<IActionResult> OnGet(long id)
    {
        if (!await Load(id)) return NotFound();
        var set = (await db.Query<Delay>("select urgency, hours from problem_report_delays where building_id = @id", new { id })).ToDictionary(d => d.Urgency, d => d.Hours);
        Hours = ProblemReports.Urgencies.ToDictionary(u => u, u => (string?)set.GetValueOrDefault(u, (int)ProblemReports.DefaultDelay(u).TotalHours).ToString());
        return Page();
    }

    public async Task<IActionResult> OnPost(long id)
    {
        if (!await Load(id)) return NotFound();
        var check = new FormCheck(ModelState, l, "");
        var hours = ProblemReports.Urgencies.ToDictionary(u => u, u => check.Integer($"Hours[{u}]", Hours.GetValueOrDefault(u), 1, 2000, required: true));
        if (!ModelState.IsValid) return Page();
        foreach (var (urgency, value) in hours)
            await db.Execute("""
                insert into problem_report_delays (building_id, urgency, hours) values (@id, @urgency, @value)
                on conflict (building_id, urgency) do update set hours = excluded.hours
                """, new { id, urgency, value });
        await AuditLog.Record(db, User.Viewer(), "building", id, "updated", AuditLog.Says("{0}: delays to take problems in hand", BuildingName),
            after: hours);
        TempData["Notice"] = "The delays are saved.";
        return Redirect($"/buildings/{id}/problem-delays");
    }
}
