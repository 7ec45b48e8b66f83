using System.Globalization;
using SpreadCheetah;
using SpreadCheetah.Styling;
using SpreadCheetah.Worksheets;
using KoproGo.Domain.Energy;
using KoproGo.Web.Infrastructure;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace KoproGo.Web.Pages.Energy;

/// <summary>
/// One sensor's chart over an hour (its readings), a day (by hour), a month (by day) or a year (by month): consumption
/// for a meter giving its index, the mean for a thermometer. While the period shown includes now, htmx asks for the
/// chart every second and swaps it when a reading changed it. Readings of a period download as CSV or Excel.
/// The syndic's staff see every sensor of their buildings; an owner sees the common parts' sensors of the buildings they
/// hold a lot in and the private meters of their own lots only — never another lot's.
/// </summary>
public sealed class SensorModel(Db db, Microsoft.Extensions.Localization.IStringLocalizer<SharedResource> l) : PageModel
{
    public static readonly string[] Periods = ["hour", "day", "month", "year"];

    /// <summary>At most this many readings in one download (a year of a reading a minute is 525,600).</summary>
    public const int ExportLimit = 600_000;

    public sealed record Info(long Id, long BuildingId, string BuildingName, string Slug, string Kind, string Key, string Name, string Unit,
        string? LotNumber, bool IsStaff);

    /// <summary>A slot of the chart: its label, its figure (none when nothing was read in it), and where it leads (the finer period).</summary>
    public sealed record Point(string Label, double? Value, string? Link);

    public Info Sensor { get; private set; } = null!;
    [BindProperty(SupportsGet = true)] public string? Period { get; set; }
    [BindProperty(SupportsGet = true)] public string? On { get; set; }
    public DateOnly Day { get; private set; }
    public string? DayError { get; private set; }
    public IReadOnlyList<Point> Points { get; private set; } = [];
    /// <summary>The period's consumption (index meters) or mean (thermometers); none without readings.</summary>
    public double? Summary { get; private set; }
    public bool Live { get; private set; }
    public string ChartTitle { get; private set; } = "";

    private static readonly string VisibleSensor = $"""
        s.id = @id and b.organisation_id = @OrgId and (
            @SeesAllBuildings
            or (s.lot_id is null and (b.id = any(@BoardBuildingIds) or {Ownerships.ViewerHoldsLotIn("b.id")}))
            or exists (select 1 from lot_ownerships o where o.lot_id = s.lot_id and o.owner_id = @ViewerOwnerId and {Ownerships.HeldToday}))
        """;

    private async Task<bool> Find(long id)
    {
        Sensor = (await db.QuerySingleOrDefault<Info>($"""
            select s.id, b.id as building_id, b.name as building_name, b.slug, s.kind, s.key, s.name, s.unit, l.number as lot_number,
                   @SeesAllBuildings as is_staff
            from sensors s join buildings b on b.id = s.building_id left join lots l on l.id = s.lot_id
            where {VisibleSensor}
            """, User.Viewer().Params(new { id })))!;
        return Sensor is not null;
    }

    public async Task<IActionResult> OnGet(long id)
    {
        if (!await Find(id)) return NotFound();
        await LoadChart();
        return Page();
    }

    /// <summary>The chart alone, for htmx's polling: 204 while it is unchanged.</summary>
    public async Task<IActionResult> OnGetChart(long id)
    {
        if (!await Find(id)) return NotFound();
        await LoadChart();
        return this.Panel("_SensorChart", Fingerprint);
    }

    public string Fingerprint => HtmxAnswers.Fingerprint(new { Points, Summary });

    public string Query(string period, DateOnly day) => $"period={period}&on={day:yyyy-MM-dd}";

    private async Task LoadChart()
    {
        if (Period is null || !Periods.Contains(Period)) Period = "day";
        var today = BrusselsTime.Today;
        Day = today;
        if (!string.IsNullOrEmpty(On))
        {
            if (FormInput.TryDate(On, out var day)) Day = day;
            else DayError = "Not a date: choose one in the calendar or write it as 2026-12-31.";
        }
        var culture = CultureInfo.CurrentCulture;
        if (Period == "hour")
        {
            // the last hour's readings as they came: the live view
            Live = true;
            var readings = await db.Query<(DateTime At, double Value)>("""
                select measured_at, value from meter_readings where sensor_id = @id and measured_at > now() - interval '1 hour'
                order by measured_at limit 3600
                """, new { id = Sensor.Id });
            Points = readings.Select(r => new Point(BrusselsTime.FromUtc(r.At).ToString("HH:mm:ss", culture), r.Value, null)).ToList();
            Summary = readings.Count == 0 ? null : MeterSeries.IsIndex(Sensor.Kind) ? readings[^1].Value - readings[0].Value : readings.Average(r => r.Value);
            ChartTitle = "The last hour's readings";
            return;
        }
        // the period's slots, their start in UTC (a day of the clock change has 23 or 25 hours)
        var (first, last, unit, source) = Period switch
        {
            "day" => (Day, Day, "hour", "hour"),
            "month" => (new DateOnly(Day.Year, Day.Month, 1), new DateOnly(Day.Year, Day.Month, 1).AddMonths(1).AddDays(-1), "day", "day"),
            _ => (new DateOnly(Day.Year, 1, 1), new DateOnly(Day.Year, 12, 31), "month", "day"),
        };
        var from = BrusselsTime.ToUtc(first, TimeOnly.MinValue);
        var to = BrusselsTime.ToUtc(last.AddDays(1), TimeOnly.MinValue);
        Live = from <= DateTime.UtcNow && DateTime.UtcNow < to;
        var byStart = await ReadingSummaries.Figures(db, Sensor.Id, Sensor.Kind, source, unit, from, to);
        var points = new List<Point>();
        for (var slot = from; slot < to; slot = Next(slot, unit))
        {
            var local = BrusselsTime.FromUtc(slot);
            var label = unit switch { "hour" => local.ToString("HH", culture), "day" => local.Day.ToString(culture), _ => local.ToString("MMM", culture) };
            var link = unit switch
            {
                "day" => $"/sensors/{Sensor.Id}?{Query("day", DateOnly.FromDateTime(local))}",
                "month" => $"/sensors/{Sensor.Id}?{Query("month", DateOnly.FromDateTime(local))}",
                _ => null,
            };
            points.Add(new(label, byStart.TryGetValue(slot, out var figure) ? figure : null, link));
        }
        Points = points;
        // a thermometer's periods weigh alike (each period's mean), an index meter's consumptions add up
        Summary = byStart.Count == 0 ? null : MeterSeries.IsIndex(Sensor.Kind) ? byStart.Values.Sum() : byStart.Values.Average();
        ChartTitle = Period switch { "day" => "Hour by hour", "month" => "Day by day", _ => "Month by month" };
    }

