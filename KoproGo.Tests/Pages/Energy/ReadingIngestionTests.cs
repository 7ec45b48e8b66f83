using System.Globalization;
using KoproGo.Tests.Support;
using KoproGo.Web.Pages.Energy;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using MQTTnet;
using MQTTnet.Protocol;

namespace KoproGo.Tests.Pages.Energy;

/// <summary>
/// Readings published by gateways (MQTTnet clients) to a real Mosquitto land once in PostgreSQL; what cannot be stored
/// is listed with its reason; a gateway cannot publish under another building; a restart of the broker or of the app in
/// the middle of a stream loses and doubles nothing.
/// </summary>
public class ReadingIngestionTests(App app, Mosquitto broker, KoproGo.Tests.Browser.Chromium chromium) : AppTest(app), IClassFixture<Mosquitto>,
    IClassFixture<KoproGo.Tests.Browser.Chromium>
{
    // Each test subscribes in a group of its own: the broker keeps delivering a group's share to a member that left
    // with a persistent session (the previous test's app), to be read when it comes back.
    private App WithBroker(string clientId, string? group = null) => new(new Dictionary<string, string?>
    {
        ["KoproGo:Mqtt:Group"] = group ?? clientId,
        ["KoproGo:Mqtt:Host"] = "127.0.0.1",
        ["KoproGo:Mqtt:Port"] = broker.Port.ToString(),
        ["KoproGo:Mqtt:User"] = Mosquitto.AppUser,
        ["KoproGo:Mqtt:Password"] = Mosquitto.Password,
        ["KoproGo:Mqtt:ClientId"] = clientId,
    });

    private async Task<IMqttClient> Gateway(string building)
    {
        var client = new MqttClientFactory().CreateMqttClient();
        await client.ConnectAsync(new MqttClientOptionsBuilder().WithTcpServer("127.0.0.1", broker.Port).WithClientId($"gateway-{building}-{Guid.NewGuid():N}")
            .WithProtocolVersion(MQTTnet.Formatter.MqttProtocolVersion.V500).WithCredentials(building, Mosquitto.Password).Build());
        return client;
    }

    private static Task<MqttClientPublishResult> Publish(IMqttClient gateway, string topic, string payload) =>
        gateway.PublishAsync(new MqttApplicationMessageBuilder().WithTopic(topic).WithPayload(payload).WithQualityOfServiceLevel(MqttQualityOfServiceLevel.AtLeastOnce).Build());

    private async Task<long> Sensor(string kind, string key, double? min = null, double? max = null) => await Scalar<long>("""
        insert into sensors (organisation_id, building_id, kind, key, name, unit, min_value, max_value)
        select organisation_id, id, @kind, @key, @key, @unit, @min, @max from buildings where slug = 'residence-les-tilleuls' returning id
        """, new { kind, key, unit = KoproGo.Domain.Energy.SensorKinds.Units[kind], min, max });

    private async Task Until(string sql, long expected, object? param = null)
    {
        for (var i = 0; i < 300 && await Scalar<long>(sql, param) < expected; i++) await Task.Delay(100);
        Assert.Equal(expected, await Scalar<long>(sql, param));
    }

    private static string At(DateTimeOffset moment) => moment.ToString("yyyy-MM-ddTHH:mm:ssK", CultureInfo.InvariantCulture);

    [Fact]
    public async Task Readings_land_once_and_what_cannot_be_stored_is_listed_with_its_reason()
    {
        await using var ingesting = WithBroker("koprogo-landing");
        await ingesting.InitializeAsync();
        // this month's and last month's partitions, as the nightly job keeps them (a test database can be older than a month)
        await Scalar<string>("select meter_readings_partition(current_date)");
        await Scalar<string>("select meter_readings_partition((current_date - interval '1 month')::date)");
        var (heatId, waterId) = (await Sensor("heat", "a2-4", 0, 1_000_000), await Sensor("cold_water", "main"));
        using var tilleuls = await Gateway("residence-les-tilleuls");
        var start = DateTimeOffset.UtcNow.AddHours(-3);
        for (var i = 0; i < 300; i++)
        {
            var result = await Publish(tilleuls, "koprogo/residence-les-tilleuls/heat/a2-4", $$"""{"value": {{1000 + i}}.5, "at": "{{At(start.AddSeconds(10 * i))}}"}""");
            Assert.Equal(MqttClientPublishReasonCode.Success, result.ReasonCode);
        }
        // a plain number, measured on arrival; the same reading twice (a gateway's retry)
        await Publish(tilleuls, "koprogo/residence-les-tilleuls/cold_water/main", "123.456");
        await Publish(tilleuls, "koprogo/residence-les-tilleuls/heat/a2-4", $$"""{"value": 1000.5, "at": "{{At(start)}}"}""");
        // what cannot be stored
        await Publish(tilleuls, "koprogo/residence-les-tilleuls/heat/a2-4", "douze");
        await Publish(tilleuls, "koprogo/residence-les-tilleuls/heat/a2-4", """{"value": -4}""");
        await Publish(tilleuls, "koprogo/residence-les-tilleuls/heat/a9-9", "12");
        await Publish(tilleuls, "koprogo/residence-les-tilleuls/heat/a2-4", $$"""{"value": 3, "at": "{{At(DateTimeOffset.UtcNow.AddDays(1))}}"}""");

        await Until("select count(*) from meter_readings where sensor_id = @heatId", 300, new { heatId });
        await Until("select count(*) from meter_readings where sensor_id = @waterId", 1, new { waterId });
        await Until("select count(*) from rejected_readings", 4);
        Assert.Equal(1299.5, await Scalar<double>("select value from meter_readings where sensor_id = @heatId order by measured_at desc limit 1", new { heatId }));
        Assert.Equal(123.456, await Scalar<double>("select value from meter_readings where sensor_id = @waterId", new { waterId }));
        var reasons = await Query<string>("select reason from rejected_readings order by id");
        Assert.Contains("not a number", reasons);
        Assert.Contains("out of range (0 to 1000000)", reasons);
        // the summaries count each reading once, the retried one too; the day's last value is the last reading's
        Assert.Equal(300, await Scalar<long>("select sum(readings) from meter_reading_summaries where sensor_id = @heatId and period = 'hour'", new { heatId }));
        Assert.Equal(300, await Scalar<long>("select sum(readings) from meter_reading_summaries where sensor_id = @heatId and period = 'day'", new { heatId }));
        Assert.Equal(1299.5, await Scalar<double>("select last_value from meter_reading_summaries where sensor_id = @heatId and period = 'day' order by starts_at desc limit 1", new { heatId }));
        Assert.Contains("unknown sensor", reasons);
        Assert.Contains("measured in the future", reasons);
        Assert.All(await Query<long?>("select building_id from rejected_readings"), b => Assert.NotNull(b));
        // Prometheus sees them (an app scrapes every instrument of the process: the counters are the process's)
        var scrape = await KoproGo.Tests.Pages.Admin.MetricsTests.Scrape(ingesting);
        Assert.True(KoproGo.Tests.Pages.Admin.MetricsTests.Value(scrape, "koprogo_readings_stored_total") >= 302);
        Assert.True(KoproGo.Tests.Pages.Admin.MetricsTests.Value(scrape, "koprogo_readings_rejected_total") >= 4);
        Assert.Contains("koprogo_readings_lag_seconds_bucket{", scrape);
        Assert.Contains("koprogo_readings_queued", scrape);
        // readings of a month went to that month's partition
        Assert.Equal(0, await Scalar<long>("select count(*) from meter_readings_default"));

        // another building's gateway cannot write under Les Tilleuls (the broker's ACL)
        using var linde = await Gateway("gebouw-de-linde");
        var refused = await Publish(linde, "koprogo/residence-les-tilleuls/heat/a2-4", "5");
        Assert.Equal(MqttClientPublishReasonCode.NotAuthorized, refused.ReasonCode);
        await Task.Delay(500);
        Assert.Equal(301, await Scalar<long>("select count(*) from meter_readings"));
    }

    [Fact]
    public async Task A_restart_of_the_broker_and_of_the_app_in_the_middle_of_a_stream_loses_and_doubles_nothing()
    {
        var ingesting = WithBroker("koprogo-restarts");
        await ingesting.InitializeAsync();
        var heat = await Sensor("heat", "a2-4");
        using var tilleuls = await Gateway("residence-les-tilleuls");
        var start = DateTimeOffset.UtcNow.AddHours(-6);
        var published = 0;
        async Task Stream(int count)
        {
            for (var i = 0; i < count; i++, published++)
                Assert.Equal(MqttClientPublishReasonCode.Success,
                    (await Publish(tilleuls, "koprogo/residence-les-tilleuls/heat/a2-4", $$"""{"value": {{published}}, "at": "{{At(start.AddSeconds(published))}}"}""")).ReasonCode);
        }
        await Stream(500);
        await Until("select count(*) from meter_readings where sensor_id = @heat", 500, new { heat });
        // the app stops mid-stream; the gateway goes on: the broker keeps the app's session and queues its readings
        await ingesting.DisposeAsync();
        await Stream(500);
        // the broker restarts meanwhile (its sessions and queues saved to disk), then the app comes back
        await broker.Stop();
        await broker.Start();
        // (started without the fixture's reset, which would empty the database)
        await using var again = WithBroker("koprogo-restarts");
        again.StartServer();
        await Until("select count(*) from meter_readings where sensor_id = @heat", 1000, new { heat });
        // the gateway reconnects and goes on
        using var reconnected = await Gateway("residence-les-tilleuls");
        for (var i = 0; i < 500; i++, published++)
            Assert.Equal(MqttClientPublishReasonCode.Success,
                (await Publish(reconnected, "koprogo/residence-les-tilleuls/heat/a2-4", $$"""{"value": {{published}}, "at": "{{At(start.AddSeconds(published))}}"}""")).ReasonCode);
        await Until("select count(*) from meter_readings where sensor_id = @heat", 1500, new { heat });
        Assert.Equal(1500, await Scalar<long>("select count(distinct measured_at) from meter_readings where sensor_id = @heat", new { heat }));
        Assert.Equal(0, await Scalar<long>("select count(*) from rejected_readings"));
    }

    [Fact]
    public async Task Two_instances_share_the_stream_and_store_each_reading_once()
    {
        await using var first = WithBroker("koprogo-shared-1", "koprogo-shared");
        await first.InitializeAsync();
        // (started without the fixture's reset, which would empty the database)
        await using var second = WithBroker("koprogo-shared-2", "koprogo-shared");
        second.StartServer();
        static ReadingIngestion Ingestion(App app) => app.Services.GetServices<IHostedService>().OfType<ReadingIngestion>().Single();
        var water = await Sensor("cold_water", "shared");
        using var tilleuls = await Gateway("residence-les-tilleuls");
        var start = DateTimeOffset.UtcNow.AddHours(-1);
        // both subscribed before the stream starts
        for (var i = 0; i < 100 && !(Ingestion(first).Subscribed && Ingestion(second).Subscribed); i++) await Task.Delay(100);
        Assert.True(Ingestion(first).Subscribed && Ingestion(second).Subscribed);
        for (var i = 0; i < 2000; i++)
            await Publish(tilleuls, "koprogo/residence-les-tilleuls/cold_water/shared", $$"""{"value": {{i}}, "at": "{{At(start.AddSeconds(i))}}"}""");
        await Until("select count(*) from meter_readings where sensor_id = @water", 2000, new { water });
        var (a, b) = (Ingestion(first).Stored, Ingestion(second).Stored);
        // each reading went to one instance only, and both took a share
        Assert.Equal(2000, a + b);
        Assert.True(a > 0 && b > 0, $"first stored {a}, second {b}");
        Assert.Equal(2000, await Scalar<long>("select sum(readings) from meter_reading_summaries where sensor_id = @water and period = 'hour'", new { water }));
    }

    [Fact]
    public async Task A_reading_published_to_the_broker_appears_on_an_open_chart_without_reloading_it()
    {
        await using var ingesting = WithBroker("koprogo-live");
        await ingesting.InitializeAsync();
        var heat = await Sensor("heat", "live");
        var context = await chromium.Browser.NewContextAsync(new Microsoft.Playwright.BrowserNewContextOptions { BaseURL = ingesting.BaseUrl, Locale = "en" });
        var page = await context.NewPageAsync();
        await page.GotoAsync("/account/login");
        await page.FillAsync("#Input_Email", "syndic@demo.koprogo.be");
        await page.FillAsync("#Input_Password", Session.DemoPassword);
        await page.ClickAsync("main button[type=submit]");
        await page.WaitForURLAsync(url => !url.Contains("/account/login"));
        await page.GotoAsync($"/sensors/{heat}?period=hour");
        Assert.Equal(0, await page.Locator("#sensor-chart tbody tr").CountAsync());
        using var tilleuls = await Gateway("residence-les-tilleuls");
        await Publish(tilleuls, "koprogo/residence-les-tilleuls/heat/live", "4242.5");
        // htmx swaps the chart in once the reading is stored: no reload
        await page.Locator("#sensor-chart tbody tr").First.WaitForAsync(new() { State = Microsoft.Playwright.WaitForSelectorState.Attached });
        Assert.Contains("4242", (await page.Locator("#sensor-chart tbody td").First.TextContentAsync())!.Replace(",", "").Replace(" ", "").Replace("\u00a0", "").Replace("\u202f", ""));
        await context.CloseAsync();
    }
}
