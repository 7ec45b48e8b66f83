using System.Globalization;
using KoproGo.Domain;
using KoproGo.Domain.Assemblies;
using KoproGo.Domain.Energy;
using KoproGo.Web.Infrastructure;
using KoproGo.Web.Infrastructure.Documents;
using KoproGo.Web.Infrastructure.Pdf;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.Extensions.Localization;
using Npgsql;

namespace KoproGo.Web.Pages.Energy;

/// <summary>
/// One group energy purchase. Owners (and residents where the building lets them) join with their consent, EAN codes,
/// yearly consumption (offered from their own meters), what they pay now and, if they want, their bill; they can leave
/// until the contract. The group's totals show from five participants only. The syndic moves the campaign along, puts it
/// to the assembly when the common supply is concerned, types the suppliers' offers and chooses one; everyone sees the
/// comparison (and the PDF for the assembly), a participant their own estimated saving.
/// </summary>
[Authorize]
[RequestFormLimits(MultipartBodyLengthLimit = MaxBillBytes + 64 * 1024)]
public sealed class CampaignModel(Db db, IStringLocalizer<SharedResource> l, IDataProtectionProvider protection, PdfRenderer pdf, Notifier notifier) : PageModel
{
    public const int MaxBillBytes = 5 * 1024 * 1024;

    public sealed class JoinInput
    {
        public bool Consent { get; set; }
        public string? ElectricityEan { get; set; }
        public string? DayKwh { get; set; }
        public string? NightKwh { get; set; }
        public string? CurrentPrice { get; set; }
        public string? CurrentFee { get; set; }
        public string? GasEan { get; set; }
        public string? GasKwh { get; set; }
        public string? GasPrice { get; set; }
        public string? GasFee { get; set; }
    }

    public sealed class OfferInput
    {
        public string? Supplier { get; set; }
        public string? Energy { get; set; }
        public string? DayPrice { get; set; }
        public string? NightPrice { get; set; }
        public string? YearlyFee { get; set; }
        public string? GreenPercent { get; set; }
        public string? Months { get; set; }
        public string? GuaranteedMonths { get; set; }
        public string? Service { get; set; }
    }

    public sealed class MoveInput
    {
        public string? To { get; set; }
        public string? Offer { get; set; }
        public string? Assembly { get; set; }
    }

    public sealed record Participant(long Id, long UserId, string Name, string BuildingName, DateTime ConsentedAt, string? ElectricityEan, string? GasEan,
        decimal? DayKwh, decimal? NightKwh, decimal? GasKwh, decimal? CurrentPrice, decimal? CurrentFee, decimal? GasPrice, decimal? GasFee, string? BillName);
    public sealed record DraftAssembly(long Id, string BuildingName, DateTime MeetingAt);

    [BindProperty] public JoinInput Join { get; set; } = new();
    [BindProperty] public IFormFile? Bill { get; set; }
    [BindProperty] public OfferInput NewOffer { get; set; } = new();
    [BindProperty] public MoveInput Move { get; set; } = new();

    public CampaignData.Found Found { get; private set; } = null!;
    public CampaignData.Campaign Campaign => Found.Campaign;
    public bool IsSyndic => User.Viewer().IsSyndic;
    public CampaignData.Totals Totals { get; private set; } = new(0, 0, 0, 0);
    /// <summary>The group's figures are shown from five participants (to the firm's staff, always).</summary>
    public bool ShowTotals => Found.Staff || GroupPurchase.AggregatesVisible(Totals.Participants);
    public IReadOnlyList<CampaignData.Offer> Offers { get; private set; } = [];
    public Participant? Mine { get; private set; }
    public IReadOnlyList<Participant> Participants { get; private set; } = [];
    public IReadOnlyList<DraftAssembly> Assemblies { get; private set; } = [];
    /// <summary>What the viewer's own meters measured over the last 12 months (electricity), offered as their consumption.</summary>
    public decimal? MetersKwh { get; private set; }

    public IEnumerable<string> Energies => Campaign.Energy == "both" ? ["electricity", "gas"] : [Campaign.Energy];

    /// <summary>The states the syndic may move the campaign to from here (the assembly's vote moves it to "voted").</summary>
    public IEnumerable<string> Moves => GroupPurchase.States.Where(s => s != GroupPurchase.Voted && GroupPurchase.MayMove(Campaign.State, s, Campaign.CommonSupply));

    private const string ParticipantColumns = """
        p.id, p.user_id, u.display_name as name, b.name as building_name, p.consented_at, p.electricity_ean, p.gas_ean, p.day_kwh, p.night_kwh, p.gas_kwh,
        p.current_price, p.current_fee, p.gas_price, p.gas_fee, p.bill_name
        """;

