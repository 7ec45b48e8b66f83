using KoproGo.Domain;
using KoproGo.Domain.Accounting;
using KoproGo.Domain.Buildings;
using KoproGo.Domain.Sales;
using KoproGo.Web.Infrastructure;
using KoproGo.Web.Infrastructure.Documents;
using KoproGo.Web.Infrastructure.Mail;
using KoproGo.Web.Infrastructure.Pdf;
using KoproGo.Web.Pages.Accounting;
using KoproGo.Web.Pages.Documents;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.Extensions.Localization;
using Npgsql;

namespace KoproGo.Web.Pages.EtatDates;

/// <summary>
/// One état daté: the notary's request and its deadline, the figures of the lots with where each comes from, and the
/// steps: start, generate the numbered PDF in the notary's language, deliver it by e-mail with the minutes and the
/// insurance policy, and after the deed record the transfer (new owner, working capital settled between seller and buyer).
/// </summary>
[Authorize(Policy = Policies.Staff)]
public sealed class ShowModel(Db db, IStringLocalizer<SharedResource> l, PdfRenderer pdf, IDocumentStorage storage, Outbox outbox) : PageModel
{
    public sealed class TransferInput
    {
        public string? TransferOn { get; set; }
        public string? BuyerId { get; set; }
    }

    [BindProperty] public string? CancelReason { get; set; }
    [BindProperty] public TransferInput Transfer { get; set; } = new();

    public EtatDate Item { get; private set; } = null!;
    public EtatDateFigures Figures { get; private set; } = null!;
    public IReadOnlyList<(string Value, string Text)> Buyers { get; private set; } = [];
    public bool IsSyndic { get; private set; }

    private async Task<bool> Load(long id)
    {
        var viewer = User.Viewer();
        if (await EtatDate.Find(db, viewer, id) is not { } request) return false;
        Item = request;
        IsSyndic = viewer.IsSyndic;
        Figures = await EtatDateFigures.Load(db, request, request.ReferenceOn ?? BrusselsTime.Today);
        if (request.State == "delivered" && request.TransferOn is null)
            Buyers = await Owners.OwnerChoices.Of(db, viewer, l);
        return true;
    }

    public async Task<IActionResult> OnGet(long id) => await Load(id) ? Page() : NotFound();

    /// <summary>A move of the state machine, checked again by the database's trigger, with its line in the audit log.</summary>
    private async Task<bool> Move(string to, string action, string extraSet = "", object? extra = null)
    {
        if (!EtatDateRules.MayMove(Item.State, to)) return false;
        var args = new Dapper.DynamicParameters(extra);
        args.AddDynamicParams(new { id = Item.Id, to, from = Item.State });
        var moved = await db.Execute($"update etat_dates set state = @to{extraSet} where id = @id and state = @from", args);
        if (moved == 0) return false;
        await AuditLog.Record(db, User.Viewer(), "etat_date", Item.Id, action,
            AuditLog.Says("État daté {0} for {1}: {2}", Item.Number ?? $"#{Item.Id}", Item.NotaryName, new AuditLog.Term(Labels.EtatDateState(to))));
        return true;
    }

    private IActionResult Back(string? notice = null)
    {
        if (notice is not null) TempData["Notice"] = notice;
        return Redirect($"/etats-dates/{Item.Id}");
    }

    private IActionResult Refused() => Back("This step is not possible any more: the état daté has moved on meanwhile.");

    public async Task<IActionResult> OnPostStart(long id)
    {
        if (!await Load(id)) return NotFound();
        return await Move("in_progress", "preparing") ? Back("The état daté is in progress.") : Refused();
    }

    public async Task<IActionResult> OnPostReopen(long id)
    {
        if (!await Load(id)) return NotFound();
        return await Move("in_progress", "reopened") ? Back("The état daté is reopened: generate it again once corrected.") : Refused();
    }

