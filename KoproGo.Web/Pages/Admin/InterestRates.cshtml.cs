using KoproGo.Web.Infrastructure;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.Extensions.Localization;

namespace KoproGo.Web.Pages.Admin;

/// <summary>
/// The Belgian legal interest rate of each year (published in the Moniteur belge each January), entered here so late
/// interest follows the law without a release. A year without its rate takes the previous one's until it is entered.
/// </summary>
[Authorize(Policy = Policies.Platform)]
public sealed class InterestRatesModel(Db db, IStringLocalizer<SharedResource> l) : PageModel
{
    public sealed class RateInput
    {
        public string? Year { get; set; }
        public string? Percent { get; set; }
    }

    [BindProperty] public RateInput Input { get; set; } = new();
    public IReadOnlyList<(int Year, decimal Rate)> Rates { get; private set; } = [];

    private async Task Load() =>
        Rates = await db.Query<(int, decimal)>("select year, rate from legal_interest_rates order by year desc");

    public async Task OnGet()
    {
        await Load();
        Input.Year = (BrusselsTime.Today.Year + (Rates.Any(r => r.Year == BrusselsTime.Today.Year) ? 1 : 0)).ToString();
    }

    public async Task<IActionResult> OnPost()
    {
        await Load();
        var check = new FormCheck(ModelState, l, nameof(Input));
        var year = check.Integer(nameof(Input.Year), Input.Year, 2000, 2200, required: true);
        var percent = check.Decimal(nameof(Input.Percent), Input.Percent, 0m, 99.99m, required: true);
        if (percent is decimal p && decimal.Round(p, 2) != p) check.Error(nameof(Input.Percent), "Give the rate with two decimals at most.");
        if (!ModelState.IsValid) return Page();
        var rate = percent!.Value / 100m;
        var before = Rates.Where(r => r.Year == year).Select(r => (decimal?)r.Rate).FirstOrDefault();
        await db.Execute("""
            insert into legal_interest_rates (year, rate, entered_by) values (@year, @rate, @userId)
            on conflict (year) do update set rate = excluded.rate, entered_by = excluded.entered_by, entered_at = now()
            """, new { year, rate, userId = User.Viewer().Name });
        await AuditLog.Record(db, User.Viewer(), "interest_rate", year, "saved", AuditLog.Says("Legal interest rate {0}: {1} %", year!.Value, percent.Value),
            new { rate = before }, new { rate });
        TempData["Notice"] = "The rate is saved.";
        return Redirect("/admin/interest-rates");
    }
}
