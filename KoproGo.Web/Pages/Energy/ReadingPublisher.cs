using System.Diagnostics;
using System.Globalization;
using Dapper;
using MQTTnet;
using MQTTnet.Protocol;
using KoproGo.Domain.Energy;
using Npgsql;

namespace KoproGo.Web.Pages.Energy;

/// <summary>
/// The ingestion benchmark's publisher (<c>--publish-readings SLUG SENSORS SECONDS</c>, run by <c>./koprogo bench</c>):
/// gives the building that many electricity sensors, then publishes their readings as the building's gateway (QoS 1,
/// JSON with the moment) for that many seconds as fast as the service stores them — it keeps at most
/// <see cref="MaxAhead"/> readings ahead of what is stored, so the broker's queue never overflows — and prints what
/// was stored per second, the lag when it stops, the time to catch up and whether every reading published was stored.
/// </summary>
public static class ReadingPublisher
{
    public const string Argument = "--publish-readings";
    public const int MaxAhead = 12_000;

    public static async Task<int> Run(NpgsqlDataSource source, MqttOptions o, string? password, string[] args, TextWriter output, ILogger log)
    {
        var at = Array.IndexOf(args, Argument);
        if (args.Length < at + 4 || !int.TryParse(args[at + 2], out var count) || !int.TryParse(args[at + 3], out var seconds) || string.IsNullOrEmpty(o.Host))
        {
            output.WriteLine($"usage: {Argument} BUILDING-SLUG SENSORS SECONDS (with KoproGo:Mqtt:Host and the gateway's password in KoproGo:Demo:GatewayPassword)");
            return 2;
        }
        var building = args[at + 1];
        await using var conn = await source.OpenConnectionAsync();
        await conn.ExecuteAsync("""
            insert into sensors (organisation_id, building_id, kind, key, name, unit)
            select b.organisation_id, b.id, 'electricity', 'bench-' || n, 'Bench ' || n, 'kWh' from buildings b, generate_series(1, @count) n
            where b.slug = @building on conflict do nothing
            """, new { building, count });
        var ids = (await conn.QueryAsync<long>("""
            select s.id from sensors s join buildings b on b.id = s.building_id where b.slug = @building and s.key like 'bench-%' order by s.id limit @count
            """, new { building, count })).ToArray();
        if (ids.Length < count)
        {
            output.WriteLine($"no building {building}");
            return 2;
        }
        // what is stored, from the daily summaries (one row per sensor): cheap to ask often
        async Task<long> Stored() => await conn.ExecuteScalarAsync<long?>(
            "select sum(readings) from meter_reading_summaries where sensor_id = any(@ids) and period = 'day'", new { ids }) ?? 0;
        var before = await Stored();

        using var client = new MqttClientFactory(new MqttLog(log)).CreateMqttClient();
        await client.ConnectAsync(new MqttClientOptionsBuilder().WithTcpServer(o.Host, o.Port).WithClientId($"bench-publisher-{Guid.NewGuid():N}")
            .WithProtocolVersion(MQTTnet.Formatter.MqttProtocolVersion.V500).WithCredentials(building, password).Build());
        var topics = Enumerable.Range(1, count).Select(n => $"{SensorMessages.TopicRoot}/{building}/electricity/bench-{n}").ToArray();
        // each sensor's readings a millisecond apart from a moment of its own: all distinct, none in the future
        var start = DateTimeOffset.UtcNow.AddHours(-2);
        var clock = Stopwatch.StartNew();
        var window = new SemaphoreSlim(2_000);
        long published = 0, stored = before, failed = 0;
        var lastCheck = TimeSpan.Zero;
        var nextReport = TimeSpan.FromSeconds(10);
        while (clock.Elapsed < TimeSpan.FromSeconds(seconds))
        {
            if (published - (stored - before) >= MaxAhead || clock.Elapsed - lastCheck > TimeSpan.FromMilliseconds(250))
            {
                stored = await Stored();
                lastCheck = clock.Elapsed;
                if (published - (stored - before) >= MaxAhead) { await Task.Delay(20); continue; }
            }
            if (clock.Elapsed >= nextReport)
            {
                output.WriteLine($"  {nextReport.TotalSeconds,3:0} s: {published,10:N0} published, {stored - before,10:N0} stored");
                nextReport += TimeSpan.FromSeconds(10);
            }
            var n = published++;
            var sensor = (int)(n % count);
            var moment = start.AddMilliseconds(n / count);
            var payload = $$"""{"value": {{(n / count * 0.001).ToString("0.###", CultureInfo.InvariantCulture)}}, "at": "{{moment.ToString("yyyy-MM-ddTHH:mm:ss.fffK", CultureInfo.InvariantCulture)}}"}""";
            await window.WaitAsync();
            _ = client.PublishAsync(new MqttApplicationMessageBuilder().WithTopic(topics[sensor]).WithPayload(payload)
                    .WithQualityOfServiceLevel(MqttQualityOfServiceLevel.AtLeastOnce).Build())
                .ContinueWith(t =>
                {
                    if (!t.IsCompletedSuccessfully || t.Result.ReasonCode != MqttClientPublishReasonCode.Success) Interlocked.Increment(ref failed);
                    window.Release();
                });
        }
        for (var i = 0; i < 2_000; i++) await window.WaitAsync();
        var elapsed = clock.Elapsed.TotalSeconds;
        var storedAtEnd = await Stored() - before;
        var catchUp = Stopwatch.StartNew();
        while (await Stored() - before < published - failed && catchUp.Elapsed < TimeSpan.FromMinutes(2)) await Task.Delay(100);
        var total = await Stored() - before;
        output.WriteLine($"published {published:N0} readings from {count} sensors in {elapsed:0.0} s ({failed} refused by the broker)");
        output.WriteLine($"stored while publishing: {storedAtEnd:N0}, {storedAtEnd / elapsed:N0} readings/s sustained");
        output.WriteLine($"lag when publishing stopped: {published - storedAtEnd:N0} readings, caught up in {catchUp.Elapsed.TotalSeconds:0.0} s");
        output.WriteLine(total == published && failed == 0 ? $"check: published = stored = {total:N0}" : $"check FAILED: published {published:N0}, stored {total:N0}");
        if (total != published)
        {
            // which sensors miss readings, and their first missing moment: the broker's log (and the app's) at that moment
            // say whether the broker still holds them (unacknowledged, delivered again at the next connection) or dropped them
            var missing = await conn.QueryAsync<(long Sensor, long Stored, DateTime? FirstMissing)>("""
                select n, count(r.measured_at),
                       (select date_trunc('milliseconds', min(m)) from generate_series(@start, @start + make_interval(secs => (expected - 1) / 1000.0), interval '1 millisecond') m
                        where not exists (select 1 from meter_readings x where x.sensor_id = s.id and x.measured_at = date_trunc('milliseconds', m)))
                from unnest(@ids) with ordinality as s(id, n)
                cross join lateral (select (@published - n + @count) / @count as expected) e
                left join meter_readings r on r.sensor_id = s.id and r.measured_at >= date_trunc('milliseconds', @start)
                group by n, s.id, expected having count(r.measured_at) < expected order by n limit 5
                """, new { ids, start = start.UtcDateTime, published, count });
            foreach (var (sensor, storedOf, firstMissing) in missing)
                output.WriteLine($"  sensor bench-{sensor}: {storedOf:N0} stored, first missing at {firstMissing:O}");
        }
        await client.DisconnectAsync();
        return total == published && failed == 0 ? 0 : 1;
    }
}
