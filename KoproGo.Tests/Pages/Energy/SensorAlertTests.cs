using System.Net;
using KoproGo.Tests.Support;
using KoproGo.Web.Infrastructure;
using KoproGo.Web.Pages.Energy;
using Microsoft.Extensions.DependencyInjection;

namespace KoproGo.Tests.Pages.Energy;

/// <summary>
/// Alert rules fire once per episode and clear once, notifying the syndic (and a private meter's owner), however often
/// the job runs: over a threshold for a while, a leak during the night, a day far above the usual, a silent sensor.
/// </summary>
public class SensorAlertTests(App app) : AppTest(app)
{
    private Task<long> Tilleuls() => Scalar<long>("select id from buildings where slug = 'residence-les-tilleuls'");

    private Task<long> Sensor(string kind, string key, long? lotId = null) => Readings.Sensor(App, kind, key, lotId);

    private Task<long> Rule(string condition, long? sensorId, string? kind, double? threshold, int? minutes) => Scalar<long>("""
        insert into sensor_alert_rules (organisation_id, building_id, sensor_id, kind, condition, threshold, duration_minutes)
        select organisation_id, id, @sensorId, @kind, @condition, @threshold, @minutes from buildings where slug = 'residence-les-tilleuls' returning id
        """, new { condition, sensorId, kind, threshold, minutes });

    private Task Store(IReadOnlyCollection<(long Sensor, DateTime At, double Value)> readings) => Readings.Store(App, readings);

    private async Task<(int Started, int Ended)> Check(DateTimeOffset now)
    {
        await using var scope = App.Services.CreateAsyncScope();
        return await ActivatorUtilities.CreateInstance<SensorAlertsJob>(scope.ServiceProvider).Run(now);
    }

    private Task<long> Notices(string email, long sensor, string titleLike) => Scalar<long>("""
        select count(*) from notifications n join users u on u.id = n.user_id where u.email = @email and n.link = @link and n.title like @titleLike
        """, new { email, link = $"/sensors/{sensor}", titleLike });

    [Fact]
    public async Task A_temperature_over_its_threshold_for_ten_minutes_alerts_once_and_clears_once()
    {
        var building = await Tilleuls();
        var boiler = await Sensor("temperature", "boiler");
        var syndic = await SignedIn("syndic@demo.koprogo.be");
        await syndic.Post("/language", ("code", "en"), ("returnUrl", "/"));
        // bad input: each field says what is wrong, what was typed is kept
        var bad = await Session.Parse(await syndic.Post($"/buildings/{building}/sensors?handler=rule",
            ("NewRule.Target", "sensor:999999"), ("NewRule.Condition", "above"), ("NewRule.Threshold", "trente"), ("NewRule.Minutes", "0")));
        Assert.Equal("Choose the sensor or the kind of sensors to watch.", bad.FieldError("NewRule.Target"));
        Assert.NotNull(bad.FieldError("NewRule.Threshold"));
        Assert.NotNull(bad.FieldError("NewRule.Minutes"));
        Assert.Equal("trente", bad.FieldValue("NewRule.Threshold"));
        var leakOnThermometer = await Session.Parse(await syndic.Post($"/buildings/{building}/sensors?handler=rule",
            ("NewRule.Target", $"sensor:{boiler}"), ("NewRule.Condition", "leak"), ("NewRule.Hours", "3")));
        Assert.Equal("A leak or an unusual consumption is judged on a meter's consumption, not on a temperature.", leakOnThermometer.FieldError("NewRule.Condition"));
        Assert.Equal(0, await Scalar<long>("select count(*) from sensor_alert_rules"));
        Assert.Equal(HttpStatusCode.Redirect, (await syndic.Post($"/buildings/{building}/sensors?handler=rule",
            ("NewRule.Target", $"sensor:{boiler}"), ("NewRule.Condition", "above"), ("NewRule.Threshold", "30"), ("NewRule.Minutes", "10"))).StatusCode);
        Assert.Equal(("above", 30.0, 10), await Row<(string, double, int)>("select condition, threshold, duration_minutes from sensor_alert_rules"));

        var now = DateTimeOffset.UtcNow;
        // 35 °C for five minutes: not yet
        await Store([.. Enumerable.Range(1, 5).Select(m => (boiler, now.AddMinutes(-m).UtcDateTime, 35.0))]);
        Assert.Equal((0, 0), await Check(now));
        // for twenty minutes: an alert, notified once however often the job runs
        await Store([.. Enumerable.Range(6, 15).Select(m => (boiler, now.AddMinutes(-m).UtcDateTime, 35.0))]);
        Assert.Equal((1, 0), await Check(now));
        Assert.Equal((0, 0), await Check(now.AddMinutes(5)));
        Assert.Equal(1, await Notices("syndic@demo.koprogo.be", boiler, "Alerte%"));
        Assert.Contains("Still on", (await syndic.Get($"/buildings/{building}/sensors")).QuerySelector("#alerts + div")!.TextContent);
        // back under: the alert ends, once
        await Store([(boiler, now.AddMinutes(1).UtcDateTime, 21.5)]);
        Assert.Equal((0, 1), await Check(now.AddMinutes(2)));
        Assert.Equal((0, 0), await Check(now.AddMinutes(7)));
        Assert.Equal(1, await Notices("syndic@demo.koprogo.be", boiler, "Retour à la normale%"));
        Assert.Equal(1, await Scalar<long>("select count(*) from sensor_alerts where ended_at is not null"));
        // an ended alert is history: the database refuses to reopen it
        var reopen = await Assert.ThrowsAsync<Npgsql.PostgresException>(() => Scalar<long>("update sensor_alerts set ended_at = null returning id"));
        Assert.Equal("sensor_alerts_stay_ended", reopen.ConstraintName);
        // and another firm cannot touch the rules
        var ruleId = await Scalar<long>("select id from sensor_alert_rules");
        var other = await SignedIn("syndic2@demo.koprogo.be");
        Assert.Equal(HttpStatusCode.NotFound, (await other.Post($"/buildings/{building}/sensors?handler=deleteRule&ruleId={ruleId}")).StatusCode);
        Assert.Equal(1, await Scalar<long>("select count(*) from sensor_alert_rules"));
    }

