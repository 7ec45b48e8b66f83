using KoproGo.Domain.Accounting;
using KoproGo.Domain.Works;
using KoproGo.Web.Infrastructure;
using KoproGo.Web.Infrastructure.Documents;
using KoproGo.Web.Pages.Documents;
using KoproGo.Web.Pages.Orders;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.Extensions.Localization;
using Npgsql;

namespace KoproGo.Web.Pages.Contractors;

/// <summary>
/// A work order as its contractor sees it through their link, on a phone: accept it, mark the start, report the works
/// (what was done, parts replaced, time spent, photos before and after), send the invoice, which becomes a draft
/// purchase invoice in the building's accounts with the order's key and VAT. Another contractor's order is not found.
/// </summary>
[AllowAnonymous]
[RequestSizeLimit(120 * 1024 * 1024)]
[RequestFormLimits(MultipartBodyLengthLimit = 120 * 1024 * 1024)]
public sealed class OrderModel(Db db, ContractorAccess access, Notifier notifier, IDocumentStorage storage, IStringLocalizer<SharedResource> l) : PageModel
{
    public ContractorAccess.Contractor Contractor { get; private set; } = null!;
    public OrderData.Order Item { get; private set; } = null!;
    public int Photos { get; private set; }

    [BindProperty] public ReportInput Report { get; set; } = new();
    [BindProperty] public InvoiceInput Invoice { get; set; } = new();
    [BindProperty] public List<IFormFile> Before { get; set; } = [];
    [BindProperty] public List<IFormFile> After { get; set; } = [];
    [BindProperty] public IFormFile? Pdf { get; set; }

    public sealed class ReportInput
    {
        public string? Text { get; set; }
        public string? Parts { get; set; }
        public string? Hours { get; set; }
    }

    public sealed class InvoiceInput
    {
        public string? Number { get; set; }
        public string? Date { get; set; }
        public string? DueDate { get; set; }
        public string? AmountExclVat { get; set; }
    }

    private async Task<IActionResult?> Load(long id)
    {
        if (await access.Current(HttpContext, db) is not { } contractor) return Redirect("/contractor/signed-out");
        Contractor = contractor;
        if (await OrderData.OfContractor(db, contractor, id) is not { } order) return NotFound();
        Item = order;
        Photos = await db.Scalar<int>("select count(*)::int from work_order_photos where order_id = @id", new { id });
        return null;
    }

    public async Task<IActionResult> OnGet(long id)
    {
        if (await Load(id) is { } refused) return refused;
        Report.Text = Item.Report;
        Report.Parts = Item.PartsReplaced;
        Report.Hours = Item.HoursSpent?.ToString(System.Globalization.CultureInfo.InvariantCulture);
        Invoice.Date = BrusselsTime.Today.ToString("yyyy-MM-dd");
        Invoice.DueDate = BrusselsTime.Today.AddDays(30).ToString("yyyy-MM-dd");
        Invoice.AmountExclVat = Item.AmountExclVat.ToString(System.Globalization.CultureInfo.InvariantCulture);
        return Page();
    }

    public async Task<IActionResult> OnGetPhoto(long id, int position)
    {
        if (await Load(id) is { } refused) return refused;
        var jpeg = await db.QuerySingleOrDefault<byte[]?>("select content from work_order_photos where order_id = @id and position = @position", new { id, position });
        return jpeg is null ? NotFound() : File(jpeg, "image/jpeg");
    }

    private Viewer Acting => Contractor.AsViewer;

    /// <summary>The contractor's step, if it is theirs to make and the order is still where they saw it.</summary>
    private async Task<bool> Move(string to, string set, object values) =>
        WorkOrders.MovedByContractor(Item.State, to) && await OrderData.Move(db, Item.Id, Item.State, to, set, new Dapper.DynamicParameters(values));

    private async Task TellSyndic(string titleKey, string bodyKey)
    {
        var people = await Syndics.AndBoard(db, Item.BuildingId);
        await notifier.Send(db, people, new Notifier.News(titleKey, [Item.Title], bodyKey, [Contractor.Name, Item.Title], $"/orders/{Item.Id}"));
    }

    private IActionResult Moved()
    {
        TempData["Notice"] = "The order has moved on meanwhile: look at it again.";
        return Redirect($"/contractor/orders/{Item.Id}");
    }

    public async Task<IActionResult> OnPostAccept(long id)
    {
        if (await Load(id) is { } refused) return refused;
        if (!await Move("accepted", "accepted_at = now()", new { })) return Moved();
        await AuditLog.Record(db, Acting, "work_order", id, "order_accepted", AuditLog.Says("{0}: accepted by {1}", Item.Title, Contractor.Name));
        await TellSyndic("Order accepted: {0}", "{0} accepted the order \"{1}\".");
        TempData["Notice"] = "Thank you: the order is accepted.";
        return Redirect($"/contractor/orders/{id}");
    }

    public async Task<IActionResult> OnPostStart(long id)
    {
        if (await Load(id) is { } refused) return refused;
        if (!await Move("in_progress", "started_at = now()", new { })) return Moved();
        await AuditLog.Record(db, Acting, "work_order", id, "started", AuditLog.Says("{0}: started by {1}", Item.Title, Contractor.Name));
        await TellSyndic("Works started: {0}", "{0} started the works \"{1}\".");
        TempData["Notice"] = "The start of the works is recorded.";
        return Redirect($"/contractor/orders/{id}");
    }

