using KoproGo.Web.Infrastructure;
using KoproGo.Web.Pages.Accounting;
using KoproGo.Web.Pages.Invoices;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.Extensions.Localization;
using Npgsql;

namespace KoproGo.Web.Pages.Bank;

/// <summary>
/// A bank line the matching left: a person says whose payment a credit is (an open call, or the owner's account), which
/// approved invoice a debit pays, or sets the line aside (bank costs, a transfer between the building's accounts).
/// </summary>
[Authorize(Policy = Policies.BuildingReader)]
public sealed class LineModel(Db db, IStringLocalizer<SharedResource> l) : PageModel
{
    public sealed record BankLine(long Id, long BuildingId, long ImportId, DateOnly ValueDate, decimal Amount, string CounterpartyName,
        string CounterpartyAccount, string Communication, string Status, string? Problem);
    public sealed record Invoice(long Id, string Label, decimal Total);

    public sealed class AssignInput
    {
        public string? Target { get; set; }
        public string? InvoiceId { get; set; }
    }

    [BindProperty] public AssignInput Input { get; set; } = new();
    public AccountingBuilding Building { get; private set; } = null!;
    public BankLine Item { get; private set; } = null!;
    public PaymentTargets Targets { get; private set; } = new();
    public IReadOnlyList<Invoice> Invoices { get; private set; } = [];

    private async Task<bool> Load(long lineId)
    {
        var line = await db.QuerySingleOrDefault<BankLine>("""
            select id, building_id, import_id, value_date, amount, counterparty_name, counterparty_account, communication, status, problem
            from bank_lines where id = @lineId and organisation_id = @OrgId
            """, User.Viewer().Params(new { lineId }));
        if (line is null || await AccountingBuilding.Find(db, User.Viewer(), line.BuildingId) is not { } building) return false;
        (Item, Building) = (line, building);
        if (line.Amount > 0) Targets = await PaymentTargets.Load(db, line.BuildingId);
        else
            Invoices = await db.Query<Invoice>($"""
                select i.id, s.name || ' ' || i.supplier_reference as label, {InvoicePosting.TotalSql} as total
                from invoices i join suppliers s on s.id = i.supplier_id where i.building_id = @BuildingId and i.status = 'approved'
                order by i.due_date
                """, line);
        return true;
    }

    public async Task<IActionResult> OnGet(long lineId) => await Load(lineId) ? Page() : NotFound();

    public async Task<IActionResult> OnPostAssign(long lineId)
    {
        if (!await Load(lineId)) return NotFound();
        if (!Building.CanEnter) return Forbid();
        if (Item.Status != "unmatched")
        {
            TempData["Notice"] = "This line is no longer to assign.";
            return Redirect($"/bank-lines/{lineId}");
        }
        var check = new FormCheck(ModelState, l, nameof(Input));
        try
        {
            if (Item.Amount > 0)
            {
                if (Targets.Find(Input.Target) is not var (ownerId, itemId, label))
                {
                    check.Error(nameof(Input.Target), "Choose one of the options offered.");
                    return Page();
                }
                await Payments.Record(db, User.Viewer().UserId, Item.BuildingId, ownerId, itemId, Item.Amount, Item.ValueDate, label, "assigned", lineId);
                await Done(lineId, null, label);
            }
            else
            {
                var invoice = long.TryParse(Input.InvoiceId, out var id) ? Invoices.FirstOrDefault(i => i.Id == id) : null;
                if (invoice is null) check.Error(nameof(Input.InvoiceId), "Choose one of the options offered.");
                else if (invoice.Total != -Item.Amount) check.Error(nameof(Input.InvoiceId), "This invoice's total ({0}) is not the amount paid ({1}).", Ledger.Euros(invoice.Total), Ledger.Euros(-Item.Amount));
                if (!ModelState.IsValid) return Page();
                await InvoicePosting.Pay(db, User.Viewer().UserId, invoice!.Id, Item.ValueDate);
                await Done(lineId, invoice.Id, invoice.Label);
            }
            await db.CheckDeferredConstraints();
        }
        catch (PostgresException e) when (Ledger.YearProblem(e) is { } message)
        {
            await db.Rollback();
            check.Error(Item.Amount > 0 ? nameof(Input.Target) : nameof(Input.InvoiceId), message);
            return Page();
        }
        TempData["Notice"] = "The line is assigned and posted.";
        return Redirect($"/buildings/{Item.BuildingId}/bank#to-assign");
    }

    private async Task Done(long lineId, long? invoiceId, string label)
    {
        await db.Execute("update bank_lines set status = 'matched', problem = null, invoice_id = @invoiceId where id = @lineId", new { lineId, invoiceId });
        await AuditLog.Record(db, User.Viewer(), "bank_line", lineId, "assigned", AuditLog.Says("{0} on {1}: {2}", Ledger.Euros(Item.Amount), Item.ValueDate, label));
    }

    /// <summary>Sets the line aside, or puts a line set aside back among those to assign.</summary>
    public async Task<IActionResult> OnPostIgnore(long lineId, bool restore = false)
    {
        if (!await Load(lineId)) return NotFound();
        if (!Building.CanEnter) return Forbid();
        var (from, to) = restore ? ("ignored", "unmatched") : ("unmatched", "ignored");
        if (Item.Status == from)
        {
            await db.Execute("update bank_lines set status = @to where id = @lineId and status = @from", new { lineId, from, to });
            await AuditLog.Record(db, User.Viewer(), "bank_line", lineId, restore ? "put back" : "set aside", Building.Name);
        }
        TempData["Notice"] = restore ? "The line is back among those to assign." : "The line is set aside.";
        return Redirect($"/buildings/{Item.BuildingId}/bank#to-assign");
    }
}
