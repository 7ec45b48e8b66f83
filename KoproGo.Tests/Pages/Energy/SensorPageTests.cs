using System.Net;
using KoproGo.Tests.Support;

namespace KoproGo.Tests.Pages.Energy;

public class SensorPageTests(App app) : AppTest(app)
{
    private Task<long> Tilleuls() => Scalar<long>("select id from buildings where slug = 'residence-les-tilleuls'");

    [Fact]
    public async Task The_syndic_adds_a_sensor_sees_its_topic_and_last_reading_and_the_refused_ones()
    {
        var building = await Tilleuls();
        var syndic = await SignedIn("syndic@demo.koprogo.be");
        await syndic.Post("/language", ("code", "en"), ("returnUrl", "/"));
        Assert.Contains("No sensor yet.", (await syndic.Get($"/buildings/{building}/sensors")).MainText());

        // bad input: each field says what is wrong, what was typed is kept
        var bad = await Session.Parse(await syndic.Post($"/buildings/{building}/sensors", ("Input.Kind", "steam"), ("Input.Key", "A2 4"),
            ("Input.Name", ""), ("Input.Lot", "Z99"), ("Input.Min", "10"), ("Input.Max", "5")));
        Assert.Equal("Choose what the sensor measures.", bad.FieldError("Input.Kind"));
        Assert.Equal("Lowercase letters, digits and dashes only, as in the gateway's topic (e.g. a2-4).", bad.FieldError("Input.Key"));
        Assert.Equal("This field is required.", bad.FieldError("Input.Name"));
        Assert.Equal("No lot Z99 in this building.", bad.FieldError("Input.Lot"));
        Assert.Equal("The highest plausible value is below the lowest.", bad.FieldError("Input.Max"));
        Assert.Equal("A2 4", bad.FieldValue("Input.Key"));
        Assert.Equal("Z99", bad.FieldValue("Input.Lot"));
        Assert.Equal(0, await Scalar<long>("select count(*) from sensors"));

        var added = await syndic.Post($"/buildings/{building}/sensors", ("Input.Kind", "heat"), ("Input.Key", "a2-4"),
            ("Input.Name", "Calorimètre A2.4"), ("Input.Lot", "a2.4"), ("Input.Min", "0"), ("Input.Max", "100000"));
        Assert.Equal(HttpStatusCode.Redirect, added.StatusCode);
        var sensor = await Row<(long Id, string Lot, double Max)>("""
            select s.id, l.number, s.max_value from sensors s join lots l on l.id = s.lot_id where s.key = 'a2-4'
            """);
        Assert.Equal("A2.4", sensor.Lot);
        Assert.Equal(100000, sensor.Max);
        // the same key for the same kind again
        var twice = await Session.Parse(await syndic.Post($"/buildings/{building}/sensors", ("Input.Kind", "heat"), ("Input.Key", "a2-4"), ("Input.Name", "Encore")));
        Assert.Equal("This building already has a sensor of this kind with this key.", twice.FieldError("Input.Key"));

        await Query<int>("""
            insert into meter_readings (sensor_id, measured_at, value) values (@Id, now() - interval '2 hours', 1200.5), (@Id, now() - interval '1 hour', 1234.25) returning 1
            """, new { sensor.Id });
        await Query<int>("""
            insert into rejected_readings (building_id, topic, payload, reason) values (@building, 'koprogo/residence-les-tilleuls/heat/a2-4', 'douze', 'not a number') returning 1
            """, new { building });
        var page = await syndic.Get($"/buildings/{building}/sensors");
        var row = page.QuerySelector("tbody tr")!.TextContent;
        Assert.Contains("Calorimètre A2.4", row);
        Assert.Contains("koprogo/residence-les-tilleuls/heat/a2-4", row);
        Assert.Contains($"{1234.25.ToString("N3", KoproGo.Web.Infrastructure.Languages.Culture("en"))} kWh", row);
        Assert.Contains("Received", row);
        Assert.Contains("not a number", page.MainText());
        Assert.Contains("douze", page.MainText());
        // in French
        await syndic.Post("/language", ("code", "fr"), ("returnUrl", "/"));
        Assert.Contains("Chaleur", (await syndic.Get($"/buildings/{building}/sensors")).QuerySelector("tbody tr")!.TextContent);
    }

    [Fact]
    public async Task Another_firm_and_the_owners_do_not_reach_a_buildings_sensors()
    {
        var building = await Tilleuls();
        var other = await SignedIn("syndic2@demo.koprogo.be");
        Assert.Equal(HttpStatusCode.NotFound, (await other.GetRaw($"/buildings/{building}/sensors")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await other.Post($"/buildings/{building}/sensors", ("Input.Kind", "gas"), ("Input.Key", "x"), ("Input.Name", "x"))).StatusCode);
        var owner = await SignedIn("owner@demo.koprogo.be");
        Assert.Equal(HttpStatusCode.Forbidden, (await owner.GetRaw($"/buildings/{building}/sensors")).StatusCode);
        Assert.Equal(0, await Scalar<long>("select count(*) from sensors"));
    }

    [Fact]
    public async Task The_syndic_sets_how_many_months_of_readings_the_building_keeps()
    {
        var building = await Tilleuls();
        var syndic = await SignedIn("syndic@demo.koprogo.be");
        await syndic.Post("/language", ("code", "en"), ("returnUrl", "/"));
        Assert.Equal("13", (await syndic.Get($"/buildings/{building}/sensors")).FieldValue("KeepFor.Months"));
        var bad = await Session.Parse(await syndic.Post($"/buildings/{building}/sensors?handler=retention", ("KeepFor.Months", "200")));
        Assert.NotNull(bad.FieldError("KeepFor.Months"));
        Assert.Equal("200", bad.FieldValue("KeepFor.Months"));
        Assert.Equal(HttpStatusCode.Redirect, (await syndic.Post($"/buildings/{building}/sensors?handler=retention", ("KeepFor.Months", "24"))).StatusCode);
        Assert.Equal(24, await Scalar<int>("select readings_retention_months from buildings where id = @building", new { building }));
        Assert.Equal("24", (await syndic.Get($"/buildings/{building}/sensors")).FieldValue("KeepFor.Months"));
        var other = await SignedIn("syndic2@demo.koprogo.be");
        Assert.Equal(HttpStatusCode.NotFound, (await other.Post($"/buildings/{building}/sensors?handler=retention", ("KeepFor.Months", "1"))).StatusCode);
        Assert.Equal(24, await Scalar<int>("select readings_retention_months from buildings where id = @building", new { building }));
    }
}
