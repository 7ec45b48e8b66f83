using Dapper;
using KoproGo.Domain;
using KoproGo.Domain.Assemblies;
using KoproGo.Domain.Works;
using KoproGo.Web.Infrastructure;
using KoproGo.Web.Infrastructure.Documents;
using KoproGo.Web.Infrastructure.Pdf;
using KoproGo.Web.Pages.Documents;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.Extensions.Localization;
using Npgsql;

namespace KoproGo.Web.Pages.Works;

/// <summary>
/// One works request: the contractors invited (each by a personal link), the quotes side by side with their score,
/// a quote typed in from paper, and the decision: accepted by the syndic (urgent, or within the delegated amount), by
/// the delegated board, or put to an assembly's vote. The board reads it all.
/// </summary>
[Authorize(Policy = Policies.BuildingReader)]
[RequestSizeLimit(25 * 1024 * 1024)]
[RequestFormLimits(MultipartBodyLengthLimit = 25 * 1024 * 1024)]
public sealed class ShowModel(Db db, Notifier notifier, IDocumentStorage storage, PdfRenderer pdf, IStringLocalizer<SharedResource> l) : PageModel
{
    public WorksData.Request Item { get; private set; } = null!;
    public IReadOnlyList<WorksData.Quote> Quotes { get; private set; } = [];
    public IReadOnlyList<WorksData.Line> Lines { get; private set; } = [];
    public IReadOnlyList<WorksData.Invited> Invited { get; private set; } = [];
    public IReadOnlyList<WorksData.Contractor> Contractors { get; private set; } = [];
    public sealed record DraftAssembly(long Id, DateTime MeetingAt, string Kind);
    public IReadOnlyList<DraftAssembly> Assemblies { get; private set; } = [];

    [BindProperty(SupportsGet = true)] public string? Sort { get; set; }
    [BindProperty] public List<long> SupplierIds { get; set; } = [];
    [BindProperty] public QuoteInput Paper { get; set; } = new();
    [BindProperty] public DecisionInput Decision { get; set; } = new();
    [BindProperty] public IFormFile? Pdf { get; set; }
    [BindProperty] public string? CancelReason { get; set; }

    public sealed class DecisionInput
    {
        public string? Quote { get; set; }
        public string? How { get; set; }
        public string? Reason { get; set; }
        public string? FewerQuotesReason { get; set; }
        public string? Assembly { get; set; }
        // the assembly's form has its own fields: both forms are on the page at once
        public string? ProposedQuote { get; set; }
        public string? ProposalFewerQuotesReason { get; set; }
    }

    public bool IsSyndic => User.Viewer().IsSyndic;

    /// <summary>The syndic decides; a board member only when the assembly delegated works to the board.</summary>
    public bool MayDecide => IsSyndic || (Item.WorksDelegatedTo == "board" && User.Viewer().BoardBuildingIds.Contains(Item.BuildingId));

    private async Task<bool> Load(long id)
    {
        if (await WorksData.Find(db, User.Viewer(), id) is not { } item) return false;
        Item = item;
        if (Sort is not null && !WorksData.SortKeys.Contains(Sort)) Sort = null;
        // the quotes with their contractors' record, the invitations and, for the syndic, the choices of the forms: one round trip
        await using var results = await db.QueryMultiple($"""
            {WorksData.QuotesSql};
            {Orders.OrderData.HistoriesSql("any(select q.supplier_id from quotes q where q.request_id = @requestId)")};
            {WorksData.InvitationsSql};
            {(IsSyndic ? $"""
                {WorksData.ContractorsSql};
                select id, meeting_at, kind from assemblies where building_id = @BuildingId and status = 'draft' and meeting_at > now() order by meeting_at
                """ : "")}
            """, User.Viewer().Params(new { requestId = id, organisationId = item.OrganisationId, item.BuildingId }));
        Quotes = (await results.ReadAsync<WorksData.Quote>()).AsList();
        Histories = Orders.OrderData.ReadHistories(await results.ReadAsync<Orders.OrderData.HistoryRow>());
        Lines = WorksData.Compare(Quotes, Sort, Histories);
        Invited = (await results.ReadAsync<WorksData.Invited>()).AsList();
        if (IsSyndic)
        {
            Contractors = (await results.ReadAsync<WorksData.Contractor>()).AsList();
            Assemblies = (await results.ReadAsync<DraftAssembly>()).AsList();
        }
        return true;
    }

    public async Task<IActionResult> OnGet(long id) => await Load(id) ? Page() : NotFound();

    /// <summary>The comparison as a PDF in the building's language (the one attached to the assembly's agenda).</summary>
    public async Task<IActionResult> OnGetPdf(long id, CancellationToken cancellationToken)
    {
        if (!await Load(id)) return NotFound();
        return await pdf.Download("/Pdf/QuoteComparison.cshtml", ComparisonPdf(), Item.BuildingLanguage, Frame(), "quote-comparison.pdf", cancellationToken);
    }

