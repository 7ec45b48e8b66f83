using System.Globalization;
using KoproGo.Domain.Energy;

namespace KoproGo.Tests.Domain.Energy;

public class ConsumptionKeyTests
{
    private static readonly LotConsumption[] Flats =
    [
        new(1, 300, 4_000m), // kWh of heat over the season
        new(2, 300, 1_000m),
        new(3, 400, 0m),     // empty all winter: pays its quota share of the fixed part only
    ];

    [Fact]
    public void Thirty_percent_by_quotas_and_seventy_by_consumption()
    {
        var parts = ConsumptionKey.Split(10_000.00m, 0.30m, Flats);
        // fixed 3,000.00 by quotas (900 / 900 / 1,200), variable 7,000.00 by consumption (5,600 / 1,400 / 0)
        Assert.Equal([6_500.00m, 2_300.00m, 1_200.00m], parts);
    }

    [Fact]
    public void The_parts_sum_to_the_amount_to_the_cent()
    {
        var lots = Enumerable.Range(1, 17).Select(i => new LotConsumption(i, 37 + i, 101.7m * i % 13)).ToArray();
        foreach (var amount in new[] { 0.01m, 1_234.57m, 9_999.99m, -431.13m })
        {
            var parts = ConsumptionKey.Split(amount, 0.25m, lots);
            Assert.Equal(amount, parts.Sum());
            Assert.All(parts, p => Assert.Equal(p, decimal.Round(p, 2)));
        }
    }

    [Fact]
    public void Without_any_consumption_everything_goes_by_quotas()
    {
        var parts = ConsumptionKey.Split(1_000.00m, 0.30m, Flats.Select(f => f with { Consumption = 0 }).ToArray());
        Assert.Equal([300.00m, 300.00m, 400.00m], parts);
    }

    [Theory]
    [InlineData(-0.1)]
    [InlineData(1.01)]
    public void The_fixed_part_is_a_share(double fixedShare) =>
        Assert.Throws<ArgumentOutOfRangeException>(() => ConsumptionKey.Weights((decimal)fixedShare, Flats));

    [Fact]
    public void A_negative_consumption_is_refused() =>
        Assert.Throws<ArgumentException>(() => ConsumptionKey.Weights(0.3m, [new(1, 500, -3m), new(2, 500, 10m)]));
}

public class MeterReadingTests
{
    [Theory]
    [InlineData("100", "129.9", MeterReadings.Anomaly.None)]
    [InlineData("100", "131", MeterReadings.Anomaly.MuchHigher)]
    [InlineData("100", "69", MeterReadings.Anomaly.MuchLower)]
    [InlineData("100", "70", MeterReadings.Anomaly.None)]
    [InlineData("100", "-5", MeterReadings.Anomaly.Negative)]
    [InlineData(null, "500", MeterReadings.Anomaly.None)]
    [InlineData("0", "500", MeterReadings.Anomaly.None)]
    public void More_than_thirty_percent_away_from_the_comparable_period_or_negative_is_an_anomaly(string? previous, string current, MeterReadings.Anomaly expected) =>
        Assert.Equal(expected, MeterReadings.Check(decimal.Parse(current, CultureInfo.InvariantCulture),
            previous is null ? null : decimal.Parse(previous, CultureInfo.InvariantCulture)));

    [Fact]
    public void A_replaced_meter_counts_the_old_one_to_its_removal_and_the_new_one_from_its_first_index()
    {
        Assert.Equal(42.5m, MeterReadings.Consumption(1_000m, 1_042.5m));
        // old meter 1,000 → 1,030 at removal; new meter 0 → 25
        Assert.Equal(55m, MeterReadings.AcrossReplacement(1_000m, 1_030m, 0m, 25m));
    }
}

public class OfferComparisonTests
{
    private static readonly EnergyOffer Cheap = new(1, 0.25m, 0.20m, 80m, 30m, 36, 36, 3);
    private static readonly EnergyOffer Green = new(2, 0.30m, null, 50m, 100m, 12, 12, 5);