    private async Task<bool> Load(long id)
    {
        var viewer = User.Viewer();
        if (await CampaignData.Find(db, viewer, id) is not { } found) return false;
        Found = found;
        Totals = await CampaignData.Sum(db, id);
        Offers = await CampaignData.Offers(db, id);
        Mine = await db.QuerySingleOrDefault<Participant>($"""
            select {ParticipantColumns} from energy_participants p join users u on u.id = p.user_id join buildings b on b.id = p.building_id
            where p.campaign_id = @id and p.user_id = @ViewerUserId and p.left_at is null
            """, viewer.Params(new { id }));
        if (IsSyndic)
        {
            Participants = await db.Query<Participant>($"""
                select {ParticipantColumns} from energy_participants p join users u on u.id = p.user_id join buildings b on b.id = p.building_id
                where p.campaign_id = @id and p.left_at is null order by b.name, u.display_name limit 1000
                """, new { id });
            Assemblies = await db.Query<DraftAssembly>("""
                select a.id, b.name as building_name, a.meeting_at from assemblies a join buildings b on b.id = a.building_id
                join energy_campaign_buildings c on c.building_id = a.building_id
                where c.campaign_id = @id and a.status = 'draft' and a.meeting_at > now() order by a.meeting_at
                """, new { id });
        }
        return true;
    }

    public async Task<IActionResult> OnGet(long id)
    {
        if (!await Load(id)) return NotFound();
        if (Mine is null && Found.Theirs is { } theirs && Energies.Contains("electricity"))
        {
            // their own electricity meters over the last year, when they have some: offered, not imposed
            var today = BrusselsTime.Today;
            var lots = await db.Query<long>($"select l.id from lots l join lot_ownerships o on o.lot_id = l.id where l.building_id = @Id and o.owner_id = @ViewerOwnerId and {Ownerships.HeldToday}",
                User.Viewer().Params(new { theirs.Id }));
            var measured = (await LotMeters.Consumptions(db, theirs.Id, "electricity", today.AddYears(-1).AddDays(1), today)).Where(x => lots.Contains(x.LotId)).ToList();
            if (measured.Count > 0)
            {
                MetersKwh = decimal.Round(measured.Sum(x => x.Consumption), 0);
                Join.DayKwh = MetersKwh.Value.ToString("0", CultureInfo.CurrentCulture);
            }
        }
        return Page();
    }

