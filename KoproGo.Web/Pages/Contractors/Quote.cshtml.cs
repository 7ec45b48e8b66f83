using KoproGo.Domain.Works;
using KoproGo.Web.Infrastructure;
using KoproGo.Web.Infrastructure.Documents;
using KoproGo.Web.Pages.Works;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.Extensions.Localization;

namespace KoproGo.Web.Pages.Contractors;

/// <summary>
/// A request for a quote as the contractor sees it through their link: what and where, by when; their answer (amount,
/// VAT rate with the 6% condition, duration, start, warranty, validity, the PDF), which they may replace until the
/// deadline. Another contractor's request, or one of another firm, is not found.
/// </summary>
[AllowAnonymous]
[RequestSizeLimit(25 * 1024 * 1024)]
[RequestFormLimits(MultipartBodyLengthLimit = 25 * 1024 * 1024)]
public sealed class QuoteModel(Db db, ContractorAccess access, Notifier notifier, IDocumentStorage storage, IStringLocalizer<SharedResource> l) : PageModel
{
    public ContractorAccess.Contractor Contractor { get; private set; } = null!;
    public WorksData.Request Item { get; private set; } = null!;
    public string Address { get; private set; } = "";
    public WorksData.Quote? Mine { get; private set; }

    [BindProperty] public QuoteInput Input { get; set; } = new();
    [BindProperty] public IFormFile? Pdf { get; set; }

    /// <summary>Quotes are taken while the request collects them and until its deadline (the syndic may still type a late one in).</summary>
    public bool MayAnswer => WorksRequests.TakesQuotes(Item.State) && Item.AnswerBy >= BrusselsTime.Today;

    /// <summary>Null when the page may be shown; else where to send the visitor (signed out, or not theirs: not found).</summary>
    private async Task<IActionResult?> Load(long id)
    {
        if (await access.Current(HttpContext, db) is not { } contractor) return Redirect("/contractor/signed-out");
        Contractor = contractor;
        var allowed = await db.Scalar<bool>($"select exists (select 1 from works_requests w where w.id = @id and {IndexModel.TheirRequests})",
            new { id, contractor.OrganisationId, contractor.SupplierId });
        // the request as staff read it, in the link's organisation
        if (!allowed || await WorksData.Find(db, new Viewer(0, contractor.OrganisationId, contractor.Name, new HashSet<string> { Roles.Syndic }, null, []), id) is not { } item) return NotFound();
        Item = item;
        Address = await db.QuerySingle<string>("select street || ', ' || postcode || ' ' || city from buildings where id = @BuildingId", new { item.BuildingId });
        Mine = (await WorksData.Quotes(db, id)).FirstOrDefault(q => q.SupplierId == contractor.SupplierId);
        return null;
    }

    public async Task<IActionResult> OnGet(long id)
    {
        if (await Load(id) is { } refused) return refused;
        if (Mine is { } q)
            Input = new QuoteInput
            {
                AmountExclVat = q.AmountExclVat.ToString(System.Globalization.CultureInfo.InvariantCulture), VatRate = q.VatRate.ToString("0"),
                DurationDays = q.DurationDays.ToString(), StartOn = q.StartOn.ToString("yyyy-MM-dd"), WarrantyYears = q.WarrantyYears.ToString(),
                ValidUntil = q.ValidUntil.ToString("yyyy-MM-dd"), Notes = q.Notes,
            };
        return Page();
    }

    public async Task<IActionResult> OnPost(long id, CancellationToken cancellationToken)
    {
        if (await Load(id) is { } refused) return refused;
        var check = new FormCheck(ModelState, l, nameof(Input));
        var values = Input.Check(check, BrusselsTime.Today);
        if (!MayAnswer) ModelState.AddModelError(nameof(Input) + "." + nameof(Input.AmountExclVat), l["Quotes are no longer taken for this request: contact the syndic."]);
        var hasPdf = await Documents.DocumentRules.PdfSent(Pdf, ModelState, l, nameof(Pdf), "Send the quote as a PDF file.");
        if (!ModelState.IsValid) return Page();
        var viewer = Contractor.AsViewer;
        var documentId = hasPdf ? await QuoteInput.StorePdf(db, storage, viewer, Item, Contractor.Name, Pdf!, cancellationToken) : (long?)null;
        var quoteId = await values!.Save(db, id, Contractor.SupplierId, documentId, enteredBy: null, linkId: Contractor.LinkId);
        await AuditLog.Record(db, viewer, "quote", quoteId, "quote_sent",
            AuditLog.Says("{0}: quote of {1}, {2} excl. VAT", Item.Title, Contractor.Name, values.AmountExclVat), after: values);
        await notifier.Send(db, await Syndics.UserIds(db, Item.BuildingId),
            new Notifier.News("New quote for: {0}", [Item.Title], "{0} sent a quote of {1:C} excluding VAT.", [Contractor.Name, values.AmountExclVat], $"/works/{id}#comparison"));
        TempData["Notice"] = "Thank you: your quote is sent to the syndic.";
        return Redirect($"/contractor/requests/{id}");
    }
}
