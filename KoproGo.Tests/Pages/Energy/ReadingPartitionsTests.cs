using KoproGo.Tests.Support;

namespace KoproGo.Tests.Pages.Energy;

public class ReadingPartitionsTests(App app) : AppTest(app)
{
    private Task<long> Sensor(string building) => Scalar<long>("""
        insert into sensors (organisation_id, building_id, kind, key, name, unit)
        select organisation_id, id, 'heat', 'main', 'Chaufferie', 'kWh' from buildings where slug = @building returning id
        """, new { building });

    private Task Reading(long sensor, string age) => Query<int>(
        $"insert into meter_readings (sensor_id, measured_at, value) values (@sensor, now() - interval '{age}', 1) returning 1", new { sensor });

    [Fact]
    public async Task The_nightly_job_prepares_the_months_ahead_and_drops_what_each_building_no_longer_keeps()
    {
        var old = await Scalar<string>("select meter_readings_partition((date_trunc('month', now()) - interval '20 months')::date)");
        var tilleuls = await Sensor("residence-les-tilleuls");
        var linde = await Sensor("gebouw-de-linde");
        await Query<int>("update buildings set readings_retention_months = 1 where slug = 'gebouw-de-linde' returning 1");
        await Reading(tilleuls, "20 months");
        await Reading(tilleuls, "2 months");
        await Reading(linde, "2 months");
        await Reading(linde, "1 minute");

        await RunJob("meter-readings-partitions");

        // the month 20 months ago is gone whole (13 months kept at most); the next two months are ready
        Assert.Null(await Scalar<string?>("select to_regclass(@old)::text", new { old }));
        foreach (var ahead in new[] { 0, 1, 2 })
            Assert.NotNull(await Scalar<string?>($"select to_regclass('meter_readings_' || to_char(date_trunc('month', now() at time zone 'Europe/Brussels') + interval '{ahead} months', 'YYYY_MM'))::text"));
        Assert.Equal(1, await Scalar<long>("select count(*) from meter_readings where sensor_id = @tilleuls", new { tilleuls }));
        // De Linde keeps one month before the current one: its reading of two months ago is deleted, today's kept
        Assert.Equal(1, await Scalar<long>("select count(*) from meter_readings where sensor_id = @linde and measured_at > now() - interval '1 hour'", new { linde }));
        Assert.Equal(1, await Scalar<long>("select count(*) from meter_readings where sensor_id = @linde", new { linde }));
        // (a test database may hold older months of its own: at least the one made here is counted)
        var removed = await Row<(int Partitions, int Readings)>("""
            select (removed->>'partitions')::int, (removed->>'readings')::int from job_runs where job_key = 'meter-readings-partitions' and manual order by id desc limit 1
            """);
        Assert.True(removed.Partitions >= 1, $"{removed.Partitions} partitions dropped");
        Assert.Equal(1, removed.Readings);
    }
}