    private ComparisonModel ComparisonPdf() => new(Item, WorksData.Compare(Quotes, null, Histories));
    private IReadOnlyDictionary<long, QuoteComparison.History> Histories = new Dictionary<long, QuoteComparison.History>();
    private PdfFrame Frame() => new(Languages.Text(Item.BuildingLanguage, "Comparison of quotes"), BrusselsTime.Today.ToString("d", Languages.Culture(Item.BuildingLanguage)), Item.BuildingName);

    public sealed record ComparisonModel(WorksData.Request Request, IReadOnlyList<WorksData.Line> Lines);

    private IActionResult Refused(string field, string message, params object[] args)
    {
        ModelState.AddModelError(field, l[message, args]);
        return Page();
    }

    public async Task<IActionResult> OnPostInvite(long id)
    {
        if (!IsSyndic || !await Load(id)) return NotFound();
        if (!WorksRequests.TakesQuotes(Item.State)) return Refused(nameof(SupplierIds), "This request no longer takes quotes.");
        var chosen = Contractors.Where(c => SupplierIds.Contains(c.Id)).ToList();
        if (chosen.Count == 0 || chosen.Count != SupplierIds.Distinct().Count()) return Refused(nameof(SupplierIds), "Choose at least one contractor of the list.");
        if (chosen.FirstOrDefault(c => c.Email is null) is { } noMail) return Refused(nameof(SupplierIds), "{0} has no e-mail address: add one on the suppliers' page, or type their quote in.", noMail.Name);
        foreach (var c in chosen)
        {
            await db.Execute("""
                insert into works_request_invitations (request_id, supplier_id, invited_by) values (@id, @supplier, @ViewerUserId) on conflict do nothing
                """, User.Viewer().Params(new { id, supplier = c.Id }));
            await SendLink(c.Id, invitation: true);
        }
        TempData["Notice"] = "The contractors are invited: each received a personal link by e-mail.";
        return Redirect($"/works/{id}#contractors");
    }

    /// <summary>A new personal link for an invited contractor whose link expired or got lost.</summary>
    public async Task<IActionResult> OnPostLink(long id, long supplier)
    {
        if (!IsSyndic || !await Load(id)) return NotFound();
        if (Invited.All(i => i.SupplierId != supplier)) return NotFound();
        await SendLink(supplier, invitation: false);
        TempData["Notice"] = "A new personal link is on its way.";
        return Redirect($"/works/{id}#contractors");
    }

    private async Task SendLink(long supplierId, bool invitation)
    {
        var s = await db.QuerySingle<(string Name, string? Email, string Language)>("select name, email, language from suppliers where id = @supplierId", new { supplierId });
        if (s.Email is null) return;
        var token = await KoproGo.Web.Pages.Contractors.ContractorAccess.Issue(db, User.Viewer().OrganisationId, supplierId, User.Viewer().UserId, replacing: !invitation);
        var news = invitation
            ? new Notifier.News("Request for a quote: {0}", [Item.Title], "{0} asks you for a quote for works at {1}, by {2:D}. Your personal link works for 72 hours; ask for a new one from it when it has expired.",
                [User.Viewer().Name, Item.BuildingName, Item.AnswerBy.ToDateTime(TimeOnly.MinValue)], $"/c/{token}")
            : new Notifier.News("Your personal link", [], "Here is a new personal link to your requests for quotes and orders. It works for 72 hours.", [], $"/c/{token}");
        await notifier.MailTo(db, new Notifier.Address(s.Email, s.Name, s.Language, User.Viewer().OrganisationId), news, Item.BuildingId);
        await AuditLog.Record(db, User.Viewer(), "supplier", supplierId, "link_sent", AuditLog.Says("{0}: personal link for {1}", Item.Title, s.Name));
    }

