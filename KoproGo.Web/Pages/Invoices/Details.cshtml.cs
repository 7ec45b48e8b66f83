using KoproGo.Domain.Accounting;
using KoproGo.Web.Infrastructure;
using KoproGo.Web.Infrastructure.Documents;
using KoproGo.Web.Pages.Accounting;
using KoproGo.Web.Pages.Documents;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.Extensions.Localization;
using Npgsql;

namespace KoproGo.Web.Pages.Invoices;

/// <summary>
/// One invoice and its workflow: draft (corrected, PDF attached) → submitted → approved by the syndic, and by a board
/// member when above the building's threshold → paid. Rejection sends it back to draft with the reason. Approval posts
/// the purchase entry and splits the charges over the owners; payment posts the bank entry.
/// </summary>
[Authorize(Policy = Policies.BuildingReader)]
public sealed class DetailsModel(Db db, IStringLocalizer<SharedResource> l, Notifier notifier, IDocumentStorage storage) : PageModel
{
    public sealed class Invoice
    {
        public long Id { get; init; }
        public long BuildingId { get; init; }
        public long SupplierId { get; init; }
        public string Supplier { get; init; } = "";
        public string? SupplierIban { get; init; }
        public string SupplierReference { get; init; } = "";
        public DateOnly InvoiceDate { get; init; }
        public DateOnly DueDate { get; init; }
        public string Description { get; init; } = "";
        public string Status { get; init; } = "";
        public string? RejectionReason { get; init; }
        public long? DocumentId { get; init; }
        public string? DocumentName { get; init; }
        public string? SyndicApprover { get; init; }
        public string? BoardApprover { get; init; }
        public DateOnly? PaidOn { get; init; }
        public long? EntryId { get; init; }
        public long? PaymentEntryId { get; init; }
        public string? PaymentReference { get; init; }
        public long? TransferId { get; init; }
        public DateOnly? TransferDate { get; init; }
    }

    public sealed record LineRow(string Description, string Account, string AccountLabel, decimal AmountExclVat, decimal VatRate, decimal Vat, long? KeyId, string? KeyName)
    {
        public decimal Total => AmountExclVat + Vat;
    }

    public sealed class DecisionInput
    {
        public string? Reason { get; set; }
        public string? PaidOn { get; set; }
    }

    [BindProperty] public InvoiceInput Input { get; set; } = new();
    [BindProperty] public DecisionInput Decision { get; set; } = new();
    [BindProperty] public IFormFile? Upload { get; set; }

    public AccountingBuilding Building { get; private set; } = null!;

    /// <summary>The work order the invoice was sent for, through the contractor's link; flagged when the invoice is above it.</summary>
    public sealed record FromOrder(long Id, string Title, decimal AmountExclVat, decimal VatRate)
    {
        public decimal AmountInclVat => AmountExclVat + VatRates.On(AmountExclVat, VatRate);
    }
    public FromOrder? Order { get; private set; }
    public bool AboveOrder => Order is { } o && KoproGo.Domain.Works.WorkOrders.InvoiceAboveOrder(Total, o.AmountInclVat);
    public Invoice Item { get; private set; } = null!;
    public IReadOnlyList<LineRow> Lines { get; private set; } = [];
    public InvoiceChoices Choices { get; private set; } = null!;
    public IReadOnlyList<ExpenseSplit.Part> Split { get; private set; } = [];
    public IReadOnlyList<string> LotsWithoutOwner { get; private set; } = [];
    public decimal Total => Lines.Sum(x => x.Total);
    /// <summary>Above the building's threshold, a board member approves too.</summary>
    public bool NeedsBoard { get; private set; }
    public bool CanBoardApprove => Building.IsBoard && NeedsBoard && Item.Status == "submitted" && Item.BoardApprover is null;
    public bool CanSyndicApprove => Building.CanApprove && Item.Status == "submitted" && Item.SyndicApprover is null;

