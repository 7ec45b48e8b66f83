using System.Globalization;
using System.Net;
using KoproGo.Domain.Energy;
using KoproGo.Tests.Pages.Works;
using KoproGo.Tests.Support;
using KoproGo.Web.Infrastructure;
using KoproGo.Web.Pages.Energy;
using Npgsql;

namespace KoproGo.Tests.Pages.Energy;

/// <summary>
/// A group energy purchase at Les Tilleuls: prepared by the syndic, opened to the owners, joined with consent and EAN
/// codes (and a bill, encrypted), the group's figures hidden under five participants and shown from five, offers
/// compared with each participant's saving and as a PDF, leaving until the contract; the bill deleted by the job at its
/// date; the assembly's vote for the common supply; tenancy and privacy.
/// </summary>
public class CampaignTests(App app) : AppTest(app)
{
    private static readonly CultureInfo En = Languages.Culture("en");

    /// <summary>A valid EAN of Belgium: 54, fifteen digits, the GS1 check digit.</summary>
    private static string EanOf(int n)
    {
        var seventeen = $"54{n:D15}";
        return seventeen + Ean.CheckDigit(seventeen);
    }

    private Task<long> Tilleuls() => Scalar<long>("select id from buildings where slug = 'residence-les-tilleuls'");

    /// <summary>Signed-in sessions of owners holding a lot at Les Tilleuls today (accounts made for those without one).</summary>
    private async Task<List<Session>> Owners(long building, int count)
    {
        var owners = await Query<long>($"""
            select distinct o.owner_id from lots l join lot_ownerships o on o.lot_id = l.id
            where l.building_id = {building} and {Ownerships.HeldToday} and not exists (select 1 from users u where u.owner_id = o.owner_id)
            order by 1 limit {count}
            """);
        var sessions = new List<Session>();
        foreach (var owner in owners)
        {
            var email = $"owner{owner}@example.be";
            var user = await Scalar<long>("""
                insert into users (organisation_id, email, display_name, password_hash, language, owner_id)
                select organisation_id, @email, 'Owner ' || @owner, (select password_hash from users where email = 'owner@demo.koprogo.be'), 'en', @owner
                from owners where id = @owner returning id
                """, new { email, owner });
            await Scalar<int>("insert into user_roles (user_id, role) values (@user, 'Owner') returning 1", new { user });
            sessions.Add(await SignedIn(email));
        }
        Assert.Equal(count, sessions.Count);
        return sessions;
    }

    private static async Task<HttpResponseMessage> Join(Session owner, long campaign, int n, string day = "2500", string night = "1000", byte[]? bill = null,
        string price = "0.35", string fee = "100", string consent = "true", string? ean = null)
    {
        var fields = new List<(string, string)> { ("Join.Consent", consent), ("Join.ElectricityEan", ean ?? EanOf(n)), ("Join.DayKwh", day), ("Join.NightKwh", night),
            ("Join.CurrentPrice", price), ("Join.CurrentFee", fee) };
        return bill is null ? await owner.Post($"/energy-campaigns/{campaign}?handler=join", [.. fields])
            : await owner.Upload($"/energy-campaigns/{campaign}?handler=join", "Bill", "facture.pdf", bill, [.. fields]);
    }

    private static async Task Move(Session syndic, long campaign, string to, string offer = "") =>
        Assert.Equal(HttpStatusCode.Redirect, (await syndic.Post($"/energy-campaigns/{campaign}?handler=move", ("Move.To", to), ("Move.Offer", offer))).StatusCode);

    private async Task<long> Campaign(Session syndic, long building, string title = "Électricité 2027", bool commonSupply = false)
    {
        var created = await syndic.Post($"/buildings/{building}/energy-campaigns", ("Input.Title", title), ("Input.Energy", "electricity"),
            ("Input.CommonSupply", commonSupply ? "true" : "false"));
        Assert.Equal(HttpStatusCode.Redirect, created.StatusCode);
        return long.Parse(created.Headers.Location!.OriginalString.Split('/')[2], CultureInfo.InvariantCulture);
    }