    /// <summary>Takes part: consent first, then the connections of the campaign's energies (at least one).</summary>
    public async Task<IActionResult> OnPostJoin(long id, CancellationToken cancellationToken)
    {
        if (!await Load(id)) return NotFound();
        if (Found.Theirs is not { } building) return Forbid();
        if (Mine is not null)
        {
            // the form sent twice (a double click, the back button): they take part once
            TempData["Notice"] = "You take part already.";
            return Redirect($"/energy-campaigns/{id}");
        }
        var check = new FormCheck(ModelState, l, nameof(Join));
        if (!GroupPurchase.MayJoin(Campaign.State)) check.Error(nameof(Join.Consent), "This campaign takes no new participants.");
        if (!Join.Consent) check.Error(nameof(Join.Consent), "Tick the box to agree: without your consent, nothing is recorded.");
        string? Ean(string field, string? text)
        {
            var digits = FormInput.Trimmed(text)?.Replace(" ", "");
            if (digits is null) return null;
            if (!Domain.Energy.Ean.IsValid(digits)) check.Error(field, "An EAN code has 18 digits and starts with 54, as on your bill.");
            return digits;
        }
        decimal? Kwh(string field, string? text, bool required) => check.Decimal(field, text, 0, 1_000_000, required);
        decimal? Price(string field, string? text) => check.Decimal(field, text, 0.001m, 5m, required: false);
        var electricity = Energies.Contains("electricity") ? Ean(nameof(Join.ElectricityEan), Join.ElectricityEan) : null;
        var gas = Energies.Contains("gas") ? Ean(nameof(Join.GasEan), Join.GasEan) : null;
        var day = Kwh(nameof(Join.DayKwh), Join.DayKwh, required: electricity is not null);
        var night = Kwh(nameof(Join.NightKwh), Join.NightKwh, required: false);
        var gasKwh = Kwh(nameof(Join.GasKwh), Join.GasKwh, required: gas is not null);
        var (price, fee) = (Price(nameof(Join.CurrentPrice), Join.CurrentPrice), check.Decimal(nameof(Join.CurrentFee), Join.CurrentFee, 0, 10_000, required: false));
        var (gasPrice, gasFee) = (Price(nameof(Join.GasPrice), Join.GasPrice), check.Decimal(nameof(Join.GasFee), Join.GasFee, 0, 10_000, required: false));
        if (electricity is null && gas is null)
            check.Error(Energies.Contains("electricity") ? nameof(Join.ElectricityEan) : nameof(Join.GasEan), "Give the EAN code of at least one connection.");
        byte[]? bill = null;
        if (Bill is { Length: > 0 })
        {
            await using var content = Bill.OpenReadStream();
            var file = new FormCheck(ModelState, l, "");
            if (Bill.Length > MaxBillBytes) file.Error(nameof(Bill), "This file is larger than 5 MB.");
            else if (FileKinds.Recognise(content) != FileKinds.Pdf) file.Error(nameof(Bill), "Send your bill as a PDF file.");
            else
            {
                using var buffer = new MemoryStream();
                await content.CopyToAsync(buffer, cancellationToken);
                bill = CampaignData.Bills(protection).Protect(buffer.ToArray());
            }
        }
        if (!ModelState.IsValid) return Page();
        var viewer = User.Viewer();
        try
        {
            await db.Execute("""
                insert into energy_participants (campaign_id, building_id, user_id, consent, electricity_ean, gas_ean, day_kwh, night_kwh, gas_kwh,
                    current_price, current_fee, gas_price, gas_fee, bill, bill_name)
                values (@id, @buildingId, @ViewerUserId, @consent, @electricity, @gas, @day, @night, @gasKwh, @price, @fee, @gasPrice, @gasFee, @bill, @billName)
                """, viewer.Params(new
            {
                id, buildingId = building.Id, consent = l["I agree that the syndic uses these details (EAN codes, consumption, bill) only for this group purchase, and shares them with the suppliers asked for an offer; I can leave until the contract is signed, and they are then erased."].Value,
                electricity, gas, day = electricity is null ? null : day, night = electricity is null ? null : (decimal?)(night ?? 0m), gasKwh = gas is null ? null : gasKwh,
                price = electricity is null ? null : price, fee = electricity is null ? null : fee, gasPrice = gas is null ? null : gasPrice, gasFee = gas is null ? null : gasFee,
                bill, billName = bill is null ? null : FormInput.Cut(Path.GetFileName(Bill!.FileName) is { Length: > 0 } n ? n : "bill.pdf", 200),
            }));
        }
        catch (PostgresException e) when (e.ConstraintName == "energy_participants_once")
        {
            await db.Rollback();
            check.Error(nameof(Join.Consent), "You take part already.");
            return Page();
        }
        await AuditLog.Record(db, viewer, "energy_campaign", id, "joined", AuditLog.Says("{0} joins the group purchase {1}", viewer.Name, Campaign.Title));
        TempData["Notice"] = "You take part: the syndic will send you the offers.";
        return Redirect($"/energy-campaigns/{id}");
    }

    /// <summary>Leaves the campaign (until the contract): the consent stays on record with its withdrawal, everything else is erased.</summary>
    public async Task<IActionResult> OnPostLeave(long id)
    {
        if (!await Load(id)) return NotFound();
        if (Mine is null) return Redirect($"/energy-campaigns/{id}");
        if (!GroupPurchase.MayLeave(Campaign.State))
        {
            ModelState.AddModelError("Leave", l["The contract is signed: leaving is no longer possible here; see the supplier's terms."]);
            return Page();
        }
        await db.Execute("""
            update energy_participants set left_at = now(), electricity_ean = null, gas_ean = null, day_kwh = null, night_kwh = null, gas_kwh = null,
                current_price = null, current_fee = null, gas_price = null, gas_fee = null, bill = null, bill_name = null
            where id = @Id and left_at is null
            """, new { Mine.Id });
        await AuditLog.Record(db, User.Viewer(), "energy_campaign", id, "left", AuditLog.Says("{0} leaves the group purchase {1}", User.Viewer().Name, Campaign.Title));
        TempData["Notice"] = "You left the campaign: your details and your bill are erased.";
        return Redirect($"/energy-campaigns/{id}");
    }