    [Fact]
    public void A_years_cost_takes_the_night_price_for_the_night_and_the_day_price_when_there_is_no_night_rate()
    {
        Assert.Equal(2_500 * 0.25m + 1_000 * 0.20m + 80m, Cheap.YearlyCost(2_500, 1_000));
        Assert.Equal(3_500 * 0.30m + 50m, Green.YearlyCost(2_500, 1_000));
        Assert.Equal(0.33m, new EnergyOffer(3, 0.33333m, null, 0, 0, 12, 0, 1).YearlyCost(1, 0)); // to the cent
    }

    [Fact]
    public void The_score_is_price_50_green_20_length_15_service_15()
    {
        var scores = OfferComparison.Scores([Cheap, Green], 2_500, 1_000);
        // Cheap: 905.00 a year, the cheapest (50); 30 % green (6); 36 months against 12 (5); service 3/5 (9)
        Assert.Equal(new OfferComparison.Score(1, 905.00m, 50m, 6m, 5m, 9m), scores[0]);
        // Green: 1,100.00 (50 × 905 / 1,100 = 41.1); all green (20); the shortest (15); service 5/5 (15)
        Assert.Equal(new OfferComparison.Score(2, 1_100.00m, 41.1m, 20m, 15m, 15m), scores[1]);
        Assert.Equal((70m, 91.1m), (scores[0].Total, scores[1].Total));
        Assert.Empty(OfferComparison.Scores([], 1, 1));
    }

    [Fact]
    public void A_participants_saving_is_what_they_pay_now_less_the_offer_and_may_be_negative()
    {
        Assert.Equal(3_500 * 0.32m + 90m - 905.00m, GroupPurchase.Saving(0.32m, 90m, 2_500, 1_000, Cheap));
        Assert.True(GroupPurchase.Saving(0.20m, 0m, 2_500, 1_000, Green) < 0);
    }

    [Fact]
    public void For_the_common_supply_the_assembly_votes_first_and_people_join_while_it_collects()
    {
        Assert.False(GroupPurchase.MayMove(GroupPurchase.Draft, GroupPurchase.Collecting, commonSupply: true));
        Assert.True(GroupPurchase.MayMove(GroupPurchase.Voted, GroupPurchase.Collecting, commonSupply: true));
        Assert.True(GroupPurchase.MayMove(GroupPurchase.Draft, GroupPurchase.Collecting, commonSupply: false));
        Assert.Equal([GroupPurchase.Collecting, GroupPurchase.Negotiating], GroupPurchase.States.Where(GroupPurchase.MayJoin));
        Assert.Equal([GroupPurchase.Closed, GroupPurchase.Cancelled], GroupPurchase.States.Where(GroupPurchase.Ended));
    }
}

public class GroupPurchaseTests
{
    [Theory]
    [InlineData(GroupPurchase.Draft, GroupPurchase.Voted, true)]
    [InlineData(GroupPurchase.Draft, GroupPurchase.Collecting, true)]
    [InlineData(GroupPurchase.Voted, GroupPurchase.Collecting, true)]
    [InlineData(GroupPurchase.Collecting, GroupPurchase.Negotiating, true)]
    [InlineData(GroupPurchase.Negotiating, GroupPurchase.Decided, true)]
    [InlineData(GroupPurchase.Decided, GroupPurchase.Contracted, true)]
    [InlineData(GroupPurchase.Contracted, GroupPurchase.Closed, true)]
    [InlineData(GroupPurchase.Collecting, GroupPurchase.Cancelled, true)]
    [InlineData(GroupPurchase.Contracted, GroupPurchase.Cancelled, false)]
    [InlineData(GroupPurchase.Collecting, GroupPurchase.Contracted, false)]
    [InlineData(GroupPurchase.Closed, GroupPurchase.Collecting, false)]
    [InlineData(GroupPurchase.Negotiating, GroupPurchase.Collecting, false)]
    public void A_campaign_moves_step_by_step(string from, string to, bool allowed) =>
        Assert.Equal(allowed, GroupPurchase.MayMove(from, to));

    [Fact]
    public void Participants_may_leave_until_the_contract()
    {
        Assert.True(GroupPurchase.MayLeave(GroupPurchase.Decided));
        Assert.False(GroupPurchase.MayLeave(GroupPurchase.Contracted));
        Assert.False(GroupPurchase.MayLeave(GroupPurchase.Closed));
    }

