using System.Globalization;
using KoproGo.Domain.Energy;
using KoproGo.Web.Infrastructure;
using Quartz;

namespace KoproGo.Web.Pages.Energy;

/// <summary>
/// Every night: makes the readings' partitions of this month and the next two (a month's readings never wait in the
/// default partition), drops whole the months no building keeps any more, and deletes the older readings of buildings
/// that keep fewer months than the longest, and the hourly summaries of the months dropped.
/// </summary>
public sealed class ReadingPartitionsJob(Db db) : IJob
{
    public const string Key = "meter-readings-partitions";

    public async ValueTask Execute(IJobExecutionContext context, CancellationToken cancellationToken) =>
        context.Result = await Run(BrusselsTime.Today);

    public async Task<IReadOnlyDictionary<string, int>> Run(DateOnly today)
    {
        var thisMonth = new DateOnly(today.Year, today.Month, 1);
        for (var m = 0; m <= 2; m++)
            await db.Scalar<string>("select meter_readings_partition(@month)", new { month = thisMonth.AddMonths(m) });
        var longest = await db.Scalar<int?>("select max(readings_retention_months) from buildings") ?? ReadingRetention.DefaultMonths;
        var keptFrom = ReadingRetention.KeptFrom(today, longest);
        var dropped = 0;
        foreach (var partition in await db.Query<string>("""
            select c.relname from pg_inherits i join pg_class c on c.oid = i.inhrelid
            where i.inhparent = 'meter_readings'::regclass and c.relname ~ '^meter_readings_[0-9]{4}_[0-9]{2}$'
            """))
        {
            var month = DateOnly.ParseExact(partition["meter_readings_".Length..], "yyyy_MM", CultureInfo.InvariantCulture);
            if (month.AddMonths(1) > keptFrom) continue;
            // the name comes from the catalogue and matched the pattern above: safe to write into the statement
            await db.Execute($"drop table {partition}");
            dropped++;
        }
        var deleted = await db.Execute("""
            delete from meter_readings r using sensors s, buildings b
            where r.sensor_id = s.id and s.building_id = b.id and b.readings_retention_months < @longest
              and r.measured_at < (date_trunc('month', @today::date) - make_interval(months => b.readings_retention_months)) at time zone 'Europe/Brussels'
            """, new { today, longest });
        // the hourly summaries go with the raw readings; the daily ones stay (a few hundred rows a year per sensor)
        var hours = await db.Execute("""
            delete from meter_reading_summaries m using sensors s, buildings b
            where m.sensor_id = s.id and s.building_id = b.id and m.period = 'hour'
              and m.starts_at < (date_trunc('month', @today::date) - make_interval(months => b.readings_retention_months)) at time zone 'Europe/Brussels'
            """, new { today });
        return new Dictionary<string, int> { ["partitions"] = dropped, ["readings"] = deleted, ["hourly summaries"] = hours };
    }
}