    /// <summary>A quote received on paper, typed in by the syndic (replacing that contractor's earlier one).</summary>
    public async Task<IActionResult> OnPostPaper(long id, CancellationToken cancellationToken)
    {
        if (!IsSyndic || !await Load(id)) return NotFound();
        var check = new FormCheck(ModelState, l, nameof(Paper));
        var supplier = check.Choice(nameof(Paper.Supplier), Paper.Supplier, [.. Contractors.Select(c => c.Id.ToString())]);
        var quote = Paper.Check(check, BrusselsTime.Today);
        if (!WorksRequests.TakesQuotes(Item.State)) check.Error(nameof(Paper.Supplier), "This request no longer takes quotes.");
        var pdfSent = await DocumentRules.PdfSent(Pdf, ModelState, l, nameof(Pdf), "Send the quote as a PDF file.");
        if (!ModelState.IsValid) return Page();
        var supplierId = long.Parse(supplier!);
        var documentId = !pdfSent ? null : (long?)await QuoteInput.StorePdf(db, storage, User.Viewer(), Item, Contractors.First(c => c.Id == supplierId).Name, Pdf!, cancellationToken);
        var quoteId = await quote!.Save(db, id, supplierId, documentId, enteredBy: User.Viewer().UserId, linkId: null);
        await AuditLog.Record(db, User.Viewer(), "quote", quoteId, "entered",
            AuditLog.Says("{0}: quote of {1}, {2} excl. VAT", Item.Title, Contractors.First(c => c.Id == supplierId).Name, quote.AmountExclVat), after: quote);
        TempData["Notice"] = "The quote is recorded.";
        return Redirect($"/works/{id}#comparison");
    }

    private WorksData.Quote? ChosenQuote(string field, string? chosen)
    {
        var quote = long.TryParse(chosen, out var qid) ? Quotes.FirstOrDefault(q => q.Id == qid) : null;
        if (quote is null) ModelState.AddModelError(field, l["Choose one of the quotes."]);
        else if (quote.Expired) ModelState.AddModelError(field, l["This quote was valid until {0:d}: ask the contractor to confirm it.", quote.ValidUntil.ToDateTime(TimeOnly.MinValue)]);
        return quote;
    }

    /// <summary>The reason for accepting with fewer quotes than the threshold asks (art. 3.88 §1), or null with an error when missing.</summary>
    private string? FewerQuotesReason(WorksData.Quote quote, string field, string? text)
    {
        var reason = FormInput.Trimmed(text);
        if (reason?.Length > 1000) ModelState.AddModelError(field, l["This is too long: at most {0} characters.", 1000]);
        if (!WorksRequests.NeedsReasonForFewerQuotes(Item.Estimate, quote.AmountInclVat, Item.TenderThreshold, Quotes.Count)) return reason;
        if (reason is null)
            ModelState.AddModelError(field, l["Above {0:C} three quotes are needed: there are {1}. Say why you go on with fewer.", Item.TenderThreshold, Quotes.Count]);
        return reason;
    }

    public async Task<IActionResult> OnPostAccept(long id)
    {
        if (!await Load(id) || !MayDecide) return NotFound();
        if (Item.State != "collecting") return Refused("Decision.Quote", "This request is already decided or on an assembly's agenda.");
        var quote = ChosenQuote("Decision.Quote", Decision.Quote);
        var how = IsSyndic ? FormInput.Trimmed(Decision.How) : "delegated";
        if (how is not ("urgent" or "delegated")) ModelState.AddModelError("Decision.How", l["Choose one of the answers offered."]);
        var reason = FormInput.Trimmed(Decision.Reason);
        if (how == "urgent" && reason is null) ModelState.AddModelError("Decision.Reason", l["Say why the works cannot wait for the assembly."]);
        else if (reason?.Length > 1000) ModelState.AddModelError("Decision.Reason", l["This is too long: at most {0} characters.", 1000]);
        if (quote is not null && how == "delegated")
        {
            // the board's form has no "why" field: its message goes by the quote
            if (!WorksRequests.MayDecideWithoutAssembly(WorksRequests.DecidedBy.Delegated, quote.AmountInclVat, Item.WorksDelegatedAmount))
                ModelState.AddModelError(IsSyndic ? "Decision.How" : "Decision.Quote", l["The assembly delegated works up to {0:C}: this quote is {1:C}. Put it to the assembly.", Item.WorksDelegatedAmount, quote.AmountInclVat]);
            else if (IsSyndic && Item.WorksDelegatedTo == "board")
                ModelState.AddModelError("Decision.How", l["The assembly delegated these works to the board: a board member accepts the quote."]);
        }
        var fewer = quote is null ? null : FewerQuotesReason(quote, "Decision.FewerQuotesReason", Decision.FewerQuotesReason);
        if (!ModelState.IsValid) return Page();
        if (!await WorksDecisions.Accept(db, notifier, User.Viewer(), Item, quote!.Id, how!, reason, fewer))
            return Refused("Decision.Quote", "This request is already decided or on an assembly's agenda.");
        TempData["Notice"] = "The quote is accepted; the contractors are told.";
        return Redirect($"/works/{id}");
    }

