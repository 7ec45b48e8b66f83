using KoproGo.Domain.Energy;
using KoproGo.Web.Infrastructure;
using Quartz;

namespace KoproGo.Web.Pages.Energy;

/// <summary>
/// Every five minutes: checks each alert rule on each sensor it watches. When a rule starts to hold, an alert opens
/// (one open alert per rule and sensor, kept by a unique index) and the syndic — and for a private meter the lot's
/// owners — are notified in the app and by mail; when it stops holding, the alert ends and they are told it is back to
/// normal. However often the job runs, an episode is notified once each way.
/// </summary>
public sealed class SensorAlertsJob(Db db, Notifier notifier) : IJob
{
    public const string Key = "sensor-alerts";

    public async ValueTask Execute(IJobExecutionContext context, CancellationToken cancellationToken) =>
        await Run(DateTimeOffset.UtcNow, cancellationToken);

    private sealed record Watch(long RuleId, string Condition, double? Threshold, int? DurationMinutes, long SensorId, string Kind, string Name, string Unit,
        long? LotId, long BuildingId, string BuildingName, DateTime CreatedAt, DateTime? LastHeard, bool Open);

    /// <summary>Checks every rule as of <paramref name="now"/>; how many alerts started and ended.</summary>
    public async Task<(int Started, int Ended)> Run(DateTimeOffset now, CancellationToken cancellationToken = default)
    {
        var watches = await db.Query<Watch>("""
            select r.id as rule_id, r.condition, r.threshold, r.duration_minutes, s.id as sensor_id, s.kind, s.name, s.unit, s.lot_id,
                   b.id as building_id, b.name as building_name, s.created_at,
                   (select max(measured_at) from meter_readings m where m.sensor_id = s.id) as last_heard,
                   exists (select 1 from sensor_alerts a where a.rule_id = r.id and a.sensor_id = s.id and a.ended_at is null) as open
            from sensor_alert_rules r
            join sensors s on s.id = r.sensor_id or (r.sensor_id is null and s.building_id = r.building_id and s.kind = r.kind)
            join buildings b on b.id = s.building_id
            order by r.id, s.id
            """);
        int started = 0, ended = 0;
        foreach (var w in watches)
        {
            if (cancellationToken.IsCancellationRequested) break;
            var condition = SensorAlerts.Parse(w.Condition)!.Value;
            if (!SensorAlerts.AppliesTo(condition, w.Kind)) continue;
            var detail = await Holds(w, condition, now);
            await db.Begin();
            if (detail is not null && !w.Open)
            {
                var opened = await db.Scalar<long?>("""
                    insert into sensor_alerts (rule_id, sensor_id, detail) values (@RuleId, @SensorId, @detail)
                    on conflict (rule_id, sensor_id) where ended_at is null do nothing returning id
                    """, new { w.RuleId, w.SensorId, detail });
                if (opened is not null)
                {
                    started++;
                    await notifier.Send(db, await Recipients(w), Started(w, condition, detail), mailEveryone: condition == AlertCondition.Leak);
                }
            }
            else if (detail is null && w.Open)
            {
                var closed = await db.Scalar<long?>("""
                    update sensor_alerts set ended_at = now() where rule_id = @RuleId and sensor_id = @SensorId and ended_at is null returning id
                    """, new { w.RuleId, w.SensorId });
                if (closed is not null)
                {
                    ended++;
                    await notifier.Send(db, await Recipients(w), new Notifier.News("Back to normal: {0}", [w.Name],
                        "{0} ({1}) is back to normal.", [w.Name, w.BuildingName], $"/sensors/{w.SensorId}"));
                }
            }
            await db.Commit();
        }
        return (started, ended);
    }

