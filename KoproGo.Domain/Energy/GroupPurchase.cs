using KoproGo.Domain.Buildings;

namespace KoproGo.Domain.Energy;

/// <summary>The steps of a group energy purchase (commande groupée) and who may see its figures.</summary>
public static class GroupPurchase
{
    public const string Draft = "draft";
    public const string Voted = "voted";
    public const string Collecting = "collecting";
    public const string Negotiating = "negotiating";
    public const string Decided = "decided";
    public const string Contracted = "contracted";
    public const string Closed = "closed";
    public const string Cancelled = "cancelled";

    /// <summary>
    /// draft → voted by the assembly (when the building's common supply is concerned) or straight to collecting →
    /// negotiating → decided (the final vote or decision) → contracted → closed; cancelled from any step before the
    /// contract.
    /// </summary>
    public static bool MayMove(string from, string to) => (from, to) switch
    {
        (Draft, Voted) or (Draft, Collecting) or (Voted, Collecting) or (Collecting, Negotiating) or (Negotiating, Decided)
            or (Decided, Contracted) or (Contracted, Closed) => true,
        (Draft or Voted or Collecting or Negotiating or Decided, Cancelled) => true,
        _ => false,
    };

    /// <summary>
    /// When the building's own common supply is part of the purchase, the owners decide it in assembly (an ordinary
    /// decision, absolute majority: Civil Code art. 3.87 §3) before anyone is asked to join: no straight start then.
    /// </summary>
    public static bool MayMove(string from, string to, bool commonSupply) => MayMove(from, to) && !(commonSupply && from == Draft && to == Collecting);

    /// <summary>Owners and residents join while the campaign collects, and until the offers are in.</summary>
    public static bool MayJoin(string state) => state is Collecting or Negotiating;

    /// <summary>The campaign is over: its bills are deleted <see cref="BillRetentionDays"/> days later.</summary>
    public static bool Ended(string state) => state is Closed or Cancelled;

    public static readonly string[] States = [Draft, Voted, Collecting, Negotiating, Decided, Contracted, Closed, Cancelled];

    /// <summary>A participant may leave until the contract is signed.</summary>
    public static bool MayLeave(string state) => state is Draft or Voted or Collecting or Negotiating or Decided;

    /// <summary>Aggregated figures are shown from this many participants only, so that nobody's consumption can be inferred.</summary>
    public const int MinimumParticipants = 5;

    public static bool AggregatesVisible(int participants) => participants >= MinimumParticipants;

    /// <summary>A current bill uploaded to a campaign is deleted this many days after the campaign ends (or when its owner leaves).</summary>
    public const int BillRetentionDays = 90;

    public static DateOnly BillDeletedOn(DateOnly campaignEnded) => campaignEnded.AddDays(BillRetentionDays);

    /// <summary>
    /// A participant's estimated yearly saving with an offer: what their consumption costs now (their price per kWh and
    /// fee) less what it would cost with the offer (its day and night prices), to the cent; negative when dearer.
    /// </summary>
    public static decimal Saving(decimal currentPricePerKwh, decimal currentYearlyFee, decimal dayKwh, decimal nightKwh, EnergyOffer offer) =>
        decimal.Round((dayKwh + nightKwh) * currentPricePerKwh + currentYearlyFee, 2, MidpointRounding.AwayFromZero) - offer.YearlyCost(dayKwh, nightKwh);

    /// <summary>A participant's estimated yearly saving: what they pay now less what the offer would cost, for the same consumption.</summary>
    public static decimal EstimatedSaving(decimal yearlyKwh, decimal currentPricePerKwh, decimal currentYearlyFee, decimal offerPricePerKwh, decimal offerYearlyFee) =>
        decimal.Round(yearlyKwh * currentPricePerKwh + currentYearlyFee - (yearlyKwh * offerPricePerKwh + offerYearlyFee), 2, MidpointRounding.AwayFromZero);
}