    [Fact]
    public async Task A_campaign_goes_from_consent_to_comparison_its_figures_shown_from_five_participants()
    {
        var building = await Tilleuls();
        var syndic = await SignedIn("syndic@demo.koprogo.be");
        await syndic.Post("/language", ("code", "en"), ("returnUrl", "/"));
        var bad = await Session.Parse(await syndic.Post($"/buildings/{building}/energy-campaigns", ("Input.Title", ""), ("Input.Energy", "coal"), ("Input.Buildings", "999999")));
        Assert.NotNull(bad.FieldError("Input.Title"));
        Assert.NotNull(bad.FieldError("Input.Energy"));
        Assert.Equal("Choose among the firm's buildings.", bad.QuerySelector("#Input_Buildings-error")?.TextContent);
        var campaign = await Campaign(syndic, building);
        var owner = await SignedIn("owner@demo.koprogo.be");
        await owner.Post("/language", ("code", "en"), ("returnUrl", "/"));
        // being prepared: the owners do not see it yet
        Assert.Equal(HttpStatusCode.NotFound, (await owner.GetRaw($"/energy-campaigns/{campaign}")).StatusCode);
        Assert.Empty((await owner.Get($"/buildings/{building}/energy-campaigns")).Texts("tbody th"));
        await Move(syndic, campaign, GroupPurchase.Collecting);
        var ownerUser = await Scalar<long>("select id from users where email = 'owner@demo.koprogo.be'");
        Assert.Equal(1, await Scalar<long>("select count(*) from notifications where user_id = @ownerUser and link = @link", new { ownerUser, link = $"/energy-campaigns/{campaign}" }));
        Assert.Equal(["Électricité 2027"], (await owner.Get($"/buildings/{building}/energy-campaigns")).Texts("tbody th"));

        // bad input: nothing recorded, each field says why, what was typed is kept
        var refused = await Session.Parse(await Join(owner, campaign, 1, consent: "false", ean: "541234567890123456", day: "lots", bill: "hello"u8.ToArray()));
        Assert.Equal("Tick the box to agree: without your consent, nothing is recorded.", refused.FieldError("Join.Consent"));
        Assert.Equal("An EAN code has 18 digits and starts with 54, as on your bill.", refused.FieldError("Join.ElectricityEan"));
        Assert.NotNull(refused.FieldError("Join.DayKwh"));
        Assert.Equal("Send your bill as a PDF file.", refused.FieldError("Bill"));
        Assert.Equal("541234567890123456", refused.FieldValue("Join.ElectricityEan"));
        Assert.Equal(0, await Scalar<long>("select count(*) from energy_participants"));
        // with consent, EAN, consumption and the bill
        Assert.Equal(HttpStatusCode.Redirect, (await Join(owner, campaign, 1, bill: Samples.MinimalPdf)).StatusCode);
        var stored = await Row<(string Consent, byte[] Bill, string Ean)>("select consent, bill, electricity_ean from energy_participants");
        Assert.StartsWith("I agree that the syndic uses these details", stored.Consent);
        Assert.Equal(EanOf(1), stored.Ean);
        Assert.False(stored.Bill.AsSpan().StartsWith("%PDF"u8), "the bill is stored encrypted");
        var mine = await owner.Get($"/energy-campaigns/{campaign}");
        var billLink = mine.QuerySelector("#mine ~ dl a")!.GetAttribute("href")!;
        Assert.Equal(Samples.MinimalPdf, await (await owner.GetRaw(billLink)).Content.ReadAsByteArrayAsync());
        Assert.Equal(HttpStatusCode.Redirect, (await Join(owner, campaign, 1)).StatusCode); // sent twice: once
        Assert.Equal(1, await Scalar<long>("select count(*) from energy_participants"));

        // three more: four participants, the group's figures stay hidden (on the page and in the PDF)
        var others = await Owners(building, 4);
        for (var i = 0; i < 3; i++) Assert.Equal(HttpStatusCode.Redirect, (await Join(others[i], campaign, 2 + i, day: "3000", night: "0")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await others[0].GetRaw(billLink)).StatusCode); // another's bill
        var four = await owner.Get($"/energy-campaigns/{campaign}");
        Assert.Contains("4 participants so far. The group's figures are shown from 5 participants", four.MainText());
        Assert.DoesNotContain("Electricity a year", four.MainText());

        // offers, typed by the syndic (refused when the guarantee outlasts the contract)
        var wrong = await Session.Parse(await syndic.Post($"/energy-campaigns/{campaign}?handler=offer", ("NewOffer.Supplier", "Lumen"), ("NewOffer.DayPrice", "0,28"),
            ("NewOffer.NightPrice", ""), ("NewOffer.YearlyFee", "60"), ("NewOffer.GreenPercent", "100"), ("NewOffer.Months", "12"), ("NewOffer.GuaranteedMonths", "24"), ("NewOffer.Service", "4")));
        Assert.Equal("The price cannot be guaranteed longer than the contract.", wrong.FieldError("NewOffer.GuaranteedMonths"));
        Assert.Equal("0,28", wrong.FieldValue("NewOffer.DayPrice"));
        foreach (var (supplier, day, night, fee, green, months, guaranteed, service) in new[]
                 { ("Lumen", "0.28", "", "60", "100", "12", "12", "4"), ("Volta", "0.26", "0.20", "90", "30", "36", "0", "3") })
            Assert.Equal(HttpStatusCode.Redirect, (await syndic.Post($"/energy-campaigns/{campaign}?handler=offer", ("NewOffer.Supplier", supplier), ("NewOffer.DayPrice", day),
                ("NewOffer.NightPrice", night), ("NewOffer.YearlyFee", fee), ("NewOffer.GreenPercent", green), ("NewOffer.Months", months),
                ("NewOffer.GuaranteedMonths", guaranteed), ("NewOffer.Service", service))).StatusCode);
        var fourPdf = await PdfText.Of(await (await owner.GetRaw($"/energy-campaigns/{campaign}?handler=pdf")).Content.ReadAsByteArrayAsync());
        Assert.Contains("Lumen", fourPdf);
        Assert.Contains("4 participants jusqu'ici", fourPdf); // (the building's language)
        Assert.DoesNotContain("Électricité par an", fourPdf);
        // nor the group's yearly cost, which would give its consumption away: a typical household's instead
        Assert.Contains("ménage type", fourPdf);
        Assert.DoesNotContain("pour le groupe", fourPdf);
        var typical = (await owner.Get($"/energy-campaigns/{campaign}")).QuerySelectorAll("#offers ~ .table-wrap tbody tr").Single(r => r.TextContent.Contains("Lumen")).TextContent;
        Assert.Contains(new EnergyOffer(0, 0.28m, null, 60, 100, 12, 12, 4).YearlyCost(2_333, 1_167).ToString("C", En), typical);
        await Move(syndic, campaign, GroupPurchase.Negotiating);

        // the fifth: the figures appear, the owner sees their saving with each offer
        Assert.Equal(HttpStatusCode.Redirect, (await Join(others[3], campaign, 5, day: "3000", night: "0")).StatusCode);
        var five = await owner.Get($"/energy-campaigns/{campaign}");
        Assert.Contains("Electricity a year", five.MainText());
        Assert.Contains(string.Format(En, "{0} kWh, of which", 15_500m.ToString("N0", En)), five.MainText());
        var lumen = new EnergyOffer(0, 0.28m, null, 60, 100, 12, 12, 4);
        var saving = GroupPurchase.Saving(0.35m, 100m, 2500, 1000, lumen);
        Assert.Equal(1225m + 100m - (3500 * 0.28m + 60m), saving);
        var lumenRow = five.QuerySelectorAll("#offers ~ .table-wrap tbody tr").Single(r => r.TextContent.Contains("Lumen")).TextContent;
        Assert.Contains(saving.ToString("C", En), lumenRow);
        // the group: 14,500 kWh by day and 1,000 at night; Lumen 4,400.00 a year, Volta 4,060.00
        var scores = OfferComparison.Scores([lumen, new EnergyOffer(1, 0.26m, 0.20m, 90, 30, 36, 0, 3)], 14_500, 1_000);
        Assert.Equal([4_400.00m, 4_060.00m], scores.Select(s => s.YearlyCost));
        Assert.Contains(4_060.00m.ToString("C", En), five.QuerySelectorAll("#offers ~ .table-wrap tbody tr").Single(r => r.TextContent.Contains("Volta")).TextContent);
        var pdfText = await PdfText.Of(await (await owner.GetRaw($"/energy-campaigns/{campaign}?handler=pdf")).Content.ReadAsByteArrayAsync());
        Assert.Contains("Volta", pdfText);
        Assert.Contains("Électricité par an", pdfText);
        Assert.Contains("BRUGEL", pdfText); // Les Tilleuls is in Brussels
        Assert.Contains(15_500m.ToString("N0", Languages.Culture("fr")).Replace('\u202f', ' ').Replace('\u00a0', ' '), pdfText.Replace('\u202f', ' ').Replace('\u00a0', ' '));

        // leaving before the contract erases the details; the figures are hidden again under five
        Assert.Equal(HttpStatusCode.Redirect, (await others[3].Post($"/energy-campaigns/{campaign}?handler=leave")).StatusCode);
        Assert.Equal(1, await Scalar<long>("select count(*) from energy_participants where left_at is not null and electricity_ean is null and day_kwh is null and consent like 'I agree%'"));
        Assert.DoesNotContain("Electricity a year", (await owner.Get($"/energy-campaigns/{campaign}")).MainText());
        // the syndic sees the participants and their bills; the decision takes an offer; after the contract nobody leaves
        var syndicPage = await syndic.Get($"/energy-campaigns/{campaign}");
        Assert.Equal(4, syndicPage.QuerySelectorAll("#participants ~ .table-wrap tbody tr").Length);
        var notChosen = await Session.Parse(await syndic.Post($"/energy-campaigns/{campaign}?handler=move", ("Move.To", GroupPurchase.Decided), ("Move.Offer", "")));
        Assert.Equal("Choose the offer retained.", notChosen.FieldError("Move.Offer"));
        var volta = await Scalar<long>("select id from energy_offers where supplier = 'Volta'");
        await Move(syndic, campaign, GroupPurchase.Decided, volta.ToString(CultureInfo.InvariantCulture));
        await Move(syndic, campaign, GroupPurchase.Contracted);
        var late = await Session.Parse(await owner.Post($"/energy-campaigns/{campaign}?handler=leave"));
        Assert.Contains("The contract is signed", late.QuerySelector(".error-summary")!.TextContent);
        await Move(syndic, campaign, GroupPurchase.Closed);
        Assert.Equal(BrusselsTime.Today, await Scalar<DateOnly>("select ended_on from energy_campaigns where id = @campaign", new { campaign }));
    }