    [Theory]
    [InlineData(4, false)]
    [InlineData(5, true)]
    [InlineData(40, true)]
    public void Figures_are_shown_from_five_participants(int participants, bool visible) =>
        Assert.Equal(visible, GroupPurchase.AggregatesVisible(participants));

    [Fact]
    public void A_bill_is_deleted_ninety_days_after_the_campaign_and_the_saving_is_estimated_to_the_cent()
    {
        Assert.Equal(new DateOnly(2027, 3, 31), GroupPurchase.BillDeletedOn(new DateOnly(2026, 12, 31)));
        // 3,500 kWh: now 0.3120 €/kWh + 96 € a year = 1,188.00; offer 0.2745 €/kWh + 84 € = 1,044.75
        Assert.Equal(143.25m, GroupPurchase.EstimatedSaving(3_500m, 0.3120m, 96m, 0.2745m, 84m));
    }

    [Theory]
    [InlineData("1000", "BRUGEL")]
    [InlineData("1180", "BRUGEL")]
    [InlineData("1299", "BRUGEL")]
    [InlineData("1300", "CWaPE")]
    [InlineData("1348", "CWaPE")]
    [InlineData("1500", "VREG")]
    [InlineData("2000", "VREG")]
    [InlineData("3500", "VREG")]
    [InlineData("4700", "CWaPE")]
    [InlineData("5000", "CWaPE")]
    [InlineData("6700", "CWaPE")]
    [InlineData("7000", "CWaPE")]
    [InlineData("8000", "VREG")]
    [InlineData("9000", "VREG")]
    public void The_regulator_follows_the_region_of_the_postcode(string postcode, string regulator) =>
        Assert.Equal(regulator, EnergyRegulator.ForPostcode(postcode)!.Name);

    [Fact]
    public void A_foreign_or_malformed_postcode_has_no_regulator()
    {
        Assert.Null(EnergyRegulator.ForPostcode("75001"));
        Assert.Null(EnergyRegulator.ForPostcode("0999"));
        Assert.Null(EnergyRegulator.ForPostcode(null));
    }
}

public class EanTests
{
    [Theory]
    [InlineData("541448820000000015", true)]     // check digit worked by hand: 75 → 5
    [InlineData("5414 4882 0000 0000 15", true)]  // as printed on a bill, in groups
    [InlineData("541448820000000016", false)]    // wrong check digit
    [InlineData("641448820000000015", false)]    // not Belgian (54)
    [InlineData("54144882000000001", false)]     // 17 digits
    [InlineData("54144882000000001A", false)]
    [InlineData("", false)]
    public void An_ean_has_18_digits_starts_with_54_and_ends_with_its_check_digit(string text, bool valid) =>
        Assert.Equal(valid, Ean.IsValid(text));

    [Fact]
    public void The_check_digit_is_gs1s() =>
        // GS1's own example, GTIN-13 4006381333931: the same weights from the right
        Assert.Equal(1, Ean.CheckDigit("400638133393"));
}

public class SensorMessageTests
{
    private static readonly DateTimeOffset Arrival = new(2026, 12, 1, 9, 30, 0, TimeSpan.Zero);

    [Fact]
    public void A_plain_number_is_measured_on_arrival()
    {
        var reading = SensorMessages.Parse("koprogo/residence-les-tilleuls/cold_water/main", " 123.456\n", Arrival).Reading!;
        Assert.Equal(new SensorReading("residence-les-tilleuls", "cold_water", "main", 123.456, Arrival), reading);
    }

    [Theory]
    [InlineData("""{"value": 12.5, "at": "2026-12-01T10:00:00+01:00"}""", "2026-12-01T09:00:00Z")]
    [InlineData("""{"value": 12.5, "at": "2026-12-01T09:00:00.250Z"}""", "2026-12-01T09:00:00.25Z")]
    [InlineData("""{"value": 12.5, "at": 1796115600}""", "2026-12-01T09:00:00Z")]
    [InlineData("""{"value": 12.5}""", "2026-12-01T09:30:00Z")]
    public void A_json_reading_is_measured_when_it_says(string payload, string measured)
    {
        var reading = SensorMessages.Parse("koprogo/residence-les-tilleuls/heat/a2-4", payload, Arrival).Reading!;
        Assert.Equal(12.5, reading.Value);
        Assert.Equal(DateTimeOffset.Parse(measured, System.Globalization.CultureInfo.InvariantCulture), reading.MeasuredAt);
    }