    /// <summary>A participant's bill, decrypted: to themselves and to the syndic only.</summary>
    public async Task<IActionResult> OnGetBill(long id, long participant)
    {
        if (!await Load(id)) return NotFound();
        if (!(IsSyndic || Mine?.Id == participant)) return NotFound();
        var row = await db.QuerySingleOrDefault<(byte[]? Bill, string? Name)>(
            "select bill, bill_name from energy_participants where id = @participant and campaign_id = @id and left_at is null", new { participant, id });
        return row.Bill is not null && CampaignData.Decrypt(protection, row.Bill) is { } pdfBytes ? File(pdfBytes, "application/pdf", row.Name) : NotFound();
    }

    /// <summary>The syndic types a supplier's offer in.</summary>
    public async Task<IActionResult> OnPostOffer(long id)
    {
        if (!await Load(id)) return NotFound();
        if (!IsSyndic) return Forbid();
        var check = new FormCheck(ModelState, l, nameof(NewOffer));
        if (Campaign.State is not (GroupPurchase.Collecting or GroupPurchase.Negotiating))
            check.Error(nameof(NewOffer.Supplier), "Offers are typed in while the campaign gathers them.");
        var supplier = check.Required(nameof(NewOffer.Supplier), NewOffer.Supplier, 120);
        var energy = Energies.Count() == 1 ? Energies.Single() : check.Choice(nameof(NewOffer.Energy), NewOffer.Energy, [.. Energies]);
        var day = check.Decimal(nameof(NewOffer.DayPrice), NewOffer.DayPrice, 0.001m, 5m, required: true);
        var night = check.Decimal(nameof(NewOffer.NightPrice), NewOffer.NightPrice, 0.001m, 5m, required: false);
        var fee = check.Decimal(nameof(NewOffer.YearlyFee), NewOffer.YearlyFee, 0, 10_000, required: true);
        var green = check.Decimal(nameof(NewOffer.GreenPercent), NewOffer.GreenPercent, 0, 100, required: true);
        var months = check.Integer(nameof(NewOffer.Months), NewOffer.Months, 1, 120, required: true);
        var guaranteed = check.Integer(nameof(NewOffer.GuaranteedMonths), NewOffer.GuaranteedMonths, 0, 120, required: true);
        var service = check.Integer(nameof(NewOffer.Service), NewOffer.Service, 1, 5, required: true);
        if (months is not null && guaranteed > months) check.Error(nameof(NewOffer.GuaranteedMonths), "The price cannot be guaranteed longer than the contract.");
        if (!ModelState.IsValid) return Page();
        try
        {
            await db.Execute("""
                insert into energy_offers (campaign_id, supplier, energy, day_price, night_price, yearly_fee, green_percent, months, guaranteed_months, service)
                values (@id, @supplier, @energy, @day, @night, @fee, @green, @months, @guaranteed, @service)
                """, new { id, supplier, energy, day, night, fee, green, months, guaranteed, service });
        }
        catch (PostgresException e) when (e.ConstraintName == "energy_offers_campaign_id_supplier_energy_key")
        {
            await db.Rollback();
            check.Error(nameof(NewOffer.Supplier), "This supplier's offer for this energy is in already.");
            return Page();
        }
        await AuditLog.Record(db, User.Viewer(), "energy_campaign", id, "offer", AuditLog.Says("Offer of {0} for {1}", supplier!, Campaign.Title));
        TempData["Notice"] = "The offer is added to the comparison.";
        return Redirect($"/energy-campaigns/{id}#offers");
    }

    /// <summary>Moves the campaign along (the database refuses any other move); choosing an offer is the decision.</summary>
    public async Task<IActionResult> OnPostMove(long id)
    {
        if (!await Load(id)) return NotFound();
        if (!IsSyndic) return Forbid();
        var check = new FormCheck(ModelState, l, nameof(Move));
        var to = check.Choice(nameof(Move.To), Move.To, [.. Moves]);
        long? offer = null;
        if (to == GroupPurchase.Decided)
        {
            offer = long.TryParse(Move.Offer, out var o) && Offers.Any(x => x.Id == o) ? o : null;
            if (offer is null) check.Error(nameof(Move.Offer), "Choose the offer retained.");
        }
        if (!ModelState.IsValid) return Page();
        var ended = GroupPurchase.Ended(to!) ? BrusselsTime.Today : (DateOnly?)null;
        var moved = await db.Execute("""
            update energy_campaigns set state = @to, chosen_offer_id = coalesce(@offer, chosen_offer_id), ended_on = @ended where id = @id and state = @State
            """, new { id, to, offer, ended, Campaign.State });
        if (moved == 0) return Redirect($"/energy-campaigns/{id}"); // moved meanwhile: the page shows where it is
        await AuditLog.Record(db, User.Viewer(), "energy_campaign", id, "moved", AuditLog.Says("{0}: {1}", Campaign.Title, new AuditLog.Term(Labels.CampaignState(to!))));
        if (to == GroupPurchase.Collecting) await TellOwners(id);
        TempData["Notice"] = "Saved.";
        return Redirect($"/energy-campaigns/{id}");
    }