    /// <summary>Puts the chosen quote to the vote of a draft assembly: the agenda item (works, 2/3) with the comparison attached.</summary>
    public async Task<IActionResult> OnPostAssembly(long id, CancellationToken cancellationToken)
    {
        if (!IsSyndic || !await Load(id)) return NotFound();
        if (Item.State != "collecting") return Refused("Decision.Assembly", "This request is already decided or on an assembly's agenda.");
        var assembly = long.TryParse(Decision.Assembly, out var aid) ? Assemblies.FirstOrDefault(a => a.Id == aid) : null;
        if (assembly is null) ModelState.AddModelError("Decision.Assembly", l["Choose an assembly still being prepared."]);
        var quote = ChosenQuote("Decision.ProposedQuote", Decision.ProposedQuote);
        var fewer = quote is null ? null : FewerQuotesReason(quote, "Decision.ProposalFewerQuotesReason", Decision.ProposalFewerQuotesReason);
        if (!ModelState.IsValid) return Page();
        var language = Item.BuildingLanguage;
        string T(string key, params object[] args) => string.Format(Languages.Culture(language), Languages.Text(language, key), args);
        var title = T("Works: {0}", Item.Title);
        var body = T("The assembly is asked to approve the works \"{0}\" on the quote of {1} for {2:C} VAT included ({3} quotes compared, see the attached comparison). Majority of two thirds (Civil Code art. 3.88 §1, 1° b).",
            Item.Title, quote!.SupplierName, quote.AmountInclVat, Quotes.Count);
        if (fewer is not null) body += "\n" + T("Fewer quotes than the threshold asks: {0}", fewer);
        var itemId = await KoproGo.Web.Pages.Assemblies.AssemblyData.AppendItem(db, aid, FormInput.Cut(title, 200), body, WorksRequests.AgendaKind.ToCode(),
            DecisionKinds.SuggestedMajority(WorksRequests.AgendaKind)!.Value.ToCode(), draftOnly: true);
        var file = await pdf.Render("/Pdf/QuoteComparison.cshtml", ComparisonPdf(), language, Frame(), cancellationToken);
        using var content = new MemoryStream(file);
        var documentId = await DocumentRules.Store(db, storage, User.Viewer(),
            new DocumentRules.NewDocument(Item.BuildingId, "contracts", "owners", FormInput.Cut(T("Comparison of quotes: {0}", Item.Title), 200),
                "quote-comparison.pdf", "application/pdf", Generated: true), content, cancellationToken);
        await db.Execute("insert into agenda_item_documents (agenda_item_id, document_id) values (@itemId, @documentId)", new { itemId, documentId });
        await db.Execute("""
            update works_requests set state = 'to_assembly', agenda_item_id = @itemId, proposed_quote_id = @quoteId, fewer_quotes_reason = @fewer where id = @id
            """, new { itemId, quoteId = quote.Id, fewer, id });
        await AuditLog.Record(db, User.Viewer(), "works_request", id, "put_to_assembly", AuditLog.Says("{0}: quote of {1} put to the assembly of {2}", Item.Title, quote.SupplierName,
            BrusselsTime.FromUtc(assembly!.MeetingAt)), after: new { assembly = aid, agenda_item = itemId, quote = quote.Id, fewer_quotes_reason = fewer });
        TempData["Notice"] = "The works are on the assembly's agenda, with the comparison attached.";
        return Redirect($"/assemblies/{aid}#agenda");
    }

    public async Task<IActionResult> OnPostCancel(long id)
    {
        if (!IsSyndic || !await Load(id)) return NotFound();
        var reason = FormInput.Trimmed(CancelReason);
        if (!WorksRequests.CanMove(Item.State, "cancelled")) ModelState.AddModelError(nameof(CancelReason), l["This request is already decided or on an assembly's agenda."]);
        else if (reason is null) ModelState.AddModelError(nameof(CancelReason), l["Say why it is cancelled."]);
        else if (reason.Length > 500) ModelState.AddModelError(nameof(CancelReason), l["This is too long: at most {0} characters.", 500]);
        if (!ModelState.IsValid) return Page();
        try
        {
            // An item on a draft agenda goes with the request.
            if (Item.AgendaItemId is { } itemId)
                await db.Execute("delete from agenda_items i using assemblies a where i.id = @itemId and a.id = i.assembly_id and a.status = 'draft'", new { itemId });
            await db.Execute("update works_requests set state = 'cancelled', cancel_reason = @reason, agenda_item_id = null, proposed_quote_id = null where id = @id and state in ('collecting', 'to_assembly')",
                new { id, reason });
        }
        catch (PostgresException e) when (e.ConstraintName == "works_requests_state_transition")
        {
            await db.Rollback();
            await Load(id);
            return Refused(nameof(CancelReason), "This request is already decided or on an assembly's agenda.");
        }
        await AuditLog.Record(db, User.Viewer(), "works_request", id, "cancelled", AuditLog.Says("{0}: {1}", Item.Title, reason));
        TempData["Notice"] = "The works request is cancelled.";
        return Redirect($"/works/{id}");
    }
}
