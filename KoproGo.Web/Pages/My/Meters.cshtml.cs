using KoproGo.Domain.Energy;
using KoproGo.Web.Infrastructure;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace KoproGo.Web.Pages.My;

/// <summary>
/// An owner's meters: the private meters of the lots they hold today with each month's consumption over the last
/// twelve, and the common parts' sensors of their buildings. Nobody else's lot appears (the query starts from the
/// viewer's own holdings).
/// </summary>
[Authorize(Policy = Policies.Owner)]
public sealed class MetersModel(Db db) : PageModel
{
    public const int Months = 12;

    public sealed record Meter(long Id, long BuildingId, string BuildingName, string? LotNumber, string Kind, string Name, string Unit);

    public IReadOnlyList<Meter> Meters { get; private set; } = [];
    public IReadOnlyList<DateOnly> MonthStarts { get; private set; } = [];
    /// <summary>Each private meter's consumption (or mean, for a thermometer) by month; no figure for a month without readings.</summary>
    public IReadOnlyDictionary<long, double?[]> ByMonth { get; private set; } = new Dictionary<long, double?[]>();

    public async Task OnGet()
    {
        var viewer = User.Viewer();
        Meters = await db.Query<Meter>($"""
            select s.id, b.id as building_id, b.name as building_name, l.number as lot_number, s.kind, s.name, s.unit
            from sensors s join buildings b on b.id = s.building_id left join lots l on l.id = s.lot_id
            where b.organisation_id = @OrgId and (
                exists (select 1 from lot_ownerships o where o.lot_id = s.lot_id and o.owner_id = @ViewerOwnerId and {Ownerships.HeldToday})
                or (s.lot_id is null and {Ownerships.ViewerHoldsLotIn("b.id")}))
            order by b.name collate natural_sort, l.number collate natural_sort nulls last, s.kind, s.name
            limit 200
            """, viewer.Params());
        var today = BrusselsTime.Today;
        var first = new DateOnly(today.Year, today.Month, 1).AddMonths(1 - Months);
        MonthStarts = Enumerable.Range(0, Months).Select(first.AddMonths).ToList();
        var privateMeters = Meters.Where(m => m.LotNumber is not null).ToList();
        var from = BrusselsTime.ToUtc(first, TimeOnly.MinValue);
        var months = await db.Query<(long SensorId, DateTime StartsAt, double FirstValue, double LastValue, double Mean)>("""
            select sensor_id, date_trunc('month', starts_at, 'Europe/Brussels'),
                   (array_agg(first_value order by starts_at))[1], (array_agg(last_value order by starts_at desc))[1], sum(total) / sum(readings)
            from meter_reading_summaries where sensor_id = any(@ids) and period = 'day' and starts_at >= @from
            group by 1, 2 order by 1, 2
            """, new { ids = privateMeters.Select(m => m.Id).ToArray(), from });
        var before = (await db.Query<(long SensorId, double LastValue)>("""
            select distinct on (sensor_id) sensor_id, last_value from meter_reading_summaries
            where sensor_id = any(@ids) and period = 'day' and starts_at < @from order by sensor_id, starts_at desc
            """, new { ids = privateMeters.Select(m => m.Id).ToArray(), from })).ToDictionary(b => b.SensorId, b => b.LastValue);
        var byMonth = new Dictionary<long, double?[]>();
        foreach (var meter in privateMeters)
        {
            var rows = months.Where(m => m.SensorId == meter.Id).ToList();
            var figures = MeterSeries.Figures(meter.Kind, rows.Select(r => new ReadingBucket(r.StartsAt, r.FirstValue, r.LastValue, r.Mean)).ToList(),
                before.TryGetValue(meter.Id, out var last) ? last : null);
            var row = new double?[Months];
            for (var i = 0; i < rows.Count; i++)
                row[MonthIndex(first, DateOnly.FromDateTime(BrusselsTime.FromUtc(rows[i].StartsAt)))] = figures[i];
            byMonth[meter.Id] = row;
        }
        ByMonth = byMonth;
    }

    private static int MonthIndex(DateOnly first, DateOnly month) => (month.Year - first.Year) * 12 + month.Month - first.Month;
}