    /// <summary>
    /// Takes the figures of today into the PDF in the notary's language, kept as a document of the building (staff only).
    /// The number is given the first time, the next of the organisation's sequence of the year.
    /// </summary>
    public async Task<IActionResult> OnPostGenerate(long id, CancellationToken cancellationToken)
    {
        if (!await Load(id)) return NotFound();
        if (Item.State is not ("in_progress" or "generated")) return Refused();
        var viewer = User.Viewer();
        var today = BrusselsTime.Today;
        var number = Item.Number;
        if (number is null)
        {
            // one numbering at a time per organisation: the rank is read and used in the same transaction
            await db.Execute("select pg_advisory_xact_lock(hashtext('etat_date_number'), @OrganisationId::int)", Item);
            var rank = await db.Scalar<int>("select count(*) + 1 from etat_dates where organisation_id = @OrganisationId and number like @prefix",
                new { Item.OrganisationId, prefix = $"ED-{today.Year}-%" });
            number = EtatDateRules.Number(today.Year, rank);
        }
        Item = Item with { Number = number, ReferenceOn = today };
        Figures = await EtatDateFigures.Load(db, Item, today);
        var culture = Languages.Culture(Item.Language);
        var bytes = await pdf.Render("/Pdf/EtatDate.cshtml", Figures, Item.Language,
            new PdfFrame(Languages.Text(Item.Language, "État daté"), today.ToString("d", culture), number), cancellationToken);
        var documentId = await DocumentRules.Store(db, storage, viewer, new DocumentRules.NewDocument(Item.BuildingId, "other", "syndic",
            $"{Languages.Text(Item.Language, "État daté")} {number}", Item.FileName, "application/pdf", Generated: true), new MemoryStream(bytes), cancellationToken);
        if (Item is { State: "generated" })
        {
            await db.Execute("update etat_dates set document_id = @documentId, reference_on = @today, generated_at = now() where id = @Id",
                new { documentId, today, Item.Id });
            await AuditLog.Record(db, viewer, "etat_date", Item.Id, "generated", AuditLog.Says("État daté {0} generated again", number));
            return Back("The état daté was generated again with today's figures.");
        }
        if (!await Move("generated", "generated", ", number = @number, document_id = @documentId, reference_on = @today, generated_at = now()",
                new { number, documentId, today }))
            return Refused();
        return Back("The état daté is generated: read it, then deliver it to the notary.");
    }

    /// <summary>Mails the PDF to the notary with the minutes and the insurance policy attached; valid 90 days from today.</summary>
    public async Task<IActionResult> OnPostDeliver(long id)
    {
        if (!await Load(id)) return NotFound();
        if (Item.State != "generated" || Item.DocumentId is null) return Refused();
        var files = new List<MailAttachment>();
        foreach (var documentId in Figures.Attachments.Prepend(Item.DocumentId.Value))
        {
            var doc = await db.QuerySingle<(string FileName, string ContentType, string StorageKey)>(
                "select file_name, content_type, storage_key from documents where id = @documentId", new { documentId });
            await using var stream = storage.Open(doc.StorageKey);
            using var copy = new MemoryStream();
            await stream.CopyToAsync(copy);
            files.Add(new MailAttachment(doc.FileName, doc.ContentType, copy.ToArray()));
        }
        var expires = EtatDateRules.ExpiresOn(BrusselsTime.Today);
        if (!await Move("delivered", "delivered", ", delivered_at = now(), expires_on = @expires", new { expires })) return Refused();
        await outbox.Enqueue(db, new MailRequest(Item.NotaryEmail, Item.NotaryName, Item.Language, MailKinds.Legal, "EtatDate", Item with { ExpiresOn = expires })
        {
            OrganisationId = Item.OrganisationId, BuildingId = Item.BuildingId, Footer = await MailFooter.Of(db, Item.BuildingId),
            DedupeKey = $"etat-date:{Item.Id}", Attachments = files,
        });
        return Back("The état daté is on its way to the notary.");
    }

    public async Task<IActionResult> OnPostCancel(long id)
    {
        if (!await Load(id)) return NotFound();
        var reason = new FormCheck(ModelState, l, "").Required(nameof(CancelReason), CancelReason, 300);
        if (!ModelState.IsValid) return Page();
        return await Move("cancelled", "cancelled", ", cancel_reason = @reason", new { reason }) ? Back("The request is cancelled.") : Refused();
    }

