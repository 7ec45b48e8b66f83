using KoproGo.Domain.Works;

namespace KoproGo.Tests.Domain.Works;

public class QuoteComparisonTests
{
    private static QuoteComparison.Offer Offer(long id, decimal amount, int days, int warranty, decimal record = QuoteComparison.NeutralRecord) =>
        new(id, amount, days, warranty, record);

    [Fact]
    public void Three_roofers_scored_part_by_part()
    {
        var scores = QuoteComparison.Scores([Offer(1, 10600m, 10, 10), Offer(2, 10890m, 20, 10), Offer(3, 11660m, 5, 15)]).ToDictionary(s => s.Id);
        // the cheapest gets the 40 points of price, the others in proportion: 40 × 10,600 / 10,890 = 38.93…
        Assert.Equal((40.0m, 15.0m, 13.3m, 5.0m, 73.3m), (scores[1].Price, scores[1].Duration, scores[1].Warranty, scores[1].Record, scores[1].Total));
        Assert.Equal((38.9m, 7.5m, 13.3m, 5.0m, 64.7m), (scores[2].Price, scores[2].Duration, scores[2].Warranty, scores[2].Record, scores[2].Total));
        Assert.Equal((36.4m, 30.0m, 20.0m, 5.0m, 91.4m), (scores[3].Price, scores[3].Duration, scores[3].Warranty, scores[3].Record, scores[3].Total));
    }

    [Fact]
    public void The_best_on_every_count_scores_100_and_the_parts_add_up_to_the_total()
    {
        var scores = QuoteComparison.Scores([Offer(1, 5000m, 3, 10, 100m), Offer(2, 7777.77m, 9, 7, 33.3m)]);
        Assert.Equal(100m, scores[0].Total);
        Assert.All(scores, s => Assert.Equal(s.Price + s.Duration + s.Warranty + s.Record, s.Total));
        Assert.All(scores, s => Assert.Equal(s.Total, Math.Round(s.Total, 1)));
    }

    [Fact]
    public void Without_any_warranty_nobody_loses_points_for_it() =>
        Assert.All(QuoteComparison.Scores([Offer(1, 100m, 1, 0), Offer(2, 200m, 2, 0)]), s => Assert.Equal(20m, s.Warranty));

    [Fact]
    public void No_quote_no_score() => Assert.Empty(QuoteComparison.Scores([]));

    [Theory]
    [InlineData(0, 0, 0, null, 50.0)]        // no order yet: neutral
    [InlineData(4, 4, 0, 5.0, 100.0)]
    [InlineData(4, 2, 1, 4.0, 63.8)]         // 50 × ½ + 25 × ¾ + 25 × 4/5 = 63.75, half away from zero
    [InlineData(4, 2, 1, null, 58.3)]        // nobody rated: (25 + 18.75) × 100 / 75
    public void A_track_record_from_past_orders(int orders, int onTime, int corrected, double? rating, double expected) =>
        Assert.Equal((decimal)expected, QuoteComparison.TrackRecord(new(orders, onTime, corrected, rating is null ? null : (decimal)rating)));
}
