using KoproGo.Web.Infrastructure;
using KoproGo.Web.Pages.Accounting;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.Extensions.Localization;
using Npgsql;

namespace KoproGo.Web.Pages.Invoices;

/// <summary>A building's purchase invoices by status, and a new one entered as a draft.</summary>
[Authorize(Policy = Policies.BuildingReader)]
public sealed class IndexModel(Db db, IStringLocalizer<SharedResource> l) : PageModel
{
    public sealed record Row(long Id, string Supplier, string SupplierReference, DateOnly InvoiceDate, DateOnly DueDate, string Status, decimal Total, string? RejectionReason);

    [BindProperty] public InvoiceInput Input { get; set; } = new();
    public AccountingBuilding Building { get; private set; } = null!;
    public InvoiceChoices Choices { get; private set; } = null!;
    public IReadOnlyList<Row> Invoices { get; private set; } = [];

    private async Task<bool> Load(long id)
    {
        var building = await AccountingBuilding.Find(db, User.Viewer(), id);
        if (building is null) return false;
        Building = building;
        Choices = await InvoiceChoices.Load(db, User.Viewer(), id);
        Invoices = await db.Query<Row>($"""
            select i.id, s.name as supplier, i.supplier_reference, i.invoice_date, i.due_date, i.status,
                   coalesce({InvoicePosting.TotalSql}, 0) as total, i.rejection_reason
            from invoices i join suppliers s on s.id = i.supplier_id
            where i.building_id = @id
            order by case i.status when 'submitted' then 0 when 'approved' then 1 when 'draft' then 2 else 3 end, i.due_date desc
            limit 200
            """, new { id });
        Input.Pad();
        if (!Request.HasFormContentType)
        {
            Input.InvoiceDate = BrusselsTime.Today.ToString("yyyy-MM-dd");
            Input.DueDate = BrusselsTime.Today.AddDays(30).ToString("yyyy-MM-dd");
        }
        return true;
    }

    public async Task<IActionResult> OnGet(long id) => await Load(id) ? Page() : NotFound();

    public async Task<IActionResult> OnPost(long id)
    {
        if (!await Load(id)) return NotFound();
        if (!Building.CanEnter) return Forbid();
        var values = Input.Check(new FormCheck(ModelState, l, nameof(Input)), Choices.SupplierIds, Choices.Expenses, Choices.KeyIds);
        if (values is null) return Page();
        long invoiceId;
        try
        {
            invoiceId = await db.Scalar<long>("""
                insert into invoices (organisation_id, building_id, supplier_id, supplier_reference, payment_reference, invoice_date, due_date, description, created_by)
                select organisation_id, id, @SupplierId, @Reference, @PaymentReference, @InvoiceDate, @DueDate, @Description, @ViewerUserId from buildings where id = @id
                returning id
                """, User.Viewer().Params(new { id, values.SupplierId, values.Reference, values.PaymentReference, values.InvoiceDate, values.DueDate, values.Description }));
        }
        catch (PostgresException e) when (e.ConstraintName == "invoices_entered_once")
        {
            await db.Rollback();
            ModelState.AddModelError($"{nameof(Input)}.{nameof(Input.Reference)}", l["This supplier's invoice with this number is already entered."]);
            return Page();
        }
        await InvoiceInput.SaveLines(db, invoiceId, values.Lines);
        await AuditLog.Record(db, User.Viewer(), "invoice", invoiceId, "entered", $"{Building.Name}: {values.Reference}",
            after: new { total = values.Lines.Sum(x => x.Total) });
        TempData["Notice"] = "The invoice is saved as a draft.";
        return Redirect($"/invoices/{invoiceId}");
    }
}
