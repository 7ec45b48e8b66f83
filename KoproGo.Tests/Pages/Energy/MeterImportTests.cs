using System.Globalization;
using System.Net;
using System.Text;
using KoproGo.Domain.Energy;
using KoproGo.Tests.Support;
using KoproGo.Web.Infrastructure;

namespace KoproGo.Tests.Pages.Energy;

/// <summary>
/// Meter-reading files of sub-metering firms: ista CSV and XML samples imported into Les Tilleuls' register, with
/// unknown serials waiting until the syndic adds their meter, a re-import that changes nothing, a corrected file that
/// replaces what it gives again, faulty lines refused or left out, another firm's CSV mapped once, the checks against
/// the year before and the live sensors, and tenancy.
/// </summary>
public class MeterImportTests(App app) : AppTest(app)
{
    private static readonly DateOnly Last = BrusselsTime.Today;
    private static readonly DateOnly Before = Last.AddYears(-1);

    private static string Day(DateOnly d) => d.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    private Task<long> Tilleuls() => Scalar<long>("select id from buildings where slug = 'residence-les-tilleuls'");

    private Task<IReadOnlyList<string>> Flats(long building) =>
        Query<string>($"select number from lots where building_id = {building} and kind = 'apartment' order by number collate natural_sort limit 3");

    private static async Task AddMeter(Session syndic, long building, string serial, string kind, string lot, string? replaces = null, string? installed = null)
    {
        var response = await syndic.Post($"/buildings/{building}/meters", ("Input.Serial", serial), ("Input.Kind", kind), ("Input.Lot", lot),
            ("Input.Provider", "ista"), ("Input.InstalledOn", installed ?? ""), ("Input.Replaces", replaces ?? ""));
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
    }

    /// <summary>Uploads a file; the import's id once its lines are all looked at by the job.</summary>
    private async Task<long> Import(Session syndic, long building, string text, string format = MeterFiles.IstaCsv, string name = "ista.csv",
        string provider = "ista", string faulty = "refuse")
    {
        var response = await syndic.Upload($"/buildings/{building}/meter-imports?handler=upload", "Readings", name, Encoding.UTF8.GetBytes(text),
            ("Upload.Provider", provider), ("Upload.Format", format), ("Upload.Faulty", faulty));
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        var import = long.Parse(response.Headers.Location!.OriginalString.Split('/')[2], CultureInfo.InvariantCulture);
        await Stored();
        return import;
    }

    private async Task Stored()
    {
        for (var i = 0; i < 300 && await Scalar<long>("select count(*) from meter_import_lines where outcome is null") > 0; i++) await Task.Delay(100);
        Assert.Equal(0, await Scalar<long>("select count(*) from meter_import_lines where outcome is null"));
    }

    private Task<IReadOnlyList<(string Outcome, long Count)>> Outcomes(long import) =>
        Query<(string, long)>($"select outcome, count(*) from meter_import_lines where import_id = {import} group by 1 order by 1");

    private Task<double> Stored(string serial, DateOnly day) => Scalar<double>($"""
        select r.value from meter_readings r join sensors s on s.id = r.sensor_id
        where s.serial = '{serial}' and r.measured_at = ('{Day(day)}'::date + time '12:00') at time zone 'Europe/Brussels'
        """);

