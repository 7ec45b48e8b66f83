using KoproGo.Domain.Energy;
using KoproGo.Web.Infrastructure;

namespace KoproGo.Web.Pages.Energy;

/// <summary>
/// Reads the hourly and daily summaries the ingestion keeps (meter_reading_summaries), regrouped by hour, day or month
/// in Brussels, for the charts, the owners' consumption by month and the alerts.
/// </summary>
public static class ReadingSummaries
{
    public sealed record Row(long SensorId, DateTime StartsAt, double FirstValue, double LastValue, double Mean)
    {
        public ReadingBucket Bucket => new(StartsAt, FirstValue, LastValue, Mean);
    }

    /// <param name="source">The summaries read: "hour" or "day".</param>
    /// <param name="unit">The periods returned: "hour", "day" or "month" (no finer than the source).</param>
    public static Task<IReadOnlyList<Row>> Buckets(Db db, long[] sensors, string source, string unit, DateTime from, DateTime to) => db.Query<Row>("""
        select sensor_id, date_trunc(@unit, starts_at, 'Europe/Brussels') as starts_at,
               (array_agg(first_value order by starts_at))[1] as first_value, (array_agg(last_value order by starts_at desc))[1] as last_value,
               sum(total) / sum(readings) as mean
        from meter_reading_summaries
        where sensor_id = any(@sensors) and period = @source and starts_at >= @from and starts_at < @to
        group by 1, 2 order by 1, 2
        """, new { sensors, source, unit, from, to });

    /// <summary>Each sensor's last value before <paramref name="from"/>: where the first period's consumption starts.</summary>
    public static async Task<IReadOnlyDictionary<long, double>> LastBefore(Db db, long[] sensors, string source, DateTime from) =>
        (await db.Query<(long SensorId, double LastValue)>("""
            select distinct on (sensor_id) sensor_id, last_value from meter_reading_summaries
            where sensor_id = any(@sensors) and period = @source and starts_at < @from order by sensor_id, starts_at desc
            """, new { sensors, source, from })).ToDictionary(r => r.SensorId, r => r.LastValue);

    /// <summary>One sensor's figure per period (consumption, or mean for a thermometer), by the period's start in UTC.</summary>
    public static async Task<Dictionary<DateTime, double>> Figures(Db db, long sensor, string kind, string source, string unit, DateTime from, DateTime to)
    {
        var rows = await Buckets(db, [sensor], source, unit, from, to);
        var before = await LastBefore(db, [sensor], source, from);
        var figures = MeterSeries.Figures(kind, rows.Select(r => r.Bucket).ToList(), before.TryGetValue(sensor, out var last) ? last : null);
        return rows.Select((r, i) => (r.StartsAt, figures[i])).ToDictionary(x => x.StartsAt, x => x.Item2);
    }
}