    /// <summary>The report of the works done (again after a correction), with photos before and after.</summary>
    public async Task<IActionResult> OnPostReport(long id)
    {
        if (await Load(id) is { } refused) return refused;
        if (Item.State is not ("in_progress" or "needs_correction")) return Moved();
        var check = new FormCheck(ModelState, l, nameof(Report));
        var text = check.Required(nameof(Report.Text), Report.Text, 4000);
        var parts = check.Optional(nameof(Report.Parts), Report.Parts, 2000) ?? "";
        var hours = check.Decimal(nameof(Report.Hours), Report.Hours, 0m, 100_000m, required: true);
        var room = WorkOrders.MaxPhotos - Photos;
        var before = await Infrastructure.Photos.FromUploads(Before, room, ProblemReports.PhotoMaxSide, ModelState, l, nameof(Before));
        var after = await Infrastructure.Photos.FromUploads(After, Math.Max(0, room - before.Count), ProblemReports.PhotoMaxSide, ModelState, l, nameof(After));
        if (!ModelState.IsValid) return Page();
        if (!await Move("done", "done_at = now(), report = @text, parts_replaced = @parts, hours_spent = @hours", new { text, parts, hours })) return Moved();
        var position = Photos;
        foreach (var (photo, moment) in before.Select(p => (p, "before")).Concat(after.Select(p => (p, "after"))))
            await db.Execute("""
                insert into work_order_photos (order_id, position, moment, content, width, height, link_id) values (@id, @position, @moment, @Jpeg, @Width, @Height, @LinkId)
                """, new { id, position = ++position, moment, photo.Jpeg, photo.Width, photo.Height, Contractor.LinkId });
        await AuditLog.Record(db, Acting, "work_order", id, "reported_done", AuditLog.Says("{0}: reported done by {1}", Item.Title, Contractor.Name),
            after: new { hours, photos = before.Count + after.Count });
        await TellSyndic("Works done: {0}", "{0} reported the works \"{1}\" done: check and validate them.");
        TempData["Notice"] = "Thank you: your report is sent to the syndic.";
        return Redirect($"/contractor/orders/{id}");
    }

    /// <summary>The invoice of validated works: a draft purchase invoice in the building's accounts, with the order's key, account and VAT.</summary>
    public async Task<IActionResult> OnPostInvoice(long id, CancellationToken cancellationToken)
    {
        if (await Load(id) is { } refused) return refused;
        if (Item.State != "validated") return Moved();
        var check = new FormCheck(ModelState, l, nameof(Invoice));
        var number = check.Required(nameof(Invoice.Number), Invoice.Number, 50);
        var date = check.Date(nameof(Invoice.Date), Invoice.Date, required: true);
        var due = check.Date(nameof(Invoice.DueDate), Invoice.DueDate, required: true);
        if (date is { } d && due is { } dd && dd < d) check.Error(nameof(Invoice.DueDate), "The due date cannot be before the invoice date.");
        var amount = check.Decimal(nameof(Invoice.AmountExclVat), Invoice.AmountExclVat, 0.01m, 10_000_000m, required: true);
        if (!await DocumentRules.PdfSent(Pdf, ModelState, l, nameof(Pdf), "Send the invoice as a PDF file.") && !ModelState.ContainsKey(nameof(Pdf)))
            ModelState.AddModelError(nameof(Pdf), l["Send the invoice as a PDF file."]);
        if (!ModelState.IsValid) return Page();

        long invoiceId;
        try
        {
            invoiceId = await db.Scalar<long>("""
                insert into invoices (organisation_id, building_id, supplier_id, supplier_reference, invoice_date, due_date, description)
                values (@OrganisationId, @BuildingId, @SupplierId, @number, @date, @due, @Title) returning id
                """, new { Contractor.OrganisationId, Item.BuildingId, Item.SupplierId, number, date, due, Item.Title });
        }
        catch (PostgresException e) when (e.ConstraintName == "invoices_entered_once")
        {
            await db.Rollback();
            await Load(id);
            check.Error(nameof(Invoice.Number), "This invoice number was already sent.");
            return Page();
        }
        var vat = VatRates.On(amount!.Value, Item.VatRate);
        await Invoices.InvoiceInput.SaveLines(db, invoiceId, [new Invoices.InvoiceInput.Line(FormInput.Cut(Item.Title, 200),
            Item.AccountCode, amount.Value, Item.VatRate, vat, Item.KeyId)]);
        await using var content = Pdf!.OpenReadStream();
        var documentId = await DocumentRules.Store(db, storage, Acting, new DocumentRules.NewDocument(Item.BuildingId, "accounts", "board",
            $"{Contractor.Name} {number}", FileKinds.SafeName(Pdf.FileName, FileKinds.Pdf), FileKinds.Pdf.ContentType, false), content, cancellationToken);
        await db.Execute("update invoices set document_id = @documentId where id = @invoiceId", new { documentId, invoiceId });
        if (!await Move("invoiced", "invoice_id = @invoiceId", new { invoiceId })) return Moved();
        var above = WorkOrders.InvoiceAboveOrder(amount.Value + vat, Item.AmountInclVat);
        await AuditLog.Record(db, Acting, "work_order", id, "invoice_sent", AuditLog.Says("{0}: invoice {1} of {2}", Item.Title, number!, amount.Value + vat),
            after: new { invoice = invoiceId, amount = amount.Value + vat, above_order = above });
        await TellSyndic(above ? "Invoice above the order: {0}" : "Invoice received: {0}",
            above ? "{0} sent an invoice for \"{1}\" above the amount of the order: check it before approving." : "{0} sent the invoice for \"{1}\": it waits as a draft in the accounts.");
        TempData["Notice"] = "Thank you: your invoice is sent to the syndic.";
        return Redirect($"/contractor/orders/{id}");
    }
}
