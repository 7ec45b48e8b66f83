using KoproGo.Domain.Accounting;
using KoproGo.Web.Infrastructure;
using KoproGo.Web.Pages.Accounting;
using KoproGo.Web.Pages.Invoices;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.Extensions.Localization;

namespace KoproGo.Web.Pages.Bank;

/// <summary>
/// Paying suppliers in one bank file: the approved invoices still to pay, chosen by checkbox, become a SEPA credit
/// transfer file (pain.001) to upload to the bank; they are then "sent to the bank" until the statement's debit matches
/// them (bank matching, as for any payment). A supplier without a valid IBAN is listed with the reason, never skipped.
/// </summary>
[Authorize(Policy = Policies.BuildingReader)]
public sealed class TransfersModel(Db db, IStringLocalizer<SharedResource> l) : PageModel
{
    public sealed record Payable(long Id, string Supplier, string? SupplierIban, string SupplierReference, string? PaymentReference, DateOnly DueDate, decimal Total)
    {
        public string? Problem => CreditTransfers.IbanProblem(SupplierIban);
    }

    public sealed record Transfer(long Id, string MessageId, DateOnly ExecutionDate, int Transactions, decimal Total, DateTime CreatedAt, int Paid);

    [BindProperty] public List<long> Selected { get; set; } = [];
    [BindProperty] public string? ExecutionDate { get; set; }

    public AccountingBuilding Building { get; private set; } = null!;
    public IReadOnlyList<Payable> Invoices { get; private set; } = [];
    public IReadOnlyList<Transfer> Transfers { get; private set; } = [];

    private async Task<bool> Load(long id)
    {
        if (await AccountingBuilding.Find(db, User.Viewer(), id) is not { } building) return false;
        Building = building;
        Invoices = await db.Query<Payable>($"""
            select i.id, s.name as supplier, s.iban as supplier_iban, i.supplier_reference, i.payment_reference, i.due_date, {InvoicePosting.TotalSql} as total
            from invoices i join suppliers s on s.id = i.supplier_id
            where i.building_id = @id and i.status = 'approved' and i.transfer_id is null order by i.due_date, i.id
            """, new { id });
        Transfers = await db.Query<Transfer>("""
            select t.id, t.message_id, t.execution_date, t.transactions, t.total, t.created_at,
                   (select count(*) from invoices i where i.transfer_id = t.id and i.status = 'paid')::int as paid
            from supplier_transfers t where t.building_id = @id order by t.created_at desc limit 50
            """, new { id });
        return true;
    }

    public async Task<IActionResult> OnGet(long id)
    {
        if (!await Load(id)) return NotFound();
        ExecutionDate = BrusselsTime.Today.ToString("yyyy-MM-dd");
        return Page();
    }

    public async Task<IActionResult> OnPost(long id)
    {
        if (!await Load(id)) return NotFound();
        if (!Building.CanEnter) return Forbid();
        var check = new FormCheck(ModelState, l, "");
        var date = check.Date(nameof(ExecutionDate), ExecutionDate, required: true);
        if (date is not null && date < BrusselsTime.Today) check.Error(nameof(ExecutionDate), "The bank cannot pay on a past date.");
        var chosen = Invoices.Where(i => Selected.Contains(i.Id) && i.Problem is null).ToList();
        if (chosen.Count == 0) check.Error(nameof(Selected), "Choose at least one invoice whose supplier has a valid IBAN.");
        if (Building.Iban is null) check.Error("", "The building's account (IBAN) is not entered: add it on the building's page first.");
        if (!ModelState.IsValid) return Page();
        var messageId = $"KG-{id}-{DateTime.UtcNow:yyyyMMddHHmmssfff}";
        var content = CreditTransfers.Build(messageId, BrusselsTime.FromUtc(DateTime.UtcNow), Building.Name, Building.Iban!, date!.Value,
            chosen.Select(o => new TransferOrder($"KG-INV-{o.Id}", o.Supplier, o.SupplierIban!, o.Total,
                o.PaymentReference is { } p && StructuredCommunication.TryParse(p, out var c) ? c : null, o.SupplierReference)).ToList());
        var transferId = await db.Scalar<long>("""
            insert into supplier_transfers (organisation_id, building_id, message_id, execution_date, transactions, total, content, created_by)
            select organisation_id, id, @messageId, @date, @count, @total, @content, @userId from buildings where id = @id returning id
            """, new { id, messageId, date, count = chosen.Count, total = chosen.Sum(i => i.Total), content, userId = User.Viewer().UserId });
        var marked = await db.Execute("update invoices set transfer_id = @transferId where id = any(@ids) and status = 'approved' and transfer_id is null",
            new { transferId, ids = chosen.Select(i => i.Id).ToArray() });
        if (marked != chosen.Count)
        {
            await db.Rollback();
            await Load(id);
            check.Error(nameof(Selected), "Some of these invoices were sent to the bank or paid meanwhile: choose again.");
            return Page();
        }
        await AuditLog.Record(db, User.Viewer(), "supplier_transfer", transferId, "generated",
            AuditLog.Says("{0}: transfer file of {1} payments, {2}", Building.Name, chosen.Count, Ledger.Euros(chosen.Sum(i => i.Total))));
        TempData["Notice"] = "The transfer file is ready: download it and upload it to the bank.";
        return Redirect($"/buildings/{id}/transfers#transfer-{transferId}");
    }

    /// <summary>The pain.001 file of a transfer, as it was given to the bank.</summary>
    public async Task<IActionResult> OnGetFile(long id, long transfer)
    {
        if (!await Load(id) || Transfers.FirstOrDefault(t => t.Id == transfer) is not { } t) return NotFound();
        var content = await db.Scalar<byte[]>("select content from supplier_transfers where id = @transfer", new { transfer });
        return File(content!, "application/xml", $"{t.MessageId}.xml");
    }
}