    [Fact]
    public async Task Water_flowing_all_night_in_a_private_flat_alerts_the_syndic_and_the_lots_owner()
    {
        var lot = await Scalar<long>($"""
            select l.id from lots l join lot_ownerships o on o.lot_id = l.id join users u on u.owner_id = o.owner_id join buildings b on b.id = l.building_id
            where u.email = 'owner@demo.koprogo.be' and b.slug = 'residence-les-tilleuls' and {Ownerships.HeldToday} order by l.id limit 1
            """);
        var tap = await Sensor("hot_water", "a1-1", lot);
        await Rule("leak", null, "hot_water", null, 3 * 60);
        var now = DateTimeOffset.UtcNow;
        var night = KoproGo.Domain.Energy.SensorAlerts.LastNight(BrusselsTime.FromUtc(now.UtcDateTime));
        // a reading at half past each hour from 23:30 the evening before to 5:30: 10 litres an hour all night
        var start = BrusselsTime.ToUtc(night.AddDays(-1), new TimeOnly(23, 30));
        await Store([.. Enumerable.Range(0, 7).Select(h => (tap, start.AddHours(h), 50 + 0.01 * h))]);
        Assert.Equal((1, 0), await Check(now));
        Assert.Equal((0, 0), await Check(now));
        Assert.Equal(1, await Notices("syndic@demo.koprogo.be", tap, "Fuite possible%"));
        Assert.Equal(1, await Notices("owner@demo.koprogo.be", tap, "%"));
        Assert.Equal(0, await Notices("board@demo.koprogo.be", tap, "%"));
    }

    [Fact]
    public async Task A_silent_sensor_and_a_day_far_above_the_same_weekdays_alert()
    {
        var meter = await Sensor("electricity", "common");
        var gas = await Sensor("gas", "boiler");
        await Rule("silent", null, "electricity", null, 2 * 60);
        await Rule("spike", gas, null, 50, null);
        var now = DateTimeOffset.UtcNow;
        // never heard from since it was added: silent two hours later
        Assert.Equal((0, 0), await Check(now.AddHours(1)));
        // gas at noon every day for five weeks, 10 m3 a day, 25 m3 on the day before the check (in Brussels: after 21:00
        // the check three hours on falls on tomorrow)
        var checkedOn = BrusselsTime.FromUtc(now.AddHours(3).UtcDateTime);
        var yesterday = DateOnly.FromDateTime(checkedOn).AddDays(-1);
        var index = 1000.0;
        var readings = new List<(long, DateTime, double)>();
        for (var d = yesterday.AddDays(-35); d <= yesterday; d = d.AddDays(1))
        {
            index += d == yesterday ? 25 : 10;
            readings.Add((gas, BrusselsTime.ToUtc(d, new TimeOnly(12, 0)), index));
        }
        await Store(readings);
        Assert.Equal((2, 0), await Check(now.AddHours(3)));
        Assert.Equal(1, await Notices("syndic@demo.koprogo.be", meter, "Capteur muet%"));
        Assert.Equal(1, await Notices("syndic@demo.koprogo.be", gas, "Consommation inhabituelle%"));
        // it speaks again
        await Store([(meter, now.AddHours(2.5).UtcDateTime, 1.0)]);
        Assert.Equal((0, 1), await Check(now.AddHours(3)));
    }
}
