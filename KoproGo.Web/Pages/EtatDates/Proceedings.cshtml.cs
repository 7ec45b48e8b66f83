using KoproGo.Web.Infrastructure;
using KoproGo.Web.Pages.Accounting;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.Extensions.Localization;

namespace KoproGo.Web.Pages.EtatDates;

/// <summary>
/// The register of the legal proceedings a building's association is party to: subject, other party, amount at stake,
/// costs, open or closed. The états datés list those open on their date with the lots' share of the costs.
/// </summary>
[Authorize(Policy = Policies.Staff)]
public sealed class ProceedingsModel(Db db, IStringLocalizer<SharedResource> l) : PageModel
{
    public sealed class ProceedingInput
    {
        public string? Subject { get; set; }
        public string? Counterparty { get; set; }
        public string? AmountAtStake { get; set; }
        public string? Costs { get; set; }
        public string? OpenedOn { get; set; }
    }

    public sealed record Row(long Id, string Subject, string Counterparty, decimal AmountAtStake, decimal Costs, string Status, DateOnly OpenedOn, DateOnly? ClosedOn);

    [BindProperty] public ProceedingInput Input { get; set; } = new();
    [BindProperty] public long? CloseId { get; set; }

    public AccountingBuilding Building { get; private set; } = null!;
    public IReadOnlyList<Row> Rows { get; private set; } = [];

    private async Task<bool> Load(long id)
    {
        var building = await AccountingBuilding.Find(db, User.Viewer(), id);
        if (building is null || !building.CanEnter) return false;
        Building = building;
        // the open ones, and those closed within two years: older ones stay in the audit log
        Rows = await db.Query<Row>("""
            select id, subject, counterparty, amount_at_stake, costs, status, opened_on, closed_on from proceedings
            where building_id = @id and (status = 'open' or closed_on > current_date - 730)
            order by status = 'open' desc, opened_on desc, id desc limit 200
            """, new { id });
        return true;
    }

    public async Task<IActionResult> OnGet(long id)
    {
        if (!await Load(id)) return NotFound();
        Input.OpenedOn = BrusselsTime.Today.ToString("yyyy-MM-dd");
        return Page();
    }

    public async Task<IActionResult> OnPost(long id)
    {
        if (!await Load(id)) return NotFound();
        var check = new FormCheck(ModelState, l, nameof(Input));
        var subject = check.Required(nameof(Input.Subject), Input.Subject, 300);
        var counterparty = check.Optional(nameof(Input.Counterparty), Input.Counterparty, 200);
        var stake = check.Decimal(nameof(Input.AmountAtStake), Input.AmountAtStake, 0m, 100_000_000m, required: true);
        var costs = check.Decimal(nameof(Input.Costs), Input.Costs, 0m, 100_000_000m, required: false);
        var opened = check.Date(nameof(Input.OpenedOn), Input.OpenedOn, required: true);
        if (opened > BrusselsTime.Today) check.Error(nameof(Input.OpenedOn), "The proceedings cannot start in the future.");
        if (!ModelState.IsValid) return Page();
        var viewer = User.Viewer();
        var newId = await db.Scalar<long>("""
            insert into proceedings (organisation_id, building_id, subject, counterparty, amount_at_stake, costs, opened_on, created_by)
            values (@OrgId, @id, @subject, @counterparty, @stake, @costs, @opened, @ViewerUserId) returning id
            """, viewer.Params(new { id, subject, counterparty = counterparty ?? "", stake, costs = costs ?? 0m, opened }));
        await AuditLog.Record(db, viewer, "proceeding", newId, "created", AuditLog.Says("Proceedings in {0}: {1}", Building.Name, subject));
        TempData["Notice"] = "The proceedings are in the register.";
        return Redirect($"/buildings/{id}/proceedings");
    }

    public async Task<IActionResult> OnPostClose(long id)
    {
        if (!await Load(id)) return NotFound();
        var closed = await db.Execute("""
            update proceedings set status = 'closed', closed_on = greatest(current_date, opened_on) where id = @CloseId and building_id = @id and status = 'open'
            """, new { CloseId, id });
        if (closed == 1)
            await AuditLog.Record(db, User.Viewer(), "proceeding", CloseId, "closed", AuditLog.Says("Proceedings in {0}: {1}", Building.Name,
                Rows.First(r => r.Id == CloseId).Subject));
        TempData["Notice"] = closed == 1 ? "The proceedings are closed." : "These proceedings were closed already.";
        return Redirect($"/buildings/{id}/proceedings");
    }
}
