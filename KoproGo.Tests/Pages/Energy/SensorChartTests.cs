using System.Globalization;
using System.Net;
using KoproGo.Tests.Support;
using KoproGo.Web.Infrastructure;
using KoproGo.Web.Pages.Energy;

namespace KoproGo.Tests.Pages.Energy;

/// <summary>
/// A sensor's charts read the hourly and daily summaries the ingestion keeps; an owner sees their own lot's meters and
/// the common ones, never another lot's; readings download as CSV and Excel, read back by other tools.
/// </summary>
public class SensorChartTests(App app) : AppTest(app)
{
    private static readonly CultureInfo English = Languages.Culture("en");

    private Task<long> Sensor(string kind, string key, long? lotId = null) => Readings.Sensor(App, kind, key, lotId);

    private Task Store(IReadOnlyCollection<(long Sensor, DateTime At, double Value)> readings) => Readings.Store(App, readings);

    /// <summary>A reading every quarter of an hour through a whole Brussels day (92, 96 or 100 of them), the index up 0.25 each time.</summary>
    private static List<(long, DateTime, double)> QuarterHours(long sensor, DateOnly day, double start)
    {
        var list = new List<(long, DateTime, double)>();
        var end = BrusselsTime.ToUtc(day.AddDays(1), TimeOnly.MinValue);
        for (var at = BrusselsTime.ToUtc(day, TimeOnly.MinValue); at < end; at = at.AddMinutes(15)) list.Add((sensor, at, start + 0.25 * list.Count));
        return list;
    }

    [Fact]
    public async Task The_summaries_count_each_reading_once_and_the_charts_show_the_consumption()
    {
        var water = await Sensor("cold_water", "main");
        var yesterday = BrusselsTime.Today.AddDays(-1);
        var before = BrusselsTime.Today.AddDays(-2);
        var dayBefore = QuarterHours(water, before, 100);
        var readings = QuarterHours(water, yesterday, dayBefore[^1].Item3 + 0.25);
        await Store(dayBefore);
        await Store(readings);
        await Store(readings.Take(10).ToList()); // delivered again: counted once
        var hours = await Row<(long Rows, long Readings)>("select count(*), sum(readings) from meter_reading_summaries where sensor_id = @water and period = 'hour'", new { water });
        Assert.Equal(dayBefore.Count + readings.Count, hours.Readings);
        Assert.Equal((dayBefore.Count + readings.Count) / 4, hours.Rows);
        var day = await Row<(int Readings, double First, double Last)>("""
            select readings, first_value, last_value from meter_reading_summaries where sensor_id = @water and period = 'day' and starts_at = @start
            """, new { water, start = BrusselsTime.ToUtc(yesterday, TimeOnly.MinValue) });
        Assert.Equal((readings.Count, readings[0].Item3, readings[^1].Item3), day);

        var syndic = await SignedIn("syndic@demo.koprogo.be");
        await syndic.Post("/language", ("code", "en"), ("returnUrl", "/"));
        // yesterday's consumption: its last index less the day before's last
        var used = readings[^1].Item3 - dayBefore[^1].Item3;
        var page = await syndic.Get($"/sensors/{water}?period=day&on={yesterday:yyyy-MM-dd}");
        Assert.Contains($"Consumption over the period: {used.ToString("N3", English)} m3", page.MainText());
        Assert.Equal(readings.Count / 4, page.QuerySelectorAll("#sensor-chart rect").Length);
        // each hour used a whole index point (four quarters of 0.25)
        Assert.All(page.QuerySelectorAll("#sensor-chart tbody td"), td => Assert.Equal(1.0.ToString("N3", English), td.TextContent));
        var month = await syndic.Get($"/sensors/{water}?period=month&on={yesterday:yyyy-MM-dd}");
        Assert.Contains($"/sensors/{water}?period=day&amp;on={yesterday:yyyy-MM-dd}", month.QuerySelector("#sensor-chart tbody")!.InnerHtml);
        // a period without readings, and a date that is not one: the message by the field, the chart of today
        Assert.Contains("No reading in this period.", (await syndic.Get($"/sensors/{water}?period=year&on=2001-05-05")).MainText());
        var wrong = await syndic.Get($"/sensors/{water}?period=month&on=31/02/2026");
        Assert.Equal("Not a date: choose one in the calendar or write it as 2026-12-31.", wrong.QuerySelector("#on-error")!.TextContent);
        Assert.Equal("31/02/2026", wrong.QuerySelector("#on")!.GetAttribute("value"));
        // in German
        await syndic.Post("/language", ("code", "de"), ("returnUrl", "/"));
        Assert.Contains("Verbrauch im Zeitraum", (await syndic.Get($"/sensors/{water}?period=day&on={yesterday:yyyy-MM-dd}")).MainText());
    }