    [Fact]
    public async Task Ista_csv_and_xml_are_imported_unknown_meters_wait_a_reimport_changes_nothing_and_a_corrected_file_replaces()
    {
        var building = await Tilleuls();
        var flats = await Flats(building);
        var syndic = await SignedIn("syndic@demo.koprogo.be");
        await syndic.Post("/language", ("code", "en"), ("returnUrl", "/"));

        // the register, with bad input first: each field says what is wrong, what was typed is kept
        var bad = await Session.Parse(await syndic.Post($"/buildings/{building}/meters", ("Input.Serial", "7ISTA10001"), ("Input.Kind", "temperature"),
            ("Input.Lot", "Z99"), ("Input.InstalledOn", "2026-02-30"), ("Input.Replaces", "")));
        Assert.Equal("Choose what the meter measures.", bad.FieldError("Input.Kind"));
        Assert.Equal("No lot Z99 in this building.", bad.FieldError("Input.Lot"));
        Assert.NotNull(bad.FieldError("Input.InstalledOn"));
        Assert.Equal("7ISTA10001", bad.FieldValue("Input.Serial"));
        await AddMeter(syndic, building, "7ISTA10001", "heat_cost_allocator", flats[0]);
        await AddMeter(syndic, building, "7ISTA10002", "heat_cost_allocator", flats[1]);
        await AddMeter(syndic, building, "7ISTA20001", "heat", "");
        await AddMeter(syndic, building, "7ISTA30001", "hot_water", flats[0]);
        var twice = await Session.Parse(await syndic.Post($"/buildings/{building}/meters", ("Input.Serial", "7ISTA10001"), ("Input.Kind", "heat_cost_allocator"), ("Input.Lot", flats[2])));
        Assert.Equal("This meter is already in the register.", twice.FieldError("Input.Serial"));

        // ista CSV: the readings of known meters stored, two meters unknown (their lines wait), nothing refused for them
        var csv = MeterFileSamples.IstaCsv(Before, Last);
        var first = await Import(syndic, building, csv);
        Assert.Equal([("new", 6L), ("unknown", 2L)], await Outcomes(first));
        Assert.Equal(1850.5, await Stored("7ISTA10001", Last));
        Assert.Equal(412_250, await Stored("7ISTA20001", Last)); // MWh in the file
        var page = await syndic.Get($"/meter-imports/{first}");
        Assert.Contains("6 new readings, 0 unchanged, 0 corrected, 2 of meters not in the register, 0 outside a meter's service, 0 faulty", page.MainText());
        Assert.Equal(["7ISTA40001", "7ISTA99999"], page.Texts("#unknown ~ div tbody th"));
        // htmx's poll once all is stored: the page is reloaded whole
        var progress = await syndic.GetRaw($"/meter-imports/{first}?handler=progress", r => r.Headers.Add("HX-Request", "true"));
        Assert.Equal((HttpStatusCode.OK, "true"), (progress.StatusCode, progress.Headers.GetValues("HX-Refresh").Single()));
        // the lot's allocator: 850.5 units over the year, shown on its chart and used by a key from meter readings
        var key = await syndic.Post($"/buildings/{building}/consumption-keys?handler=preview", ("Input.Name", "Chauffage"), ("Input.Kind", "heat_cost_allocator"),
            ("Input.From", Day(Before.AddDays(1))), ("Input.To", Day(Last)), ("Input.FixedPercent", "30"));
        var preview = (await Session.Parse(key)).Texts("#preview + div tbody tr").ToList();
        Assert.Contains(preview, r => r.StartsWith(flats[0]) && r.Contains(850.5m.ToString("N3", Languages.Culture("en"))) && r.Contains("7ISTA10001"));

        // the same file again: nothing changes, the first import is shown
        var again = await syndic.Upload($"/buildings/{building}/meter-imports?handler=upload", "Readings", "copie.csv", Encoding.UTF8.GetBytes(csv),
            ("Upload.Provider", "ista"), ("Upload.Format", MeterFiles.IstaCsv), ("Upload.Faulty", "refuse"));
        Assert.Equal($"/meter-imports/{first}", again.Headers.Location!.OriginalString);
        Assert.Equal(1, await Scalar<long>("select count(*) from meter_imports"));
        // the same readings as XML (other bytes): every line unchanged
        var xml = await Import(syndic, building, MeterFileSamples.IstaXml(Before, Last), MeterFiles.IstaXml, "ista.xml");
        Assert.Equal([("unchanged", 4L)], await Outcomes(xml));

        // a corrected file: the allocator's last index was misread; the reading is replaced, and the line keeps the old one
        var corrected = await Import(syndic, building, csv.Replace("1850,5", "1900,0"), name: "ista-corrige.csv");
        Assert.Equal([("replaced", 1L), ("unchanged", 5L), ("unknown", 2L)], await Outcomes(corrected));
        Assert.Equal(1900, await Stored("7ISTA10001", Last));
        Assert.Equal(1900, await Scalar<double>($"""
            select m.last_value from meter_reading_summaries m join sensors s on s.id = m.sensor_id
            where s.serial = '7ISTA10001' and m.period = 'day' and m.starts_at = date_trunc('day', ('{Day(Last)}'::date + time '12:00') at time zone 'Europe/Brussels', 'Europe/Brussels')
            """));
        Assert.Equal(1, await Scalar<long>($"select count(*) from meter_reading_summaries m join sensors s on s.id = m.sensor_id where s.serial = '7ISTA10001' and m.period = 'day' and m.readings = 1 and m.starts_at > now() - interval '2 days'"));
        var correctedPage = await syndic.Get($"/meter-imports/{corrected}");
        Assert.Equal(["7ISTA10001", flats[0], Last.ToString("d", Languages.Culture("en")), 1850.5.ToString("N3", Languages.Culture("en")), 1900.0.ToString("N3", Languages.Culture("en"))],
            correctedPage.Texts("#replaced ~ div tbody tr > *"));

        // an unknown meter added from the import's link: the form comes filled, and its waiting readings are stored
        var link = page.QuerySelectorAll("#unknown ~ div a").Select(a => a.GetAttribute("href")!).First(h => h.Contains("7ISTA40001"));
        var form = await syndic.Get(link);
        Assert.Equal(("7ISTA40001", "cold_water", Day(Last)), (form.FieldValue("Input.Serial"), form.FieldValue("Input.Kind"), form.FieldValue("Input.InstalledOn")));
        Assert.Equal(HttpStatusCode.Redirect, (await syndic.Submit(link, ("Input.Lot", flats[0]))).StatusCode);
        await Stored();
        Assert.Equal(88.5, await Stored("7ISTA40001", Last));
        // (given by the file and by its corrected copy: stored once, then unchanged)
        Assert.Equal([("new", 1L), ("unchanged", 1L)], await Query<(string, long)>("select outcome, count(*) from meter_import_lines where serial = '7ISTA40001' group by 1 order by 1"));
        Assert.DoesNotContain((await syndic.Get($"/buildings/{building}/meters")).Texts("#to-add ~ ul li"), t => t.Contains("7ISTA40001"));
    }

