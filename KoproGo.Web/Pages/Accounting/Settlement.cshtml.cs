using KoproGo.Domain.Accounting;
using KoproGo.Web.Infrastructure;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace KoproGo.Web.Pages.Accounting;

/// <summary>
/// The year-end settlement of running charges (décompte annuel): for each owner, the provisions for running charges
/// called in the year against their share of the year's charges, and what they still owe on their account. Each owner
/// links to their full statement (page and PDF).
/// </summary>
[Authorize(Policy = Policies.BuildingReader)]
public sealed class SettlementModel(Db db) : PageModel
{
    public sealed record Row(long OwnerId, string OwnerName, decimal ProvisionsCalled, decimal Charges, decimal Balance)
    {
        public decimal Settlement => Provisions.Settlement(ProvisionsCalled, Charges);
    }

    [BindProperty(SupportsGet = true)] public long? Year { get; set; }
    public AccountingBuilding Building { get; private set; } = null!;
    public IReadOnlyList<AccountingBuilding.Year> Years { get; private set; } = [];
    public AccountingBuilding.Year? Shown { get; private set; }
    public IReadOnlyList<Row> Rows { get; private set; } = [];

    public async Task<IActionResult> OnGet(long id)
    {
        var (building, years) = await AccountingBuilding.FindWithYears(db, User.Viewer(), id);
        if (building is null) return NotFound();
        (Building, Years) = (building, years);
        Shown = AccountingBuilding.Pick(Years, Year);
        if (Shown is null) return Page();
        Rows = await db.Query<Row>($"""
            select o.id as owner_id, {Labels.PersonNameSql("o")} as owner_name, {OwnerAccount.SettlementSql("o.id")},
                   coalesce((select sum(l.debit - l.credit) from journal_lines l join journal_entries e on e.id = l.entry_id
                             where l.owner_id = o.id and l.account_code = '410' and e.building_id = @buildingId and e.entry_date <= @EndsOn), 0) as balance
            from owners o
            where o.id in (select x.owner_id from lot_ownerships x join lots l on l.id = x.lot_id where l.building_id = @buildingId
                           and x.valid_from <= @EndsOn and (x.valid_to is null or x.valid_to > @StartsOn))
            order by o.last_name, o.first_name
            """, new { buildingId = id, Shown.StartsOn, Shown.EndsOn });
        return Page();
    }
}