    [Fact]
    public async Task The_chart_of_the_period_under_way_is_polled_and_answers_204_while_nothing_changed()
    {
        var heat = await Sensor("heat", "boiler");
        await Store([(heat, DateTime.UtcNow.AddMinutes(-5), 5000)]);
        var syndic = await SignedIn("syndic@demo.koprogo.be");
        var page = await syndic.Get($"/sensors/{heat}?period=hour");
        var chart = page.QuerySelector("#sensor-chart")!;
        var url = chart.GetAttribute("data-hx-get")!;
        var seen = System.Text.Json.JsonDocument.Parse(chart.GetAttribute("data-hx-vals")!).RootElement.GetProperty("seen").GetString();
        Assert.Equal(HttpStatusCode.NoContent, (await syndic.GetRaw($"{url}&seen={seen}")).StatusCode);
        await Store([(heat, DateTime.UtcNow.AddMinutes(-1), 5012.5)]);
        var changed = await syndic.GetRaw($"{url}&seen={seen}");
        Assert.Equal(HttpStatusCode.OK, changed.StatusCode);
        Assert.Equal(2, (await Session.Parse(changed)).QuerySelectorAll("#sensor-chart tbody tr").Length);
        // a past period is not polled
        Assert.Null((await syndic.Get($"/sensors/{heat}?period=year&on=2020-01-01")).QuerySelector("#sensor-chart")!.GetAttribute("data-hx-get"));
    }

    [Fact]
    public async Task An_owner_sees_their_own_meters_and_the_common_ones_never_another_lots()
    {
        var owned = await Row<(long Id, string Number)>($"""
            select l.id, l.number from lots l join lot_ownerships o on o.lot_id = l.id join users u on u.owner_id = o.owner_id
            join buildings b on b.id = l.building_id
            where u.email = 'owner@demo.koprogo.be' and b.slug = 'residence-les-tilleuls' and {Ownerships.HeldToday} order by l.id limit 1
            """);
        var someoneElses = await Scalar<long>($"""
            select l.id from lots l join buildings b on b.id = l.building_id where b.slug = 'residence-les-tilleuls' and l.kind = 'apartment'
            and not exists (select 1 from lot_ownerships o join users u on u.owner_id = o.owner_id where o.lot_id = l.id and u.email = 'owner@demo.koprogo.be')
            order by l.id limit 1
            """);
        var mine = await Sensor("hot_water", "mine", owned.Id);
        var theirs = await Sensor("hot_water", "theirs", someoneElses);
        var common = await Sensor("electricity", "common");
        // last month's and this month's readings of the owner's meter
        var thisMonth = new DateOnly(BrusselsTime.Today.Year, BrusselsTime.Today.Month, 1);
        await Store([(mine, BrusselsTime.ToUtc(thisMonth.AddMonths(-1), new TimeOnly(12, 0)), 10), (mine, BrusselsTime.ToUtc(thisMonth.AddMonths(-1).AddDays(5), new TimeOnly(12, 0)), 12.5),
            (mine, BrusselsTime.ToUtc(thisMonth, new TimeOnly(0, 30)), 13.75)]);

        var owner = await SignedIn("owner@demo.koprogo.be");
        await owner.Post("/language", ("code", "en"), ("returnUrl", "/"));
        var meters = await owner.Get("/my/meters");
        Assert.Contains("Sensor mine", meters.MainText());
        Assert.Contains("Sensor common", meters.MainText());
        Assert.DoesNotContain("Sensor theirs", meters.MainText());
        var row = meters.QuerySelectorAll("tbody tr").Single(r => r.TextContent.Contains("Sensor mine"));
        var cells = row.QuerySelectorAll("td").Select(td => td.TextContent).ToList();
        Assert.Equal(12, cells.Count);
        Assert.Equal(2.5.ToString("N3", English), cells[10]);  // last month: 12.5 - 10
        Assert.Equal(1.25.ToString("N3", English), cells[11]); // this month: 13.75 - 12.5
        Assert.Equal(HttpStatusCode.OK, (await owner.GetRaw($"/sensors/{mine}")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await owner.GetRaw($"/sensors/{common}")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await owner.GetRaw($"/sensors/{theirs}")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await owner.GetRaw($"/sensors/{theirs}?handler=export&format=csv")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await owner.GetRaw($"/sensors/{theirs}?handler=chart&period=hour")).StatusCode);
        // a tenant and another firm reach none
        var resident = await SignedIn("resident@demo.koprogo.be");
        Assert.Equal(HttpStatusCode.NotFound, (await resident.GetRaw($"/sensors/{common}")).StatusCode);
        var other = await SignedIn("syndic2@demo.koprogo.be");
        foreach (var id in new[] { mine, theirs, common })
            Assert.Equal(HttpStatusCode.NotFound, (await other.GetRaw($"/sensors/{id}")).StatusCode);
    }