    [Fact]
    public async Task The_bills_are_deleted_by_the_job_ninety_days_after_the_campaign_ended_not_a_day_before()
    {
        var building = await Tilleuls();
        var syndic = await SignedIn("syndic@demo.koprogo.be");
        var (ended, endedYesterday) = (await Campaign(syndic, building, "A"), await Campaign(syndic, building, "B"));
        var owner = await SignedIn("owner@demo.koprogo.be");
        foreach (var campaign in new[] { ended, endedYesterday })
        {
            await Move(syndic, campaign, GroupPurchase.Collecting);
            Assert.Equal(HttpStatusCode.Redirect, (await Join(owner, campaign, 7, bill: Samples.MinimalPdf)).StatusCode);
            await Move(syndic, campaign, GroupPurchase.Cancelled);
        }
        var today = BrusselsTime.Today;
        await Scalar<int>("update energy_campaigns set ended_on = @on where id = @ended returning 1", new { ended, on = today.AddDays(-GroupPurchase.BillRetentionDays) });
        await Scalar<int>("update energy_campaigns set ended_on = @on where id = @endedYesterday returning 1", new { endedYesterday, on = today.AddDays(-GroupPurchase.BillRetentionDays + 1) });
        await RunJob(EnergyBillsJob.Key);
        Assert.Equal([(ended, false), (endedYesterday, true)],
            await Query<(long, bool)>("select campaign_id, bill is not null from energy_participants order by campaign_id"));
        Assert.Equal(GroupPurchase.BillDeletedOn(today.AddDays(-GroupPurchase.BillRetentionDays)), today);
    }