    [Fact]
    public async Task A_file_with_faulty_lines_is_refused_whole_or_imported_without_them_as_the_syndic_chooses()
    {
        var building = await Tilleuls();
        var flats = await Flats(building);
        var syndic = await SignedIn("syndic@demo.koprogo.be");
        await syndic.Post("/language", ("code", "en"), ("returnUrl", "/"));
        await AddMeter(syndic, building, "7ISTA10001", "heat_cost_allocator", flats[0]);
        var text = string.Join("\r\n", "Numéro d'appareil;Type d'appareil;Date de relevé;Index;Unité",
            $"7ISTA10001;HKV;{Before:dd'/'MM'/'yyyy};1000,0;unités", $"7ISTA10001;HKV;{Last.AddDays(1):dd'/'MM'/'yyyy};1200,0;unités",
            $"7ISTA10001;HKV;{Last:dd'/'MM'/'yyyy};douze;unités");
        var refused = await Session.Parse(await syndic.Upload($"/buildings/{building}/meter-imports?handler=upload", "Readings", "ista.csv", Encoding.UTF8.GetBytes(text),
            ("Upload.Provider", "ista"), ("Upload.Format", MeterFiles.IstaCsv), ("Upload.Faulty", "refuse")));
        var error = refused.FieldError("Readings")!;
        Assert.StartsWith("2 faulty lines; nothing was imported: line 3: read on", error);
        Assert.Contains("line 4: \"douze\" is not a number", error);
        Assert.Equal("refuse", ((AngleSharp.Html.Dom.IHtmlInputElement)refused.QuerySelector("input[name='Upload.Faulty']:checked")!).Value);
        Assert.Equal(0, await Scalar<long>("select count(*) from meter_imports"));
        // a file of nothing readable is refused whatever the choice; a file that is not text too
        var nothing = await Session.Parse(await syndic.Upload($"/buildings/{building}/meter-imports?handler=upload", "Readings", "x.xml", Encoding.UTF8.GetBytes("<meters/>"),
            ("Upload.Provider", "ista"), ("Upload.Format", MeterFiles.IstaXml), ("Upload.Faulty", "skip")));
        Assert.Equal("Nothing can be imported from this file: line 1: the root element is not <readings>.", nothing.FieldError("Readings"));
        var binary = await Session.Parse(await syndic.Upload($"/buildings/{building}/meter-imports?handler=upload", "Readings", "x.pdf", [0x25, 0x50, 0, 1],
            ("Upload.Provider", "ista"), ("Upload.Format", MeterFiles.IstaCsv), ("Upload.Faulty", "skip")));
        Assert.Equal("This file is not a text file (CSV or XML).", binary.FieldError("Readings"));
        var empty = await Session.Parse(await syndic.Post($"/buildings/{building}/meter-imports?handler=upload", ("Upload.Provider", ""), ("Upload.Format", "pdf")));
        Assert.NotNull(empty.FieldError("Upload.Provider"));
        Assert.NotNull(empty.FieldError("Upload.Format"));
        Assert.Equal("Choose the file of readings.", empty.FieldError("Readings"));

        var skipped = await Import(syndic, building, text, faulty: "skip");
        Assert.Equal([("faulty", 2L), ("new", 1L)], await Outcomes(skipped));
        var page = await syndic.Get($"/meter-imports/{skipped}");
        Assert.Equal(2, page.Texts("#faulty ~ ul li").Count(t => t.StartsWith("line 3: read on") || t.StartsWith("line 4: \"douze\"")));
    }