    /// <summary>What shows the rule holds (the figure behind it), or null when it does not.</summary>
    private async Task<string?> Holds(Watch w, AlertCondition condition, DateTimeOffset now)
    {
        var hours = (w.DurationMinutes ?? 60) / 60;
        switch (condition)
        {
            case AlertCondition.Above or AlertCondition.Below:
            {
                var duration = TimeSpan.FromMinutes(w.DurationMinutes!.Value);
                var readings = (await db.Query<(DateTime At, double Value)>("""
                    select measured_at, value from (select measured_at, value from meter_readings
                    where sensor_id = @SensorId and measured_at > @since order by measured_at desc limit 10000) r order by measured_at
                    """, new { w.SensorId, since = (now - duration - TimeSpan.FromHours(1)).UtcDateTime }))
                    .Select(r => (new DateTimeOffset(r.At, TimeSpan.Zero), r.Value)).ToList();
                var threshold = w.Threshold!.Value;
                Func<double, bool> breaches = condition == AlertCondition.Above ? v => v > threshold : v => v < threshold;
                return SensorAlerts.Sustained(readings, breaches, duration) ? Figure(readings[^1].Value, w.Unit) : null;
            }
            case AlertCondition.Silent:
            {
                var lastHeard = new DateTimeOffset(w.LastHeard ?? w.CreatedAt, TimeSpan.Zero);
                return SensorAlerts.Silent(lastHeard, now, TimeSpan.FromHours(hours)) ? BrusselsTime.FromUtc(lastHeard.UtcDateTime).ToString("yyyy-MM-dd HH:mm") : null;
            }
            case AlertCondition.Leak:
            {
                var night = SensorAlerts.LastNight(BrusselsTime.FromUtc(now.UtcDateTime));
                var from = BrusselsTime.ToUtc(night, TimeOnly.MinValue);
                var to = BrusselsTime.ToUtc(night, new TimeOnly(SensorAlerts.NightEndsAtHour, 0));
                var slots = new List<DateTime>();
                for (var h = from; h < to; h = h.AddHours(1)) slots.Add(h);
                var used = await ReadingSummaries.Figures(db, w.SensorId, w.Kind, "hour", "hour", from, to); // index meters only: consumption
                var nightHours = slots.Select(s => used.GetValueOrDefault(s)).ToList();
                return SensorAlerts.Leak(nightHours, hours) ? $"{night:yyyy-MM-dd}: {Figure(nightHours.Sum(), w.Unit)}" : null;
            }
            default: // spike: yesterday against the same weekday of the four weeks before
            {
                var yesterday = DateOnly.FromDateTime(BrusselsTime.FromUtc(now.UtcDateTime)).AddDays(-1);
                var from = BrusselsTime.ToUtc(yesterday.AddDays(-7 * SensorAlerts.SpikeWeeks), TimeOnly.MinValue);
                var used = await ReadingSummaries.Figures(db, w.SensorId, w.Kind, "day", "day", from, BrusselsTime.ToUtc(yesterday.AddDays(1), TimeOnly.MinValue));
                if (!used.TryGetValue(BrusselsTime.ToUtc(yesterday, TimeOnly.MinValue), out var day)) return null;
                var before = Enumerable.Range(1, SensorAlerts.SpikeWeeks)
                    .Select(k => used.TryGetValue(BrusselsTime.ToUtc(yesterday.AddDays(-7 * k), TimeOnly.MinValue), out var v) ? v : (double?)null)
                    .OfType<double>().ToList();
                return SensorAlerts.Spike(day, before, w.Threshold!.Value)
                    ? $"{yesterday:yyyy-MM-dd}: {Figure(day, w.Unit)} / {Figure(before.Average(), w.Unit)}" : null;
            }
        }
    }

    private static string Figure(double value, string unit) =>
        $"{value.ToString(unit == "m3" ? "0.###" : "0.#", System.Globalization.CultureInfo.InvariantCulture)} {unit}";

    private static Notifier.News Started(Watch w, AlertCondition condition, string detail)
    {
        var link = $"/sensors/{w.SensorId}";
        var threshold = w.Threshold?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "";
        var hours = (w.DurationMinutes ?? 0) / 60;
        return condition switch
        {
            AlertCondition.Above => new("Alert: {0}", [w.Name], "{0} ({1}) has stayed above {2} {3} for {4} minutes: last value {5}.",
                [w.Name, w.BuildingName, threshold, w.Unit, w.DurationMinutes!, detail], link),
            AlertCondition.Below => new("Alert: {0}", [w.Name], "{0} ({1}) has stayed below {2} {3} for {4} minutes: last value {5}.",
                [w.Name, w.BuildingName, threshold, w.Unit, w.DurationMinutes!, detail], link),
            AlertCondition.Leak => new("Possible leak: {0}", [w.Name], "{0} ({1}) kept flowing for {2} hours in a row during the night ({3}): a leak is likely.",
                [w.Name, w.BuildingName, hours, detail], link),
            AlertCondition.Spike => new("Unusual consumption: {0}", [w.Name], "{0} ({1}) consumed more than {2} % above the same weekday's average of the last four weeks ({3}).",
                [w.Name, w.BuildingName, threshold, detail], link),
            _ => new("Sensor silent: {0}", [w.Name], "{0} ({1}) has sent nothing for {2} hours (last reading: {3}).",
                [w.Name, w.BuildingName, hours, detail], link),
        };
    }

    /// <summary>The building's syndic users and, for a private meter, the users of the lot's owners today.</summary>
    private async Task<IEnumerable<long>> Recipients(Watch w) =>
        (await Syndics.UserIds(db, w.BuildingId)).Concat(w.LotId is null ? [] : await db.Query<long>($"""
            select u.id from users u join lot_ownerships o on o.owner_id = u.owner_id where o.lot_id = @LotId and {Ownerships.HeldToday}
            """, new { w.LotId }));
}
