using KoproGo.Domain.Accounting;
using KoproGo.Domain.Works;
using KoproGo.Web.Infrastructure;
using KoproGo.Web.Pages.Accounting;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.Extensions.Localization;

namespace KoproGo.Web.Pages.Orders;

/// <summary>
/// The syndic orders the works: from an accepted quote (its contractor, amount and VAT fixed), or directly for a small
/// job within the tendering threshold. The contractor receives it with a personal link.
/// </summary>
[Authorize(Policy = Policies.Manage)]
public sealed class NewModel(Db db, Notifier notifier, IStringLocalizer<SharedResource> l) : PageModel
{
    public sealed class OrderInput
    {
        public string? Building { get; set; }
        public string? Supplier { get; set; }
        public string? AmountExclVat { get; set; }
        public string? VatRate { get; set; }
        public string? Title { get; set; }
        public string? Description { get; set; }
        public string? Place { get; set; }
        public string? SiteContact { get; set; }
        public string? StartOn { get; set; }
        public string? DueOn { get; set; }
        public string? Key { get; set; }
        public string? Account { get; set; }
        public bool Structural { get; set; }
    }

    [BindProperty] public OrderInput Input { get; set; } = new();
    [BindProperty(SupportsGet = true)] public long? Quote { get; set; }

    /// <summary>The accepted quote the order comes from, with its request and building.</summary>
    public sealed record FromQuote(long Id, long RequestId, string RequestTitle, string Description, long BuildingId, long SupplierId, string SupplierName,
        decimal AmountExclVat, decimal VatRate, DateOnly StartOn, int DurationDays, int WarrantyYears, string DecidedHow, string? DefaultAccount);
    public FromQuote? Accepted { get; private set; }
    public sealed record Place(long Id, string Name, decimal TenderThreshold);
    public IReadOnlyList<Place> Buildings { get; private set; } = [];
    public IReadOnlyList<Works.WorksData.Contractor> Contractors { get; private set; } = [];
    public IReadOnlyList<Chart.Account> Expenses { get; private set; } = [];
    public IReadOnlyList<(long Id, string Name)> Keys { get; private set; } = [];

    private async Task<bool> Load(long? buildingId)
    {
        var viewer = User.Viewer();
        Buildings = await db.Query<Place>("select b.id, b.name, b.tender_threshold from buildings b where b.organisation_id = @OrgId order by b.name", viewer.Params());
        if (Quote is not null)
        {
            Accepted = await db.QuerySingleOrDefault<FromQuote?>("""
                select q.id, w.id as request_id, w.title as request_title, w.description, w.building_id, q.supplier_id, s.name as supplier_name, q.amount_excl_vat,
                       q.vat_rate, q.start_on, q.duration_days, q.warranty_years, w.decided_how, s.default_account
                from quotes q join works_requests w on w.id = q.request_id join suppliers s on s.id = q.supplier_id
                where q.id = @Quote and q.status = 'accepted' and w.organisation_id = @OrgId
                  and not exists (select 1 from work_orders o where o.quote_id = q.id)
                """, viewer.Params(new { Quote }));
            if (Accepted is null) return false;
            buildingId = Accepted.BuildingId;
        }
        Contractors = await Works.WorksData.Contractors(db, viewer);
        Expenses = await Chart.All(db, Languages.Current, "6%");
        Keys = buildingId is null ? [] : await db.Query<(long, string)>("select id, name from distribution_keys where building_id = @buildingId and organisation_id = @OrgId order by name",
            viewer.Params(new { buildingId }));
        return true;
    }

    public async Task<IActionResult> OnGet(long? building)
    {
        if (!await Load(building)) return NotFound();
        if (Accepted is { } q)
        {
            Input.Title = q.RequestTitle;
            Input.Description = q.Description;
            Input.StartOn = q.StartOn.ToString("yyyy-MM-dd");
            Input.DueOn = q.StartOn.AddDays(q.DurationDays).ToString("yyyy-MM-dd");
            // works voted by the assembly have their own account; others the contractor's usual one
            Input.Account = q.DecidedHow == "assembly" ? "618" : q.DefaultAccount ?? "610";
        }
        else
        {
            Input.Building = (building ?? (Buildings.Count == 1 ? Buildings[0].Id : null))?.ToString();
            Input.VatRate = "21";
            Input.Account = "610";
            Input.StartOn = BrusselsTime.Today.AddDays(7).ToString("yyyy-MM-dd");
            Input.DueOn = BrusselsTime.Today.AddDays(14).ToString("yyyy-MM-dd");
        }
        return Page();
    }