    [Fact]
    public async Task Another_firms_csv_is_mapped_once_and_its_next_file_is_read_the_same_way()
    {
        var building = await Tilleuls();
        var flats = await Flats(building);
        var syndic = await SignedIn("syndic@demo.koprogo.be");
        await syndic.Post("/language", ("code", "en"), ("returnUrl", "/"));
        await AddMeter(syndic, building, "TECH-555", "cold_water", flats[0]);
        var upload = await syndic.Upload($"/buildings/{building}/meter-imports?handler=upload", "Readings", "techem.csv", Encoding.UTF8.GetBytes(MeterFileSamples.OtherCsv(Last)),
            ("Upload.Provider", "Techem"), ("Upload.Format", MeterFiles.MappedCsv), ("Upload.Faulty", "refuse"));
        var url = upload.Headers.Location!.OriginalString;
        var mapping = await syndic.Get(url);
        // its columns offered, the likely ones chosen
        Assert.Equal(["", "Meter ID", "Reading taken", "Reading", "Remark"], mapping.QuerySelectorAll("select[name='Map.Serial'] option").Select(o => o.GetAttribute("value")));
        Assert.Equal(("Meter ID", "Reading taken", "Reading"), (mapping.FieldValue("Map.Serial"), mapping.FieldValue("Map.Date"), mapping.FieldValue("Map.Value")));
        // a wrong column: refused, said next to the field it is about, the choices kept
        var wrong = await Session.Parse(await syndic.Submit(url, ("Map.Value", "Remark"), ("Map.DecimalSeparator", "point")));
        Assert.StartsWith("Nothing can be imported from this file: line 2: \"\" is not a number", wrong.FieldError("Map.DecimalSeparator"));
        Assert.Equal("Remark", wrong.FieldValue("Map.Value"));
        var same = await Session.Parse(await syndic.Submit(url, ("Map.Value", "Meter ID")));
        Assert.Equal("The meter number, the date and the index are three different columns.", same.FieldError("Map.Value"));
        Assert.Equal(HttpStatusCode.Redirect, (await syndic.Submit(url, ("Map.DecimalSeparator", "point"))).StatusCode);
        await Stored();
        var import = long.Parse(url.Split('/')[2], CultureInfo.InvariantCulture);
        Assert.Equal([("new", 1L), ("unknown", 1L)], await Outcomes(import));
        Assert.Equal(321.5, await Stored("TECH-555", Last));
        // the next file of that provider is read with the same columns, straight away
        var next = await Import(syndic, building, MeterFileSamples.OtherCsv(Last).Replace("321.5", "322.0"), MeterFiles.MappedCsv, "techem-2.csv", "techem");
        Assert.Equal([("replaced", 1L), ("unknown", 1L)], await Outcomes(next));
    }