    private static DateTime Next(DateTime slotUtc, string unit) => unit switch
    {
        "hour" => slotUtc.AddHours(1),
        "day" => BrusselsTime.ToUtc(DateOnly.FromDateTime(BrusselsTime.FromUtc(slotUtc)).AddDays(1), TimeOnly.MinValue),
        _ => BrusselsTime.ToUtc(DateOnly.FromDateTime(BrusselsTime.FromUtc(slotUtc)).AddMonths(1), TimeOnly.MinValue),
    };

    /// <summary>The readings between two days (Brussels, both included) as CSV or Excel, times in Brussels.</summary>
    public async Task<IActionResult> OnGetExport(long id, string? from, string? to, string? format)
    {
        if (!await Find(id)) return NotFound();
        var today = BrusselsTime.Today;
        var first = FormInput.TryDate(from, out var f) ? f : today.AddDays(-30);
        var last = FormInput.TryDate(to, out var t) ? t : today;
        if (last < first) (first, last) = (last, first);
        var readings = await db.Query<(DateTime At, double Value)>("""
            select measured_at, value from meter_readings where sensor_id = @id and measured_at >= @start and measured_at < @end
            order by measured_at limit @limit
            """, new { id, start = BrusselsTime.ToUtc(first, TimeOnly.MinValue), end = BrusselsTime.ToUtc(last.AddDays(1), TimeOnly.MinValue), limit = ExportLimit });
        var name = $"{Sensor.Slug}-{Sensor.Kind}-{Sensor.Key}-{first:yyyy-MM-dd}-{last:yyyy-MM-dd}";
        var measuredAt = l["Measured at"].Value;
        var value = l["Value"].Value;
        if (format == "xlsx")
        {
            // written a row at a time to a temporary file (SpreadCheetah streams: a year of readings never sits in the
            // 64 MB heap as cells), then sent; the file goes when the answer is sent
            var file = new FileStream(Path.GetTempFileName(), FileMode.Create, FileAccess.ReadWrite, FileShare.None, 65536, FileOptions.DeleteOnClose | FileOptions.Asynchronous);
            await using (var book = await Spreadsheet.CreateNewAsync(file, new SpreadCheetahOptions { DefaultDateTimeFormat = NumberFormat.Custom("yyyy-mm-dd hh:mm:ss") }))
            {
                var columns = new WorksheetOptions();
                columns.Column(1).Width = 20;
                columns.Column(2).Width = 16;
                await book.StartWorksheetAsync(Sensor.Kind, columns);
                await book.AddRowAsync([new DataCell(measuredAt), new DataCell($"{value} ({l[Sensor.Unit]})")]);
                var row = new DataCell[2];
                foreach (var r in readings)
                {
                    (row[0], row[1]) = (new DataCell(BrusselsTime.FromUtc(r.At)), new DataCell(r.Value));
                    await book.AddRowAsync(row);
                }
                await book.FinishAsync();
            }
            file.Position = 0;
            return File(file, "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", name + ".xlsx");
        }
        // written to the answer as it goes: a year of readings is tens of megabytes of text, more than the heap may hold twice
        Response.ContentType = "text/csv; charset=utf-8";
        Response.Headers.ContentDisposition = new Microsoft.Net.Http.Headers.ContentDispositionHeaderValue("attachment")
            { FileName = name + ".csv", FileNameStar = name + ".csv" }.ToString();
        await using var csv = new StreamWriter(Response.Body, new System.Text.UTF8Encoding(encoderShouldEmitUTF8Identifier: false), 65536);
        await csv.WriteAsync('\uFEFF'); // the BOM: opens as UTF-8 in a Belgian spreadsheet
        await csv.WriteAsync(Csv.Line(Csv.Cell(measuredAt), Csv.Cell($"{value} ({l[Sensor.Unit]})")));
        // numbers with a comma, as Belgian spreadsheets read them next to semicolons
        var belgian = CultureInfo.GetCultureInfo("fr-BE");
        foreach (var r in readings)
            await csv.WriteAsync(Csv.Line(BrusselsTime.FromUtc(r.At).ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture), r.Value.ToString("0.######", belgian)));
        return new EmptyResult();
    }
}