    private async Task<bool> Load(long invoiceId)
    {
        var viewer = User.Viewer();
        var item = await db.QuerySingleOrDefault<Invoice>("""
            select i.id, i.building_id, i.supplier_id, s.name as supplier, s.iban as supplier_iban, i.supplier_reference, i.invoice_date, i.due_date,
                   i.description, i.status, i.rejection_reason, i.document_id, d.file_name as document_name,
                   su.display_name as syndic_approver, bu.display_name as board_approver, i.paid_on, i.entry_id, i.payment_entry_id,
                   i.payment_reference, i.transfer_id, t.execution_date as transfer_date
            from invoices i join suppliers s on s.id = i.supplier_id left join supplier_transfers t on t.id = i.transfer_id
            left join documents d on d.id = i.document_id
            left join users su on su.id = i.syndic_approved_by left join users bu on bu.id = i.board_approved_by
            where i.id = @invoiceId and i.organisation_id = @OrgId
            """, viewer.Params(new { invoiceId }));
        if (item is null) return false;
        var building = await AccountingBuilding.Find(db, viewer, item.BuildingId);
        if (building is null) return false;
        (Item, Building) = (item, building);
        Order = await db.QuerySingleOrDefault<FromOrder?>("""
            select id, title, amount_excl_vat, vat_rate from work_orders where invoice_id = @invoiceId
            """, new { invoiceId });
        Lines = await db.Query<LineRow>($"""
            select x.description, x.account_code as account, {Chart.LabelSql("a")} as account_label, x.amount_excl_vat, x.vat_rate, x.vat, x.key_id, k.name as key_name
            from invoice_lines x join chart_accounts a on a.code = x.account_code left join distribution_keys k on k.id = x.key_id
            where x.invoice_id = @invoiceId order by x.id
            """, new { invoiceId, lang = Languages.Current });
        var hasBoard = await db.Scalar<bool>($"""
            select exists (select 1 from board_members m where m.building_id = @BuildingId and {Board.BoardRoles.CurrentMandate})
            """, new { item.BuildingId });
        NeedsBoard = hasBoard && building.BoardApprovalThreshold is decimal t && Total > t;
        if (item.Status is "approved" or "paid")
            Split = await db.Query<ExpenseSplit.Part>($"""
                select c.lot_id, l.number as lot_number, c.owner_id, {Labels.PersonNameSql("o")} as owner_name, c.account_code as account, c.amount
                from charges c join lots l on l.id = c.lot_id join owners o on o.id = c.owner_id where c.invoice_id = @invoiceId order by l.number, c.owner_id
                """, new { invoiceId });
        else
            (Split, LotsWithoutOwner) = await ExpenseSplit.Compute(db, item.BuildingId, item.InvoiceDate, Lines.Select(x => (x.Total, x.Account, x.KeyId)));
        if (item.Status == "draft")
        {
            Choices = await InvoiceChoices.Load(db, viewer, item.BuildingId);
            if (!Request.HasFormContentType || Request.Query["handler"] != "save")
            {
                Input = new InvoiceInput
                {
                    SupplierId = item.SupplierId.ToString(), Reference = item.SupplierReference, Description = item.Description,
                    PaymentReference = item.PaymentReference is { } p && StructuredCommunication.TryParse(p, out var c) ? c.ToString() : null,
                    InvoiceDate = item.InvoiceDate.ToString("yyyy-MM-dd"), DueDate = item.DueDate.ToString("yyyy-MM-dd"),
                    Lines = Lines.Select(x => new InvoiceInput.LineInput
                    {
                        Description = x.Description, Account = x.Account, Amount = x.AmountExclVat.ToString("0.00"),
                        VatRate = x.VatRate.ToString("0"), KeyId = x.KeyId?.ToString(),
                    }).ToList(),
                };
            }
            Input.Pad();
        }
        if (!Request.HasFormContentType) Decision.PaidOn = BrusselsTime.Today.ToString("yyyy-MM-dd");
        return true;
    }

    private Notifier.News ToApprove() => new Notifier.News("Invoice to approve", [],
        "{0} of {1} for {2} waits for your approval.", [Item.SupplierReference, Item.Supplier, Ledger.Euros(Total)], $"/invoices/{Item.Id}");

    private IActionResult Back(string notice)
    {
        TempData["Notice"] = notice;
        return Redirect($"/invoices/{Item.Id}");
    }

    public async Task<IActionResult> OnGet(long invoiceId) => await Load(invoiceId) ? Page() : NotFound();