    [Fact]
    public async Task The_checks_list_a_consumption_far_from_the_year_before_a_reset_a_replaced_meter_and_compare_the_live_sensors()
    {
        var building = await Tilleuls();
        var flats = await Flats(building);
        var syndic = await SignedIn("syndic@demo.koprogo.be");
        await syndic.Post("/language", ("code", "en"), ("returnUrl", "/"));
        var twoYears = Before.AddYears(-1);
        var replacedOn = Before.AddDays(100);
        await AddMeter(syndic, building, "HKV-A", "heat_cost_allocator", flats[0]);
        await AddMeter(syndic, building, "HKV-B", "heat_cost_allocator", flats[1]);
        await AddMeter(syndic, building, "HKV-D", "heat_cost_allocator", flats[2]);
        var old = await Scalar<long>("select id from sensors where serial = 'HKV-B'");
        // replacing needs the day it was installed, and one of the same kind
        var noDay = await Session.Parse(await syndic.Post($"/buildings/{building}/meters", ("Input.Serial", "HKV-C"), ("Input.Kind", "heat_cost_allocator"),
            ("Input.Lot", flats[1]), ("Input.Replaces", old.ToString(CultureInfo.InvariantCulture))));
        Assert.NotNull(noDay.FieldError("Input.InstalledOn"));
        var otherKind = await Session.Parse(await syndic.Post($"/buildings/{building}/meters", ("Input.Serial", "HKV-C"), ("Input.Kind", "heat"),
            ("Input.Lot", flats[1]), ("Input.InstalledOn", Day(replacedOn)), ("Input.Replaces", old.ToString(CultureInfo.InvariantCulture))));
        Assert.Equal("A meter is replaced by one that measures the same.", otherKind.FieldError("Input.Replaces"));
        await AddMeter(syndic, building, "HKV-C", "heat_cost_allocator", flats[1], old.ToString(CultureInfo.InvariantCulture), Day(replacedOn));
        Assert.Equal(replacedOn, await Scalar<DateOnly>("select removed_on from sensors where serial = 'HKV-B'"));

        string Line(string serial, DateOnly day, decimal index) => $"{serial};HKV;{day:dd'/'MM'/'yyyy};{index.ToString(CultureInfo.InvariantCulture).Replace('.', ',')};unités";
        var text = string.Join("\n", "Numéro d'appareil;Type d'appareil;Date de relevé;Index;Unité",
            Line("HKV-A", twoYears, 1000), Line("HKV-A", Before, 1500), Line("HKV-A", Last, 2400),   // 900 after 500: +80 %
            Line("HKV-B", twoYears, 0), Line("HKV-B", Before, 100), Line("HKV-B", replacedOn, 300),   // replaced: 200 + 250
            Line("HKV-C", replacedOn, 0), Line("HKV-C", Last, 250),
            Line("HKV-B", Last, 320),                                                               // after its removal
            Line("HKV-D", twoYears, 0), Line("HKV-D", Before, 400), Line("HKV-D", Before.AddDays(30), 480), Line("HKV-D", Last, 390)); // reset
        // the live allocators of the first two lots: one agrees with the file (880 for 900), the other not (300 for 450)
        var liveA = await Readings.Sensor(App, "heat_cost_allocator", "live-a", await Scalar<long>($"select id from lots where building_id = {building} and number = '{flats[0]}'"));
        var liveB = await Readings.Sensor(App, "heat_cost_allocator", "live-b", await Scalar<long>($"select id from lots where building_id = {building} and number = '{flats[1]}'"));
        DateTime Noon(DateOnly d) => BrusselsTime.ToUtc(d, new TimeOnly(11, 0));
        await Readings.Store(App, [(liveA, Noon(Before), 10), (liveA, Noon(Last), 890), (liveB, Noon(Before), 0), (liveB, Noon(Last), 300)]);

        var import = await Import(syndic, building, text);
        Assert.Equal([("new", 12L), ("out_of_service", 1L)], await Outcomes(import));
        var page = await syndic.Get($"/meter-imports/{import}");
        var findings = page.Texts("#checks + ul li").ToList();
        Assert.Contains(findings, f => f.StartsWith($"Lot {flats[0]}") && (f.Contains("80% more than the year before") || f.Contains("80 % more than the year before")));
        Assert.Contains(findings, f => f.StartsWith($"Lot {flats[1]}") && f.Contains("meter replaced in the year") && f.Contains("HKV-B") && f.Contains("HKV-C"));
        Assert.Contains(findings, f => f.StartsWith($"Lot {flats[2]}") && f.Contains("the index of meter HKV-D went down"));
        var live = page.Texts("#checks ~ h3 + ul li").ToList();
        Assert.Contains(live, f => f.StartsWith($"Lot {flats[0]}") && f.Contains("they agree within"));
        Assert.Contains(live, f => f.StartsWith($"Lot {flats[1]}") && f.Contains("they differ by more than"));
        Assert.Single(page.Texts("#out-of-service ~ ul li"));
        // the key takes the firm's meters where a lot has both: 900 for the first lot, 200 + 250 for the second
        var key = await Session.Parse(await syndic.Post($"/buildings/{building}/consumption-keys?handler=preview", ("Input.Name", "Chauffage"), ("Input.Kind", "heat_cost_allocator"),
            ("Input.From", Day(Before.AddDays(1))), ("Input.To", Day(Last)), ("Input.FixedPercent", "30")));
        var rows = key.Texts("#preview + div tbody tr").ToList();
        var en = Languages.Culture("en");
        Assert.Contains(rows, r => r.StartsWith(flats[0]) && r.Contains(900m.ToString("N3", en)) && !r.Contains("live-a"));
        Assert.Contains(rows, r => r.StartsWith(flats[1]) && r.Contains(450m.ToString("N3", en)));
    }

