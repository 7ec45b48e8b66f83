using KoproGo.Domain.Energy;
using KoproGo.Web.Infrastructure;
using Microsoft.AspNetCore.DataProtection;
using Quartz;

namespace KoproGo.Web.Pages.Energy;

/// <summary>
/// A group energy purchase as a viewer may see it, its participants' totals and offers. The firm's staff see every
/// campaign; an owner holding a lot in one of its buildings, or a resident where that building lets residents take part,
/// sees it once it is out of draft. Anyone else: nothing (404).
/// </summary>
public static class CampaignData
{
    public sealed record Campaign(long Id, long OrganisationId, string Title, string Energy, string State, bool CommonSupply, long? AgendaItemId,
        long? ChosenOfferId, DateOnly? EndedOn);

    /// <summary>One of the campaign's buildings, and whether the viewer may take part through it.</summary>
    public sealed record Building(long Id, string Name, string? Postcode, string Language, bool MayTakePart);

    public sealed record Found(Campaign Campaign, IReadOnlyList<Building> Buildings, bool Staff)
    {
        /// <summary>The building the viewer takes part through (their first one in the campaign), if any.</summary>
        public Building? Theirs => Buildings.FirstOrDefault(b => b.MayTakePart);
        public EnergyRegulator? Regulator => Buildings.Select(b => EnergyRegulator.ForPostcode(b.Postcode)).FirstOrDefault(r => r is not null);
    }

    /// <summary>SQL condition: the person (owner <paramref name="ownerId"/>, user <paramref name="userId"/>: columns or parameters) may take
    /// part through the building aliased <paramref name="b"/>: an owner there today, or a resident where the building lets residents in.</summary>
    public static string MayTakePart(string b, string ownerId, string userId) => $"""
        ({Ownerships.HoldsLotIn($"{b}.id", ownerId)}
         or ({b}.community_residents and exists (select 1 from user_roles r where r.user_id = {userId} and r.role = 'Resident' and r.building_id = {b}.id)))
        """;

    public static string ViewerMayTakePart(string b) => MayTakePart(b, "@ViewerOwnerId", "@ViewerUserId");

    public static async Task<Found?> Find(Db db, Viewer viewer, long id)
    {
        var campaign = await db.QuerySingleOrDefault<Campaign>("""
            select id, organisation_id, title, energy, state, common_supply, agenda_item_id, chosen_offer_id, ended_on
            from energy_campaigns where id = @id and organisation_id = @OrgId
            """, viewer.Params(new { id }));
        if (campaign is null) return null;
        var buildings = await db.Query<Building>($"""
            select b.id, b.name, b.postcode, b.language, {ViewerMayTakePart("b")} as may_take_part
            from energy_campaign_buildings c join buildings b on b.id = c.building_id where c.campaign_id = @id order by b.name
            """, viewer.Params(new { id }));
        var staff = viewer.SeesAllBuildings;
        if (!staff && (campaign.State == GroupPurchase.Draft || !buildings.Any(b => b.MayTakePart))) return null;
        return new(campaign, buildings, staff);
    }

    /// <summary>What the participants (those who have not left) bring together, and how many they are.</summary>
    public sealed record Totals(int Participants, decimal DayKwh, decimal NightKwh, decimal GasKwh)
    {
        /// <summary>No consumption: the offers are then compared for a typical household.</summary>
        public static readonly Totals None = new(0, 0, 0, 0);

        public decimal ElectricityKwh => DayKwh + NightKwh;
        /// <summary>The group's profile: the share of its electricity used at night (off-peak).</summary>
        public decimal NightShare => ElectricityKwh == 0 ? 0 : NightKwh / ElectricityKwh;
    }

    public static Task<Totals> Sum(Db db, long campaignId) => db.QuerySingle<Totals>("""
        select count(*)::int as participants, coalesce(sum(day_kwh), 0) as day_kwh, coalesce(sum(night_kwh), 0) as night_kwh, coalesce(sum(gas_kwh), 0) as gas_kwh
        from energy_participants where campaign_id = @campaignId and left_at is null
        """, new { campaignId });