    public async Task<IActionResult> OnPostSave(long invoiceId)
    {
        if (!await Load(invoiceId)) return NotFound();
        if (!Building.CanEnter || Item.Status != "draft") return Forbid();
        var values = Input.Check(new FormCheck(ModelState, l, nameof(Input)), Choices.SupplierIds, Choices.Expenses, Choices.KeyIds);
        if (values is null) return Page();
        try
        {
            await db.Execute("""
                update invoices set supplier_id = @SupplierId, supplier_reference = @Reference, payment_reference = @PaymentReference, invoice_date = @InvoiceDate,
                    due_date = @DueDate, description = @Description where id = @invoiceId and status = 'draft'
                """, new { invoiceId, values.SupplierId, values.Reference, values.PaymentReference, values.InvoiceDate, values.DueDate, values.Description });
        }
        catch (PostgresException e) when (e.ConstraintName == "invoices_entered_once")
        {
            await db.Rollback();
            ModelState.AddModelError($"{nameof(Input)}.{nameof(Input.Reference)}", l["This supplier's invoice with this number is already entered."]);
            return Page();
        }
        await InvoiceInput.SaveLines(db, invoiceId, values.Lines);
        await AuditLog.Record(db, User.Viewer(), "invoice", invoiceId, "corrected", values.Reference, after: new { total = values.Lines.Sum(x => x.Total) });
        return Back("The draft is saved.");
    }

    public async Task<IActionResult> OnPostAttach(long invoiceId, CancellationToken cancellationToken)
    {
        if (!await Load(invoiceId)) return NotFound();
        if (!Building.CanEnter || Item.Status == "paid") return Forbid();
        // A PDF by its content, as documents are checked, whatever the file is named
        await using var content = Upload?.OpenReadStream();
        if (Upload is null || Upload.Length == 0 || Upload.Length > DocumentRules.MaxBytes || FileKinds.Recognise(content!) != FileKinds.Pdf)
        {
            ModelState.AddModelError(nameof(Upload), l["Choose the invoice as a PDF file of at most 20 MB."]);
            return Page();
        }
        var documentId = await DocumentRules.Store(db, storage, User.Viewer(),
            new DocumentRules.NewDocument(Item.BuildingId, "accounts", "board", $"{Item.Supplier} {Item.SupplierReference}",
                FileKinds.SafeName(Upload.FileName, FileKinds.Pdf), FileKinds.Pdf.ContentType, false),
            content!, cancellationToken);
        await db.Execute("update invoices set document_id = @documentId where id = @invoiceId", new { documentId, invoiceId });
        return Back("The PDF is attached to the invoice.");
    }

    public async Task<IActionResult> OnPostSubmit(long invoiceId)
    {
        if (!await Load(invoiceId)) return NotFound();
        if (!Building.CanEnter || Item.Status != "draft") return Forbid();
        if (LotsWithoutOwner.Count > 0)
        {
            ModelState.AddModelError("", l["Lots {0} have no owner on the invoice date: the charges cannot be split.", string.Join(", ", LotsWithoutOwner)]);
            return Page();
        }
        await db.Execute("update invoices set status = 'submitted', submitted_at = now(), rejection_reason = null where id = @invoiceId", new { invoiceId });
        await AuditLog.Record(db, User.Viewer(), "invoice", invoiceId, "submitted", $"{Item.Supplier} {Item.SupplierReference}: {Ledger.Euros(Total)}");
        await notifier.Send(db, await Syndics.UserIds(db, Item.BuildingId), ToApprove());
        return Back("The invoice is submitted for approval.");
    }

