namespace KoproGo.Domain.Works;

/// <summary>
/// The score that ranks the quotes of one request, out of 100: price 40%, duration 30%, warranty 20%, the contractor's
/// track record 10%. Price and duration score 100 for the best quote and fall in proportion (best ÷ this); warranty
/// scores this ÷ the longest (all 100 when nobody gives one); the track record is already out of 100. Each part is
/// rounded to one decimal (half away from zero) and the total is the sum of the rounded parts, so the parts shown add
/// up to the total shown. A score helps the choice; the syndic and the assembly decide.
/// </summary>
public static class QuoteComparison
{
    public const decimal PriceWeight = 40m, DurationWeight = 30m, WarrantyWeight = 20m, RecordWeight = 10m;

    public sealed record Offer(long Id, decimal AmountInclVat, int DurationDays, int WarrantyYears, decimal TrackRecord);

    public sealed record Score(long Id, decimal Price, decimal Duration, decimal Warranty, decimal Record)
    {
        public decimal Total => Price + Duration + Warranty + Record;
    }

    public static IReadOnlyList<Score> Scores(IReadOnlyList<Offer> offers)
    {
        if (offers.Count == 0) return [];
        var cheapest = offers.Min(o => o.AmountInclVat);
        var fastest = offers.Min(o => o.DurationDays);
        var longest = offers.Max(o => o.WarrantyYears);
        return [.. offers.Select(o => new Score(o.Id,
            Part(PriceWeight, cheapest / o.AmountInclVat),
            Part(DurationWeight, (decimal)fastest / o.DurationDays),
            Part(WarrantyWeight, longest == 0 ? 1m : (decimal)o.WarrantyYears / longest),
            Part(RecordWeight, o.TrackRecord / 100m)))];
    }

    private static decimal Part(decimal weight, decimal ratio) => Math.Round(weight * ratio, 1, MidpointRounding.AwayFromZero);

    /// <summary>What a contractor's past work orders say of them: orders closed, of which finished on time, of which corrected; ratings out of 5.</summary>
    public sealed record History(int Orders, int OnTime, int Corrected, decimal? AverageRating);

    /// <summary>The score a contractor with no closed order gets: neither rewarded nor punished.</summary>
    public const decimal NeutralRecord = 50m;

    /// <summary>
    /// The track record out of 100: on time 50%, without correction 25%, the average rating 25% (when nobody rated yet,
    /// the first two share its weight). No order yet: <see cref="NeutralRecord"/>.
    /// </summary>
    public static decimal TrackRecord(History h)
    {
        if (h.Orders <= 0) return NeutralRecord;
        var onTime = (decimal)h.OnTime / h.Orders;
        var clean = 1m - (decimal)h.Corrected / h.Orders;
        var score = h.AverageRating is { } rating ? 50m * onTime + 25m * clean + 25m * (rating / 5m) : (50m * onTime + 25m * clean) * 100m / 75m;
        return Math.Round(score, 1, MidpointRounding.AwayFromZero);
    }
}
