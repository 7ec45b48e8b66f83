using KoproGo.Web.Infrastructure;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.Extensions.Localization;

namespace KoproGo.Web.Pages.Works;

/// <summary>
/// What the assembly decided for a building's works: the amount above which three quotes are needed (art. 3.88 §1,
/// voted by 2/3; €5,000 until it says otherwise) and the amount up to which the syndic or the board decides alone.
/// </summary>
[Authorize(Policy = Policies.Manage)]
public sealed class RulesModel(Db db, IStringLocalizer<SharedResource> l) : PageModel
{
    public sealed class RulesInput
    {
        public string? TenderThreshold { get; set; }
        public string? DelegatedAmount { get; set; }
        public string? DelegatedTo { get; set; }
        public string? ValidatedBy { get; set; }
    }

    [BindProperty] public RulesInput Input { get; set; } = new();
    public string BuildingName { get; private set; } = "";

    private sealed record Rules(string Name, decimal TenderThreshold, decimal WorksDelegatedAmount, string WorksDelegatedTo, string WorksValidatedBy);

    private async Task<Rules?> Load(long id)
    {
        var rules = await db.QuerySingleOrDefault<Rules?>("""
            select b.name, b.tender_threshold, b.works_delegated_amount, b.works_delegated_to, b.works_validated_by from buildings b where b.id = @id and b.organisation_id = @OrgId
            """, User.Viewer().Params(new { id }));
        BuildingName = rules?.Name ?? "";
        return rules;
    }

    public async Task<IActionResult> OnGet(long id)
    {
        if (await Load(id) is not { } rules) return NotFound();
        Input = new RulesInput
        {
            TenderThreshold = rules.TenderThreshold.ToString("0.00", System.Globalization.CultureInfo.InvariantCulture),
            DelegatedAmount = rules.WorksDelegatedAmount.ToString("0.00", System.Globalization.CultureInfo.InvariantCulture),
            DelegatedTo = rules.WorksDelegatedTo,
            ValidatedBy = rules.WorksValidatedBy,
        };
        return Page();
    }

    public async Task<IActionResult> OnPost(long id)
    {
        if (await Load(id) is not { } before) return NotFound();
        var check = new FormCheck(ModelState, l, nameof(Input));
        var threshold = check.Decimal(nameof(Input.TenderThreshold), Input.TenderThreshold, 0m, 10_000_000m, required: true);
        var delegated = check.Decimal(nameof(Input.DelegatedAmount), Input.DelegatedAmount, 0m, 10_000_000m, required: true);
        var to = check.Choice(nameof(Input.DelegatedTo), Input.DelegatedTo, ["syndic", "board"]);
        var validatedBy = check.Choice(nameof(Input.ValidatedBy), Input.ValidatedBy, ["syndic", "board"]);
        if (!ModelState.IsValid) return Page();
        await db.Execute("""
            update buildings set tender_threshold = @threshold, works_delegated_amount = @delegated, works_delegated_to = @to, works_validated_by = @validatedBy
            where id = @id
            """, new { id, threshold, delegated, to, validatedBy });
        await AuditLog.Record(db, User.Viewer(), "building", id, "updated", AuditLog.Says("{0}: rules for works", BuildingName),
            new { threshold = before.TenderThreshold, delegated = before.WorksDelegatedAmount, to = before.WorksDelegatedTo, validated_by = before.WorksValidatedBy },
            new { threshold, delegated, to, validated_by = validatedBy });
        TempData["Notice"] = "The rules for works are saved.";
        return Redirect($"/buildings/{id}/works-rules");
    }
}