/// <summary>
/// A supplier's offer to the group (typed by the syndic from the supplier's proposal): prices per kWh by day and by night
/// (night: the off-peak hours of a dual-rate meter; none: one price), a yearly fixed fee, the share of green energy, the
/// contract's length and how long its price is guaranteed, and the syndic's opinion of the supplier's service (1–5).
/// </summary>
public sealed record EnergyOffer(long Id, decimal DayPrice, decimal? NightPrice, decimal YearlyFee, decimal GreenPercent, int Months, int GuaranteedMonths, int Service)
{
    /// <summary>A year's cost for a consumption by day and by night, to the cent (half away from zero).</summary>
    public decimal YearlyCost(decimal dayKwh, decimal nightKwh) =>
        decimal.Round(dayKwh * DayPrice + nightKwh * (NightPrice ?? DayPrice) + YearlyFee, 2, MidpointRounding.AwayFromZero);
}

/// <summary>
/// The offers compared for the group: out of 100, price 50 (the cheapest year for the group's consumption gets them all,
/// the others in proportion), green share 20, length 15 (the shortest commitment gets them all: the group can shop again
/// sooner), service 15 (the syndic's 1–5). A price guaranteed for the whole contract counts in the price's favour: an
/// offer whose price may change is shown as such, not scored up.
/// </summary>
public static class OfferComparison
{
    public const decimal PriceWeight = 50m, GreenWeight = 20m, LengthWeight = 15m, ServiceWeight = 15m;

    public sealed record Score(long Id, decimal YearlyCost, decimal Price, decimal Green, decimal Length, decimal Service)
    {
        public decimal Total => Price + Green + Length + Service;
    }

    public static IReadOnlyList<Score> Scores(IReadOnlyList<EnergyOffer> offers, decimal dayKwh, decimal nightKwh)
    {
        if (offers.Count == 0) return [];
        var costs = offers.Select(o => o.YearlyCost(dayKwh, nightKwh)).ToList();
        var cheapest = costs.Min();
        var shortest = offers.Min(o => o.Months);
        return [.. offers.Select((o, i) => new Score(o.Id, costs[i],
            Part(PriceWeight, costs[i] <= 0 ? 1m : cheapest / costs[i]),
            Part(GreenWeight, o.GreenPercent / 100m),
            Part(LengthWeight, (decimal)shortest / o.Months),
            Part(ServiceWeight, o.Service / 5m)))];
    }

    private static decimal Part(decimal weight, decimal ratio) => Math.Round(weight * ratio, 1, MidpointRounding.AwayFromZero);
}

/// <summary>The energy regulator of the building's region, who publishes the official price comparison.</summary>
public sealed record EnergyRegulator(string Name, string Region, string ComparisonUrl)
{
    public static readonly EnergyRegulator Brugel = new("BRUGEL", "Brussels", "https://www.brusim.be");
    public static readonly EnergyRegulator Cwape = new("CWaPE", "Wallonia", "https://www.compacwape.be");
    public static readonly EnergyRegulator Vreg = new("VREG", "Flanders", "https://vtest.vreg.be");

    /// <summary>
    /// By postcode: Brussels 1000–1299; Wallonia 1300–1499 (Walloon Brabant) and 4000–7999 (Liège, with the
    /// German-speaking municipalities, Namur, Hainaut, Luxembourg); Flanders 1500–3999 and 8000–9999.
    /// </summary>
    public static EnergyRegulator? ForPostcode(string? postcode)
    {
        if (!Postcode.IsBelgian(postcode)) return null;
        var code = int.Parse(postcode!);
        return code switch
        {
            < 1300 => Brugel,
            < 1500 => Cwape,
            < 4000 => Vreg,
            < 8000 => Cwape,
            _ => Vreg,
        };
    }
}

/// <summary>
/// An EAN code of an electricity or gas connection in Belgium: 18 digits starting with 54 (GS1 Belgium), the last a
/// check digit computed as GS1's (weights 3 and 1 alternately from the right of the 17 others, to the next ten).
/// </summary>
public static class Ean
{
    public static bool IsValid(string? text)
    {
        var digits = new string((text ?? "").Where(c => !char.IsWhiteSpace(c)).ToArray());
        return digits.Length == 18 && digits.All(char.IsAsciiDigit) && digits.StartsWith("54") && CheckDigit(digits[..17]) == digits[17] - '0';
    }

    public static int CheckDigit(string seventeen)
    {
        var sum = 0;
        for (var i = 0; i < seventeen.Length; i++)
            sum += (seventeen[seventeen.Length - 1 - i] - '0') * (i % 2 == 0 ? 3 : 1);
        return (10 - sum % 10) % 10;
    }
}