    public async Task<IActionResult> OnPostApprove(long invoiceId)
    {
        if (!await Load(invoiceId)) return NotFound();
        var asSyndic = CanSyndicApprove;
        if (!asSyndic && !CanBoardApprove) return Forbid();
        await db.Execute(asSyndic
            ? "update invoices set syndic_approved_by = @ViewerUserId where id = @invoiceId"
            : "update invoices set board_approved_by = @ViewerUserId where id = @invoiceId", User.Viewer().Params(new { invoiceId }));
        await AuditLog.Record(db, User.Viewer(), "invoice", invoiceId, asSyndic ? "approved_by_syndic" : "approved_by_board", $"{Item.Supplier} {Item.SupplierReference}");
        var complete = (asSyndic || Item.SyndicApprover is not null) && (!NeedsBoard || !asSyndic || Item.BoardApprover is not null);
        if (!complete && !asSyndic) return Back("Approved. The syndic's approval is still needed.");
        if (!complete)
        {
            var board = await db.Query<long>("select user_id from user_roles where role = 'BoardMember' and building_id = @BuildingId", new { Item.BuildingId });
            await notifier.Send(db, board, ToApprove());
            return Back("Approved. A board member's approval is still needed (the invoice is above the threshold).");
        }
        try
        {
            var orphans = await InvoicePosting.Approve(db, User.Viewer().UserId, invoiceId);
            if (orphans.Count > 0 || Split.Count == 0)
            {
                await db.Rollback();
                ModelState.AddModelError("", l["Lots {0} have no owner on the invoice date: the charges cannot be split.", string.Join(", ", orphans)]);
                return Page();
            }
            await db.CheckDeferredConstraints();
        }
        catch (PostgresException e) when (Ledger.YearProblem(e) is { } message)
        {
            await db.Rollback();
            ModelState.AddModelError("", l[message]);
            return Page();
        }
        return Back("The invoice is approved: the purchase entry is posted and the charges are split.");
    }

    public async Task<IActionResult> OnPostReject(long invoiceId)
    {
        if (!await Load(invoiceId)) return NotFound();
        if (!CanSyndicApprove && !CanBoardApprove && !(Building.CanApprove && Item.Status == "submitted")) return Forbid();
        var check = new FormCheck(ModelState, l, nameof(Decision));
        var reason = check.Required(nameof(Decision.Reason), Decision.Reason, 500);
        if (!ModelState.IsValid) return Page();
        await db.Execute("""
            update invoices set status = 'draft', rejection_reason = @reason, syndic_approved_by = null, board_approved_by = null, submitted_at = null
            where id = @invoiceId
            """, new { invoiceId, reason });
        await AuditLog.Record(db, User.Viewer(), "invoice", invoiceId, "rejected", $"{Item.Supplier} {Item.SupplierReference}: {reason}");
        return Back("The invoice is sent back to draft with your reason.");
    }

    public async Task<IActionResult> OnPostPay(long invoiceId)
    {
        if (!await Load(invoiceId)) return NotFound();
        if (!Building.CanEnter || Item.Status != "approved") return Forbid();
        var check = new FormCheck(ModelState, l, nameof(Decision));
        var paidOn = check.Date(nameof(Decision.PaidOn), Decision.PaidOn, required: true);
        if (paidOn is not null && paidOn < Item.InvoiceDate) check.Error(nameof(Decision.PaidOn), "The payment cannot be before the invoice date.");
        if (!ModelState.IsValid) return Page();
        try
        {
            await InvoicePosting.Pay(db, User.Viewer().UserId, invoiceId, paidOn!.Value);
            await db.CheckDeferredConstraints();
        }
        catch (PostgresException e) when (Ledger.YearProblem(e) is { } message)
        {
            await db.Rollback();
            check.Error(nameof(Decision.PaidOn), message);
            return Page();
        }
        await AuditLog.Record(db, User.Viewer(), "invoice", invoiceId, "paid", $"{Item.Supplier} {Item.SupplierReference}: {Ledger.Euros(Total)} on {paidOn:yyyy-MM-dd}");
        return Back("The payment is recorded and posted.");
    }

    public async Task<IActionResult> OnPostDelete(long invoiceId)
    {
        if (!await Load(invoiceId)) return NotFound();
        if (!Building.CanEnter || Item.Status != "draft") return Forbid();
        await db.Execute("delete from invoices where id = @invoiceId and status = 'draft'", new { invoiceId });
        await AuditLog.Record(db, User.Viewer(), "invoice", invoiceId, "deleted", $"{Item.Supplier} {Item.SupplierReference}");
        TempData["Notice"] = "The draft invoice is deleted.";
        return Redirect($"/buildings/{Item.BuildingId}/invoices");
    }
}