    [Fact]
    public async Task Another_firm_and_an_owner_cannot_see_or_change_the_imports_or_the_register()
    {
        var building = await Tilleuls();
        var syndic = await SignedIn("syndic@demo.koprogo.be");
        var upload = await syndic.Upload($"/buildings/{building}/meter-imports?handler=upload", "Readings", "techem.csv", Encoding.UTF8.GetBytes(MeterFileSamples.OtherCsv(Last)),
            ("Upload.Provider", "techem"), ("Upload.Format", MeterFiles.MappedCsv), ("Upload.Faulty", "refuse"));
        var url = upload.Headers.Location!.OriginalString;
        var other = await SignedIn("syndic2@demo.koprogo.be");
        Assert.Equal(HttpStatusCode.NotFound, (await other.GetRaw(url)).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await other.Post(url, ("Map.Serial", "Meter ID"), ("Map.Date", "Reading taken"), ("Map.Value", "Reading"),
            ("Map.DateFormat", "yyyy-MM-dd"), ("Map.DecimalSeparator", "point"))).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await other.GetRaw($"/buildings/{building}/meter-imports")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await other.GetRaw($"/buildings/{building}/meters")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await other.Post($"/buildings/{building}/meters", ("Input.Serial", "X1"), ("Input.Kind", "gas"))).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await other.Upload($"/buildings/{building}/meter-imports?handler=upload", "Readings", "x.csv", [65],
            ("Upload.Provider", "ista"), ("Upload.Format", MeterFiles.IstaCsv), ("Upload.Faulty", "skip"))).StatusCode);
        var owner = await SignedIn("owner@demo.koprogo.be");
        Assert.Equal(HttpStatusCode.Forbidden, (await owner.GetRaw(url)).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await owner.GetRaw($"/buildings/{building}/meters")).StatusCode);
        Assert.Equal("mapping", await Scalar<string>("select state from meter_imports"));
        Assert.Equal(0, await Scalar<long>("select count(*) from sensors where serial is not null"));
    }

    [Fact]
    public async Task The_database_keeps_an_import_imported_and_a_serial_once_per_building()
    {
        var building = await Tilleuls();
        var syndic = await SignedIn("syndic@demo.koprogo.be");
        var import = await Import(syndic, building, MeterFileSamples.IstaCsv(Before, Last));
        var back = await Assert.ThrowsAsync<Npgsql.PostgresException>(() => Query<int>("update meter_imports set state = 'mapping', content = '\\x41' where id = @import returning 1", new { import }));
        Assert.Equal("meter_imports_state_transition", back.ConstraintName);
        await AddMeter(syndic, building, "7ISTA10001", "heat_cost_allocator", "");
        var twice = await Assert.ThrowsAsync<Npgsql.PostgresException>(() => Query<int>("""
            insert into sensors (organisation_id, building_id, kind, key, name, unit, serial)
            select organisation_id, building_id, 'heat', 'other-key', 'x', 'kWh', serial from sensors where serial = '7ISTA10001' returning 1
            """));
        Assert.Equal("sensors_serial", twice.ConstraintName);
    }

    [Fact]
    public async Task The_samples_read_by_python_give_the_readings_our_reader_gives()
    {
        // Python's csv and xml.etree, independent of our reader, count each sample's readings and sum their indexes
        var dir = Directory.CreateTempSubdirectory("meter-samples").FullName;
        await File.WriteAllTextAsync(Path.Combine(dir, "ista.csv"), MeterFileSamples.IstaCsv(Before, Last));
        await File.WriteAllTextAsync(Path.Combine(dir, "ista.xml"), MeterFileSamples.IstaXml(Before, Last));
        await File.WriteAllTextAsync(Path.Combine(dir, "other.csv"), MeterFileSamples.OtherCsv(Last));
        var read = await Processes.Run("/usr/bin/python3", ["-c", """
            import csv, sys, xml.etree.ElementTree as ET
            from decimal import Decimal
            d = sys.argv[1]
            rows = list(csv.DictReader(open(d + '/ista.csv', encoding='utf-8', newline=''), delimiter=';'))
            print(len(rows), sum(Decimal(r['Index'].replace(',', '.')) for r in rows))
            readings = ET.parse(d + '/ista.xml').getroot().iter('reading')
            values = [Decimal(r.get('value')) for r in readings]
            print(len(values), sum(values))
            rows = list(csv.DictReader(open(d + '/other.csv', encoding='utf-8', newline='')))
            print(len(rows), sum(Decimal(r['Reading']) for r in rows))
            """, dir]);
        Assert.True(read.Code == 0, read.Err);
        var today = BrusselsTime.Today;
        var mapping = new ColumnMapping("Meter ID", "Reading taken", "Reading", null, null, "yyyy-MM-dd", DecimalComma: false);
        var ours = new[]
        {
            MeterFiles.ReadIstaCsv(MeterFileSamples.IstaCsv(Before, Last), today).Lines,
            MeterFiles.ReadIstaXml(MeterFileSamples.IstaXml(Before, Last), today).Lines,
            MeterFiles.ReadCsv(MeterFileSamples.OtherCsv(Last), mapping, today).Lines,
        };
        var expected = read.Out.Trim().Split('\n').Select(l => l.Split(' ')).Select(p => (int.Parse(p[0], CultureInfo.InvariantCulture), decimal.Parse(p[1], CultureInfo.InvariantCulture))).ToList();
        // (the CSV's heat meter is in MWh: ours counts kWh)
        Assert.Equal(expected[0], (ours[0].Count, ours[0].Sum(l => l.Kind == "heat" ? l.Value / 1000 : l.Value)));
        Assert.Equal(expected[1], (ours[1].Count, ours[1].Sum(l => l.Value)));
        Assert.Equal(expected[2], (ours[2].Count, ours[2].Sum(l => l.Value)));
    }
}
