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

    /// <summary>A participant may leave until the contract is signed.</summary>
    public static bool MayLeave(string state) => state is Draft or Voted or Collecting or Negotiating or Decided;

    /// <summary>Aggregated figures are shown from this many participants only, so that nobody's consumption can be inferred.</summary>
    public const int MinimumParticipants = 5;

    public static bool AggregatesVisible(int participants) => participants >= MinimumParticipants;

    /// <summary>A current bill uploaded to a campaign is deleted this many days after the campaign ends (or when its owner leaves).</summary>
    public const int BillRetentionDays = 90;

    public static DateOnly BillDeletedOn(DateOnly campaignEnded) => campaignEnded.AddDays(BillRetentionDays);

    /// <summary>A participant's estimated yearly saving: what they pay now less what the offer would cost, for the same consumption.</summary>
    public static decimal EstimatedSaving(decimal yearlyKwh, decimal currentPricePerKwh, decimal currentYearlyFee, decimal offerPricePerKwh, decimal offerYearlyFee) =>
        decimal.Round(yearlyKwh * currentPricePerKwh + currentYearlyFee - (yearlyKwh * offerPricePerKwh + offerYearlyFee), 2, MidpointRounding.AwayFromZero);
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
