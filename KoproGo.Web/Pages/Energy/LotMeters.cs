using System.Globalization;
using KoproGo.Domain.Energy;
using KoproGo.Web.Infrastructure;

namespace KoproGo.Web.Pages.Energy;

/// <summary>
/// What each lot's private meters of a kind measured over a period (Brussels days, both included), read from the daily
/// summaries: per meter, the last index before the period (or its first in it, for a meter installed since) to its last
/// in it; a replaced meter and its successor add up (<see cref="MeterReadings.AcrossReplacement"/>), a drop of an index
/// is a reset counted from its lowest point. Used by the keys from meter readings and by the imports' checks.
/// </summary>
public static class LotMeters
{
    /// <summary>Which meters count: the firm's register meters where a lot has some (they bill heating), else its live
    /// sensors; or only the one or the other (to compare them).</summary>
    public enum Source { Billing, Register, Live }

    public sealed record Meter(long SensorId, string Key, string? Serial, double? Start, double? End, decimal Consumption, bool Reset);

    public sealed record Lot(long LotId, string Number, int Quota, decimal Consumption, IReadOnlyList<Meter> Meters)
    {
        /// <summary>Each meter's indexes, as the key and the owner's statement show them.</summary>
        public string Readings(CultureInfo culture) => string.Join("; ", Meters.Select(m =>
            m.End is null ? $"{m.Serial ?? m.Key}: —" : $"{m.Serial ?? m.Key}: {m.Start?.ToString("N3", culture)} → {m.End.Value.ToString("N3", culture)}"));
    }

    /// <summary>
    /// The lot a meter's form names by its number (any case), empty for the common parts; an unknown number is an error
    /// by the field.
    /// </summary>
    public static async Task<long?> LotByNumber(Db db, FormCheck check, string field, long buildingId, string? text)
    {
        var lotNumber = check.Optional(field, text, 20);
        if (lotNumber is null) return null;
        var lotId = await db.Scalar<long?>("select id from lots where building_id = @buildingId and lower(number) = lower(@lotNumber)", new { buildingId, lotNumber });
        if (lotId is null) check.Error(field, "No lot {0} in this building.", lotNumber);
        return lotId;
    }

    public static async Task<IReadOnlyList<Lot>> Consumptions(Db db, long buildingId, string kind, DateOnly from, DateOnly to, Source source = Source.Billing)
    {
        var meters = await db.Query<(long SensorId, string Key, string? Serial, long LotId, string Number, int Quota)>("""
            select s.id, s.key, s.serial, l.id, l.number, l.quota from sensors s join lots l on l.id = s.lot_id
            where s.building_id = @buildingId and s.kind = @kind
              and case @source when 'Register' then s.serial is not null when 'Live' then s.serial is null
                  else s.serial is not null or not exists (select 1 from sensors r where r.lot_id = s.lot_id and r.kind = s.kind and r.serial is not null) end
            order by l.number collate natural_sort, s.installed_on nulls first, s.key
            """, new { buildingId, kind, source = source.ToString() });
        if (meters.Count == 0) return [];
        var ids = meters.Select(m => m.SensorId).ToArray();
        var start = BrusselsTime.ToUtc(from, TimeOnly.MinValue);
        var days = await ReadingSummaries.Buckets(db, ids, "day", "day", start, BrusselsTime.ToUtc(to.AddDays(1), TimeOnly.MinValue));
        var before = await ReadingSummaries.LastBefore(db, ids, "day", start);
        return meters.GroupBy(m => (m.LotId, m.Number, m.Quota)).Select(lot =>
        {
            var measured = lot.Select(meter =>
            {
                var buckets = days.Where(d => d.SensorId == meter.SensorId).Select(d => d.Bucket).ToList();
                double? lastBefore = before.TryGetValue(meter.SensorId, out var b) ? b : null;
                var used = decimal.Round((decimal)MeterSeries.Consumption(buckets, lastBefore).Sum(), 3);
                var reset = buckets.Select((x, i) => x.LastValue < (i == 0 ? lastBefore ?? x.FirstValue : buckets[i - 1].LastValue) || x.LastValue < x.FirstValue).Any(r => r);
                return new Meter(meter.SensorId, meter.Key, meter.Serial, lastBefore ?? buckets.FirstOrDefault()?.FirstValue,
                    buckets.Count == 0 ? null : buckets[^1].LastValue, used, reset);
            }).ToList();
            return new Lot(lot.Key.LotId, lot.Key.Number, lot.Key.Quota, measured.Sum(m => m.Consumption), measured);
        }).ToList();
    }
}