    [Fact]
    public async Task For_the_common_supply_the_assembly_votes_before_the_owners_may_join()
    {
        var building = await Tilleuls();
        var syndic = await SignedIn("syndic@demo.koprogo.be");
        await syndic.Post("/language", ("code", "en"), ("returnUrl", "/"));
        var campaign = await Campaign(syndic, building, "Communs 2027", commonSupply: true);
        var straight = await Session.Parse(await syndic.Post($"/energy-campaigns/{campaign}?handler=move", ("Move.To", GroupPurchase.Collecting)));
        Assert.NotNull(straight.FieldError("Move.To"));
        var trigger = await Assert.ThrowsAsync<PostgresException>(() => Query<int>("update energy_campaigns set state = 'collecting' where id = @campaign returning 1", new { campaign }));
        Assert.Equal("energy_campaigns_state_transition", trigger.ConstraintName);
        var assembly = WorksRequestTests.IdOf(await syndic.Post($"/assemblies/edit?building={building}", ("Input.Kind", "ordinary"),
            ("Input.Date", WorksRequestTests.Day(20)), ("Input.Time", "18:30"), ("Input.Place", "Salle du Parc")), "/assemblies/");
        Assert.Equal(HttpStatusCode.Redirect, (await syndic.Post($"/energy-campaigns/{campaign}?handler=agenda", ("Move.Assembly", assembly.ToString(CultureInfo.InvariantCulture)))).StatusCode);
        var item = await Row<(long Id, string Majority, string Title)>("select id, majority, title from agenda_items where assembly_id = @assembly", new { assembly });
        Assert.Equal("absolute", item.Majority);
        await VoteAtMeeting(syndic, assembly, item.Id, "for");
        Assert.Equal(GroupPurchase.Voted, await Scalar<string>("select state from energy_campaigns where id = @campaign", new { campaign }));
        await Move(syndic, campaign, GroupPurchase.Collecting);
    }

