using KoproGo.Domain.Energy;
using KoproGo.Web.Infrastructure;
using KoproGo.Web.Pages.Energy;
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
        var ids = privateMeters.Select(m => m.Id).ToArray();
        var months = await ReadingSummaries.Buckets(db, ids, "day", "month", from, DateTime.UtcNow.AddDays(1));
        var before = await ReadingSummaries.LastBefore(db, ids, "day", from);
        var byMonth = new Dictionary<long, double?[]>();
        foreach (var meter in privateMeters)
        {
            var rows = months.Where(m => m.SensorId == meter.Id).ToList();
            var figures = MeterSeries.Figures(meter.Kind, rows.Select(r => r.Bucket).ToList(), before.TryGetValue(meter.Id, out var last) ? last : null);
            var row = new double?[Months];
            for (var i = 0; i < rows.Count; i++)
                row[MonthIndex(first, DateOnly.FromDateTime(BrusselsTime.FromUtc(rows[i].StartsAt)))] = figures[i];
            byMonth[meter.Id] = row;
        }
        ByMonth = byMonth;
    }

    private static int MonthIndex(DateOnly first, DateOnly month) => (month.Year - first.Year) * 12 + month.Month - first.Month;
}