    public sealed record Offer(long Id, string Supplier, string Energy, decimal DayPrice, decimal? NightPrice, decimal YearlyFee, decimal GreenPercent,
        int Months, int GuaranteedMonths, int Service)
    {
        public EnergyOffer Terms => new(Id, DayPrice, NightPrice, YearlyFee, GreenPercent, Months, GuaranteedMonths, Service);
    }

    public static Task<IReadOnlyList<Offer>> Offers(Db db, long campaignId) => db.Query<Offer>("""
        select id, supplier, energy, day_price, night_price, yearly_fee, green_percent, months, guaranteed_months, service
        from energy_offers where campaign_id = @campaignId order by energy, supplier
        """, new { campaignId });

    /// <summary>The offers of one energy scored for the group's consumption (gas: all of it "by day"), best first.</summary>
    public static IReadOnlyList<(Offer Offer, OfferComparison.Score Score)> Compare(IReadOnlyList<Offer> offers, string energy, Totals totals)
    {
        var these = offers.Where(o => o.Energy == energy).ToList();
        var (day, night) = energy == "gas" ? (totals.GasKwh, 0m) : (totals.DayKwh, totals.NightKwh);
        // with no consumption (none yet, or hidden under five participants), a typical household's ranks the prices:
        // 3,500 kWh of electricity, a third at night, and 12,000 kWh of gas
        if (day + night == 0) (day, night) = energy == "gas" ? (12_000m, 0m) : (2_333m, 1_167m);
        var scores = OfferComparison.Scores([.. these.Select(o => o.Terms)], day, night);
        return [.. these.Zip(scores).OrderByDescending(x => x.Second.Total).ThenBy(x => x.Second.YearlyCost)];
    }

    /// <summary>A bill decrypted; null when it can no longer be (the data-protection keys it was made with are gone).</summary>
    public static byte[]? Decrypt(IDataProtectionProvider protection, byte[] bill)
    {
        try
        {
            return Bills(protection).Unprotect(bill);
        }
        catch (System.Security.Cryptography.CryptographicException)
        {
            return null;
        }
    }

    /// <summary>The bills are encrypted with the app's data-protection keys (themselves encrypted by the deployment's certificate).</summary>
    public static IDataProtector Bills(IDataProtectionProvider protection) => protection.CreateProtector("KoproGo.EnergyCampaign.Bill");

    /// <summary>
    /// Called when the vote on an agenda item closes: a campaign for the common supply put to it is voted (the owners may
    /// join now) or, rejected, cancelled.
    /// </summary>
    public static Task AfterVote(Db db, long agendaItemId, bool adopted) => db.Execute("""
        update energy_campaigns set state = case when @adopted then 'voted' else 'cancelled' end,
               ended_on = case when @adopted then null else @today end
        where agenda_item_id = @agendaItemId and state = 'draft'
        """, new { agendaItemId, adopted, today = BrusselsTime.Today });
}

/// <summary>Deletes the bills of campaigns ended 90 days ago (those of people who left went when they left).</summary>
public sealed class EnergyBillsJob(Db db) : IJob
{
    public const string Key = "energy-bills";

    public async ValueTask Execute(IJobExecutionContext context, CancellationToken cancellationToken) =>
        context.Result = await Run(BrusselsTime.Today);

    public async Task<IReadOnlyDictionary<string, int>> Run(DateOnly today)
    {
        var deleted = await db.Execute("""
            update energy_participants p set bill = null, bill_name = null from energy_campaigns c
            where c.id = p.campaign_id and p.bill is not null and c.ended_on <= @lastDay
            """, new { lastDay = today.AddDays(-GroupPurchase.BillRetentionDays) });
        return new Dictionary<string, int> { ["bills deleted"] = deleted };
    }
}
