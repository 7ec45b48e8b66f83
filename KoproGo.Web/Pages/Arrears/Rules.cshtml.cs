using System.Globalization;
using KoproGo.Web.Infrastructure;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.Extensions.Localization;

namespace KoproGo.Web.Pages.Arrears;

/// <summary>
/// What the building's regulation says about arrears: its own late interest rate (else the legal rate of each year
/// applies) and fixed recovery costs for the firm reminder and the formal notice (the first reminder is always free).
/// </summary>
[Authorize(Policy = Policies.Manage)]
public sealed class RulesModel(Db db, IStringLocalizer<SharedResource> l) : PageModel
{
    public sealed class RulesInput
    {
        public string? InterestPercent { get; set; }
        public string? FeeFirm { get; set; }
        public string? FeeFormal { get; set; }
    }

    private sealed record Rules(string Name, decimal? LateInterestRate, decimal RecoveryFeeFirm, decimal RecoveryFeeFormal);

    [BindProperty] public RulesInput Input { get; set; } = new();
    public string BuildingName { get; private set; } = "";
    /// <summary>The legal rates entered, newest first, shown beside the field.</summary>
    public IReadOnlyList<(int Year, decimal Rate)> LegalRates { get; private set; } = [];

    private async Task<Rules?> Load(long id)
    {
        var rules = await db.QuerySingleOrDefault<Rules?>("""
            select name, late_interest_rate, recovery_fee_firm, recovery_fee_formal from buildings where id = @id and organisation_id = @OrgId
            """, User.Viewer().Params(new { id }));
        BuildingName = rules?.Name ?? "";
        LegalRates = (await Recovery.LegalRates(db)).OrderByDescending(r => r.Key).Select(r => (r.Key, r.Value)).ToList();
        return rules;
    }

    public async Task<IActionResult> OnGet(long id)
    {
        if (await Load(id) is not { } rules) return NotFound();
        Input = new RulesInput
        {
            InterestPercent = rules.LateInterestRate is decimal rate ? (rate * 100).ToString("0.##", CultureInfo.InvariantCulture) : null,
            FeeFirm = rules.RecoveryFeeFirm.ToString("0.00", CultureInfo.InvariantCulture),
            FeeFormal = rules.RecoveryFeeFormal.ToString("0.00", CultureInfo.InvariantCulture),
        };
        return Page();
    }

    public async Task<IActionResult> OnPost(long id)
    {
        if (await Load(id) is not { } before) return NotFound();
        var check = new FormCheck(ModelState, l, nameof(Input));
        var percent = check.Decimal(nameof(Input.InterestPercent), Input.InterestPercent, 0m, 99.99m, required: false);
        var firm = check.Decimal(nameof(Input.FeeFirm), Input.FeeFirm, 0m, 10_000m, required: true);
        var formal = check.Decimal(nameof(Input.FeeFormal), Input.FeeFormal, 0m, 10_000m, required: true);
        if (percent is decimal p && decimal.Round(p, 2) != p) check.Error(nameof(Input.InterestPercent), "Give the rate with two decimals at most.");
        if (!ModelState.IsValid) return Page();
        var rate = percent / 100m;
        await db.Execute("update buildings set late_interest_rate = @rate, recovery_fee_firm = @firm, recovery_fee_formal = @formal where id = @id",
            new { id, rate, firm, formal });
        await AuditLog.Record(db, User.Viewer(), "building", id, "updated", AuditLog.Says("{0}: interest rate and recovery costs", BuildingName),
            new { rate = before.LateInterestRate, firm = before.RecoveryFeeFirm, formal = before.RecoveryFeeFormal }, new { rate, firm, formal });
        TempData["Notice"] = "The interest rate and recovery costs are saved.";
        return Redirect($"/buildings/{id}/arrears");
    }
}