    /// <summary>
    /// After the deed: the buyer holds the lots from the transfer date (the sellers' holdings end), and the part of the
    /// sellers' working-capital provisions for the rest of the period goes from the buyer's account to theirs (art. 3.94);
    /// the reserve fund stays with the association.
    /// </summary>
    public async Task<IActionResult> OnPostTransfer(long id)
    {
        if (!await Load(id)) return NotFound();
        if (!IsSyndic) return Forbid();
        if (Item.State != "delivered" || Item.TransferOn is not null) return Refused();
        var check = new FormCheck(ModelState, l, nameof(Transfer));
        var on = check.Date(nameof(Transfer.TransferOn), Transfer.TransferOn, required: true);
        var buyer = Buyers.Any(b => b.Value.Length > 0 && b.Value == Transfer.BuyerId) ? long.Parse(Transfer.BuyerId!) : (long?)null;
        if (buyer is null) check.Error(nameof(Transfer.BuyerId), "Choose an owner from the list.");
        if (on is not null && on > BrusselsTime.Today) check.Error(nameof(Transfer.TransferOn), "Record the transfer once the deed is signed.");
        if (on is not null && Item.DeliveredAt is { } delivered && on < DateOnly.FromDateTime(delivered.AddDays(-1)))
            check.Error(nameof(Transfer.TransferOn), "The deed comes after the état daté was delivered.");
        var sellers = on is null ? [] : await db.Query<(long LotId, long OwnerId)>("""
            select o.lot_id, o.owner_id from lot_ownerships o join etat_date_lots x on x.lot_id = o.lot_id
            where x.etat_date_id = @id and o.valid_from <= @on and (o.valid_to is null or o.valid_to > @on)
            """, new { id, on });
        if (buyer is not null && sellers.Any(s => s.OwnerId == buyer)) check.Error(nameof(Transfer.BuyerId), "The buyer already holds these lots.");
        if (on is not null && await db.Scalar<bool>("""
                select exists (select 1 from lot_ownerships o join etat_date_lots x on x.lot_id = o.lot_id where x.etat_date_id = @id and o.valid_from >= @on)
                """, new { id, on }))
            check.Error(nameof(Transfer.TransferOn), "The lots already have owners recorded from a later date.");
        if (!ModelState.IsValid) return Page();

        var viewer = User.Viewer();
        var frequency = Codes.TryParse<CallFrequency>(await db.Scalar<string?>(
            "select frequency from provision_plans where building_id = @BuildingId and year = @year", new { Item.BuildingId, year = on!.Value.Year }), out var f)
            ? f : CallFrequency.Quarterly;
        var (starts, ends) = EtatDateRules.PeriodAround(on.Value, frequency);
        // what each seller was called for the lots' running charges of the period, and the part after the transfer
        var called = await db.Query<(long OwnerId, decimal Amount)>("""
            select i.owner_id, sum(f.amount) from fund_call_lots f join fund_call_items i on i.id = f.item_id join fund_calls k on k.id = i.call_id
            join etat_date_lots x on x.lot_id = f.lot_id
            where x.etat_date_id = @id and k.kind = 'working_capital' and k.due_date between @starts and @ends and i.owner_id = any(@sellers)
            group by i.owner_id
            """, new { id, starts, ends, sellers = sellers.Select(s => s.OwnerId).Distinct().ToArray() });
        var settled = called.Select(c => (c.OwnerId, Amount: EtatDateRules.WorkingCapitalSettlement(c.Amount, starts, ends, on.Value))).Where(c => c.Amount > 0).ToList();
        try
        {
            long? entry = null;
            if (settled.Count > 0)
                entry = await Ledger.Post(db, viewer.UserId, Item.BuildingId, Journal.Misc, on.Value,
                    Languages.Text(Figures.Building.Language, "Working capital settled between seller and buyer") + $" {Item.Number}",
                    automatic: false,
                    [new PostingLine("410", settled.Sum(s => s.Amount), 0, buyer),
                     .. settled.Select(s => new PostingLine("410", 0, s.Amount, s.OwnerId))]);
            // after the entry: checking the shares now makes every deferred check immediate, the entry's balance too
            foreach (var lot in sellers.Select(s => s.LotId).Distinct())
                await Ownerships.Record(db, viewer.OrganisationId, lot, on.Value, [(buyer!.Value, Share.Whole, OwnershipRight.Full)]);
            await db.CheckDeferredConstraints();
            await db.Execute("""
                update etat_dates set transfer_on = @on, buyer_owner_id = @buyer, seller_ids = @sellerIds, settlement = @total, settlement_entry_id = @entry
                where id = @id
                """, new { id, on, buyer, sellerIds = sellers.Select(s => s.OwnerId).Distinct().ToArray(), total = settled.Sum(s => s.Amount), entry });
            await AuditLog.Record(db, viewer, "etat_date", id, "transfer_recorded",
                AuditLog.Says("État daté {0}: lots transferred on {1}, working capital settled {2}", Item.Number, on.Value, settled.Sum(s => s.Amount)),
                sellers.Select(s => new { s.LotId, s.OwnerId }), new { buyer, settled = settled.Select(s => new { s.OwnerId, s.Amount }) });
        }
        catch (PostgresException e) when (e.ConstraintName is "lot_shares_sum_to_whole" or "lot_ownerships_no_overlap" or "etat_dates_state_transition")
        {
            await db.Rollback();
            ModelState.AddModelError("", l["The owners of this lot were changed meanwhile by someone else. Nothing was saved: reload the page and try again."]);
            return Page();
        }
        catch (PostgresException e) when (Ledger.YearProblem(e) is { } problem)
        {
            await db.Rollback();
            check.Error(nameof(Transfer.TransferOn), problem);
            return Page();
        }
        return Back("The transfer is recorded: the buyer holds the lots and the working capital is settled.");
    }
}