    [Fact]
    public async Task Another_firm_and_people_of_other_buildings_see_nothing_and_the_database_refuses_a_skipped_step()
    {
        var building = await Tilleuls();
        var syndic = await SignedIn("syndic@demo.koprogo.be");
        var campaign = await Campaign(syndic, building);
        await Move(syndic, campaign, GroupPurchase.Collecting);
        var other = await SignedIn("syndic2@demo.koprogo.be");
        Assert.Equal(HttpStatusCode.NotFound, (await other.GetRaw($"/energy-campaigns/{campaign}")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await other.Post($"/energy-campaigns/{campaign}?handler=move", ("Move.To", "cancelled"))).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await other.GetRaw($"/buildings/{building}/energy-campaigns")).StatusCode);
        var stranger = await SignedIn("owner2@demo.koprogo.be");
        Assert.Equal(HttpStatusCode.NotFound, (await stranger.GetRaw($"/energy-campaigns/{campaign}")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await Join(stranger, campaign, 9)).StatusCode);
        // an owner of the firm's other building only (not in the campaign) neither
        var elsewhere = await Scalar<string?>("""
            select u.email from users u join owners o on o.id = u.owner_id where u.organisation_id = (select organisation_id from buildings where slug = 'residence-les-tilleuls')
            and not exists (select 1 from lots l join lot_ownerships x on x.lot_id = l.id where x.owner_id = o.id and l.building_id = (select id from buildings where slug = 'residence-les-tilleuls'))
            limit 1
            """);
        if (elsewhere is not null) Assert.Equal(HttpStatusCode.NotFound, (await (await SignedIn(elsewhere)).GetRaw($"/energy-campaigns/{campaign}")).StatusCode);
        // an owner of the building does not move it
        var owner = await SignedIn("owner@demo.koprogo.be");
        Assert.Equal(HttpStatusCode.Forbidden, (await owner.Post($"/energy-campaigns/{campaign}?handler=move", ("Move.To", "cancelled"))).StatusCode);
        var skipped = await Assert.ThrowsAsync<PostgresException>(() => Query<int>("update energy_campaigns set state = 'contracted' where id = @campaign returning 1", new { campaign }));
        Assert.Equal("energy_campaigns_state_transition", skipped.ConstraintName);
        var twice = await Assert.ThrowsAsync<PostgresException>(() => Query<int>("""
            insert into energy_participants (campaign_id, building_id, user_id, consent)
            select @campaign, @building, id, 'x' from users where email = 'owner@demo.koprogo.be' union all
            select @campaign, @building, id, 'x' from users where email = 'owner@demo.koprogo.be' returning 1
            """, new { campaign, building }));
        Assert.Equal("energy_participants_once", twice.ConstraintName);
    }
}