    /// <summary>The owners (and the residents let in) of the campaign's buildings learn they may join.</summary>
    private async Task TellOwners(long id)
    {
        var users = await db.Query<long>($"""
            select distinct u.id from energy_campaign_buildings c join buildings b on b.id = c.building_id
            join users u on u.organisation_id = b.organisation_id
            where c.campaign_id = @id and {CampaignData.MayTakePart("b", "u.owner_id", "u.id")}
            """, new { id });
        await notifier.Send(db, users, new Notifier.News("Group energy purchase: {0}", [Campaign.Title],
            "Your building takes part in a group purchase of energy. Join it if you wish: it is free and you can leave until the contract is signed.", [],
            $"/energy-campaigns/{id}"));
    }

    /// <summary>Puts the campaign to the vote of a draft assembly of one of its buildings (the common supply is concerned).</summary>
    public async Task<IActionResult> OnPostAgenda(long id)
    {
        if (!await Load(id)) return NotFound();
        if (!IsSyndic) return Forbid();
        var check = new FormCheck(ModelState, l, nameof(Move));
        if (Campaign.State != GroupPurchase.Draft || !Campaign.CommonSupply || Campaign.AgendaItemId is not null)
            check.Error(nameof(Move.Assembly), "Only a campaign being prepared for the common supply goes to the assembly, once.");
        var assembly = long.TryParse(Move.Assembly, out var aid) ? Assemblies.FirstOrDefault(a => a.Id == aid) : null;
        if (assembly is null) check.Error(nameof(Move.Assembly), "Choose an assembly still being prepared.");
        if (!ModelState.IsValid) return Page();
        var language = await db.Scalar<string>("select b.language from assemblies a join buildings b on b.id = a.building_id where a.id = @aid", new { aid });
        string T(string key, params object[] args) => string.Format(Languages.Culture(language!), Languages.Text(language!, key), args);
        var itemId = await KoproGo.Web.Pages.Assemblies.AssemblyData.AppendItem(db, aid, FormInput.Cut(T("Group energy purchase: {0}", Campaign.Title), 200),
            T("The assembly is asked to let the syndic buy the common parts' energy through the group purchase \"{0}\" and sign the contract of the best offer. Absolute majority (Civil Code art. 3.87 §3).", Campaign.Title),
            DecisionKind.Ordinary.ToCode(), DecisionKinds.SuggestedMajority(DecisionKind.Ordinary)!.Value.ToCode(), draftOnly: true);
        await db.Execute("update energy_campaigns set agenda_item_id = @itemId where id = @id", new { itemId, id });
        await AuditLog.Record(db, User.Viewer(), "energy_campaign", id, "put_to_assembly", AuditLog.Says("{0}: put to the assembly of {1}", Campaign.Title, BrusselsTime.FromUtc(assembly!.MeetingAt)));
        TempData["Notice"] = "The campaign is on the assembly's agenda: it opens to owners once voted.";
        return Redirect($"/assemblies/{aid}#agenda");
    }

    /// <summary>The comparison as a PDF in the first building's language, for the assembly or the participants.</summary>
    public async Task<IActionResult> OnGetPdf(long id, CancellationToken cancellationToken)
    {
        if (!await Load(id)) return NotFound();
        var language = Found.Buildings.FirstOrDefault()?.Language ?? "fr";
        var frame = new PdfFrame(Languages.Text(language, "Group energy purchase"), BrusselsTime.Today.ToString("d", Languages.Culture(language)), Campaign.Title);
        return await pdf.Download("/Pdf/EnergyComparison.cshtml", this, language, frame, "energy-comparison.pdf", cancellationToken);
    }

    /// <summary>The participant's own estimated yearly saving with an offer, when they said what they pay now.</summary>
    public decimal? SavingOf(CampaignData.Offer offer) => Mine switch
    {
        { CurrentPrice: { } p } m when offer.Energy == "electricity" && m.DayKwh is { } day =>
            GroupPurchase.Saving(p, m.CurrentFee ?? 0, day, m.NightKwh ?? 0, offer.Terms),
        { GasPrice: { } p } m when offer.Energy == "gas" && m.GasKwh is { } gas => GroupPurchase.Saving(p, m.GasFee ?? 0, gas, 0, offer.Terms),
        _ => null,
    };
}