    [Fact]
    public async Task A_period_downloads_as_CSV_and_as_Excel_read_back_by_other_tools()
    {
        var water = await Sensor("cold_water", "export");
        var yesterday = BrusselsTime.Today.AddDays(-1);
        var readings = QuarterHours(water, yesterday, 1234.5);
        await Store(readings);
        var syndic = await SignedIn("syndic@demo.koprogo.be");
        await syndic.Post("/language", ("code", "nl"), ("returnUrl", "/"));
        var csv = await syndic.GetRaw($"/sensors/{water}?handler=export&format=csv&from={yesterday:yyyy-MM-dd}&to={yesterday:yyyy-MM-dd}");
        Assert.Equal("text/csv", csv.Content.Headers.ContentType!.MediaType);
        var lines = (await csv.Content.ReadAsStringAsync()).TrimStart('\uFEFF').Split("\r\n", StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal("Gemeten op;Waarde (m3)", lines[0]);
        Assert.Equal(readings.Count + 1, lines.Length);
        Assert.Equal($"{BrusselsTime.FromUtc(readings[0].Item2):yyyy-MM-dd HH:mm:ss};1234,5", lines[1]);

        var xlsx = await syndic.GetRaw($"/sensors/{water}?handler=export&format=xlsx&from={yesterday:yyyy-MM-dd}&to={yesterday:yyyy-MM-dd}");
        Assert.Equal("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", xlsx.Content.Headers.ContentType!.MediaType);
        var file = Path.Combine(Path.GetTempPath(), $"readings-{Guid.NewGuid():N}.xlsx");
        await File.WriteAllBytesAsync(file, await xlsx.Content.ReadAsByteArrayAsync());
        try
        {
            // openpyxl (Debian's python3-openpyxl) reads the workbook: its rows, the first time and value, the last value
            var read = await Processes.Run("/usr/bin/python3", ["-c", """
                import sys, openpyxl
                sheet = openpyxl.load_workbook(sys.argv[1]).active
                rows = list(sheet.iter_rows(values_only=True))
                print(len(rows), rows[0][0], rows[1][0].strftime('%Y-%m-%d %H:%M:%S'), rows[1][1], rows[-1][1], sep='|')
                """, file]);
            Assert.True(read.Code == 0, read.Err);
            Assert.Equal($"{readings.Count + 1}|Gemeten op|{BrusselsTime.FromUtc(readings[0].Item2):yyyy-MM-dd HH:mm:ss}|1234.5|{readings[^1].Item3.ToString(CultureInfo.InvariantCulture)}", read.Out.Trim());
        }
        finally
        {
            File.Delete(file);
        }
    }
}