    [Theory]
    [InlineData("koprogo/residence-les-tilleuls/heat/a2-4", "douze", "not a number")]
    [InlineData("koprogo/residence-les-tilleuls/heat/a2-4", "12,5", "not a number")]
    [InlineData("koprogo/residence-les-tilleuls/heat/a2-4", "NaN", "not a finite number")]
    [InlineData("koprogo/residence-les-tilleuls/heat/a2-4", """{"value": "12"}""", "JSON without a numeric \"value\"")]
    [InlineData("koprogo/residence-les-tilleuls/heat/a2-4", """{"value": 12""", "malformed JSON")]
    [InlineData("koprogo/residence-les-tilleuls/heat/a2-4", """{"value": 12, "at": "01/12/2026 10:00"}""", "\"at\" is neither an ISO 8601 time with its offset nor Unix seconds")]
    [InlineData("koprogo/residence-les-tilleuls/heat/a2-4", """{"value": 12, "at": "2026-12-01T10:00:00"}""", "\"at\" is neither an ISO 8601 time with its offset nor Unix seconds")]
    [InlineData("koprogo/residence-les-tilleuls/heat/a2-4", """{"value": 12, "at": "2026-12-01T09:36:00Z"}""", "measured in the future")]
    [InlineData("koprogo/residence-les-tilleuls/steam/a2-4", "12", "unknown kind \"steam\"")]
    [InlineData("koprogo/residence-les-tilleuls/heat", "12", "topic is not koprogo/{building}/{kind}/{sensor}")]
    [InlineData("other/residence-les-tilleuls/heat/a2-4", "12", "topic is not koprogo/{building}/{kind}/{sensor}")]
    public void What_cannot_be_read_is_refused_with_the_reason(string topic, string payload, string reason)
    {
        var outcome = SensorMessages.Parse(topic, payload, Arrival);
        Assert.Null(outcome.Reading);
        Assert.Equal(reason, outcome.Refusal);
    }

    [Theory]
    [InlineData("koprogo/residence-les-tilleuls/steam/a2-4", "residence-les-tilleuls")]
    [InlineData("koprogo/residence-les-tilleuls", "residence-les-tilleuls")]
    [InlineData("koprogo//heat/a2-4", null)]
    [InlineData("other/residence-les-tilleuls/heat/a2-4", null)]
    public void A_refused_reading_still_names_its_building_when_its_topic_does(string topic, string? building) =>
        Assert.Equal(building, SensorMessages.BuildingKeyOf(topic));

    [Fact]
    public void A_value_outside_the_sensors_range_is_refused_with_the_range()
    {
        Assert.Null(SensorMessages.OutOfRange(5, 0, 10));
        Assert.Null(SensorMessages.OutOfRange(-40, null, null));
        Assert.Equal("out of range (0 to 10)", SensorMessages.OutOfRange(10.5, 0, 10));
        Assert.Equal("out of range (0 to …)", SensorMessages.OutOfRange(-1, 0, null));
    }
}

public class ReadingRetentionTests
{
    [Theory]
    [InlineData("2026-12-01", 13, "2025-11-01")]
    [InlineData("2026-12-31", 13, "2025-11-01")]
    [InlineData("2027-01-01", 13, "2025-12-01")]
    [InlineData("2027-03-31", 1, "2027-02-01")]
    public void Readings_are_kept_for_whole_months_before_the_current_one(string today, int months, string keptFrom) =>
        Assert.Equal(DateOnly.Parse(keptFrom, System.Globalization.CultureInfo.InvariantCulture),
            ReadingRetention.KeptFrom(DateOnly.Parse(today, System.Globalization.CultureInfo.InvariantCulture), months));
}