    public async Task<IActionResult> OnPost()
    {
        var check = new FormCheck(ModelState, l, nameof(Input));
        long? chosenBuilding = Accepted?.BuildingId ?? (long.TryParse(Input.Building, out var b) ? b : null);
        if (!await Load(chosenBuilding)) return NotFound();
        var viewer = User.Viewer();
        long buildingId, supplierId;
        decimal amount, vat;
        int quoteWarranty;
        if (Accepted is { } q)
            (buildingId, supplierId, amount, vat, quoteWarranty) = (q.BuildingId, q.SupplierId, q.AmountExclVat, q.VatRate, q.WarrantyYears);
        else
        {
            var building = check.Choice(nameof(Input.Building), Input.Building, [.. Buildings.Select(x => x.Id.ToString())]);
            var supplier = check.Choice(nameof(Input.Supplier), Input.Supplier, [.. Contractors.Select(c => c.Id.ToString())]);
            var amountTyped = check.Decimal(nameof(Input.AmountExclVat), Input.AmountExclVat, 0.01m, 10_000_000m, required: true);
            var rate = check.Choice(nameof(Input.VatRate), Input.VatRate, [.. WorksRequests.QuoteVatRates.Select(r => r.ToString("0"))]);
            buildingId = building is null ? 0 : long.Parse(building);
            supplierId = supplier is null ? 0 : long.Parse(supplier);
            amount = amountTyped ?? 0;
            vat = rate is null ? 21 : decimal.Parse(rate);
            quoteWarranty = 0;
            var threshold = Buildings.FirstOrDefault(x => x.Id == buildingId)?.TenderThreshold;
            if (amountTyped is not null && threshold is { } t && !WorkOrders.DirectOrderAllowed(amount + VatRates.On(amount, vat), t))
                check.Error(nameof(Input.AmountExclVat), "Above the tendering threshold ({0}), ask for quotes first.", t.ToString("C"));
        }
        var title = check.Required(nameof(Input.Title), Input.Title, 150);
        var description = check.Optional(nameof(Input.Description), Input.Description, 4000) ?? "";
        var place = check.Required(nameof(Input.Place), Input.Place, 200);
        var contact = check.Optional(nameof(Input.SiteContact), Input.SiteContact, 200) ?? "";
        var start = check.Date(nameof(Input.StartOn), Input.StartOn, required: true);
        var due = check.Date(nameof(Input.DueOn), Input.DueOn, required: true);
        if (start is { } s && due is { } d && d < s) check.Error(nameof(Input.DueOn), "The works cannot end before they start.");
        long? keyId = null;
        if (FormInput.Trimmed(Input.Key) is { } key)
        {
            if (long.TryParse(key, out var k) && Keys.Any(x => x.Id == k)) keyId = k;
            else check.Error(nameof(Input.Key), "Choose one of the keys offered.");
        }
        var account = check.Choice(nameof(Input.Account), Input.Account, [.. Expenses.Select(a => a.Code)]);
        if (!ModelState.IsValid) return Page();

        var warranty = WorkOrders.WarrantyYears(Input.Structural, quoteWarranty);
        var id = await db.Scalar<long>("""
            insert into work_orders (organisation_id, building_id, supplier_id, quote_id, title, description, place, site_contact, start_on, due_on,
                                     amount_excl_vat, vat_rate, key_id, account_code, structural, warranty_years, created_by)
            values (@OrgId, @buildingId, @supplierId, @Quote, @title, @description, @place, @contact, @start, @due, @amount, @vat, @keyId, @account,
                    @structural, @warranty, @ViewerUserId)
            returning id
            """, viewer.Params(new { buildingId, supplierId, Quote, title, description, place, contact, start, due, amount, vat, keyId, account,
            structural = Input.Structural, warranty }));
        await AuditLog.Record(db, viewer, "work_order", id, "created", AuditLog.Says("{0}: {1}", title!, amount), after: new { supplier = supplierId, amount, vat, quote = Quote });
        await OrderMail.Send(db, notifier, viewer, id, "New work order: {0}", "{0} orders you the works \"{1}\" at {2}, from {3:D}. Open your personal link to accept the order.");
        TempData["Notice"] = "The order is sent to the contractor.";
        return Redirect($"/orders/{id}");
    }
}
