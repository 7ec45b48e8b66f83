using System.Globalization;
using System.Text;
using Htmx;
using KoproGo.Domain.Energy;
using KoproGo.Web.Infrastructure;
using KoproGo.Web.Pages.Accounting;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.Extensions.Localization;
using Quartz;

namespace KoproGo.Web.Pages.Energy;

/// <summary>
/// One meter-reading import: its columns to name first (a CSV of a provider not mapped yet), then how far its readings
/// are stored, and what became of its lines — faulty, of meters not in the register, corrected, outside a meter's
/// service — and the checks of the lots it read: consumption far from the year before, an index that dropped, a
/// replaced meter, and the live sensors of the same lots compared.
/// </summary>
[Authorize(Policy = Policies.Staff)]
public sealed class MeterImportModel(Db db, IStringLocalizer<SharedResource> l, ISchedulerFactory schedulers) : PageModel
{
    /// <summary>Each list of lines shows this many at most (the count says how many more).</summary>
    public const int Shown = 100;

    public sealed record Info(long Id, long BuildingId, string Provider, string Format, string FileName, string Sha256, string State, byte[]? Content,
        bool SkipFaulty, DateTime ImportedAt, string? ImportedBy)
    {
        /// <summary>The file waiting for its columns to be named, as text.</summary>
        public TextReader Text()
        {
            var stream = new MemoryStream(Content!);
            return MeterFiles.OpenText(stream, MeterFiles.EncodingOf(stream) ?? Encoding.Latin1);
        }
    }
    public sealed record Line(int LineNo, string? Serial, string? Kind, DateOnly? ReadOn, double? Value, string? Problem, string? ProblemArgs,
        string? Outcome, long? SensorId, double? PreviousValue, string? LotNumber);
    public sealed record Unknown(string Serial, string? Kind, long Lines, DateOnly FirstRead);
    /// <summary>A lot whose readings call for a look, and why (an English text with places, shown translated).</summary>
    public sealed record Finding(string Lot, string Kind, string Why, object[] Args);

    public sealed class MappingInput
    {
        public string? Serial { get; set; }
        public string? Date { get; set; }
        public string? Value { get; set; }
        public string? Kind { get; set; }
        public string? Unit { get; set; }
        public string? DateFormat { get; set; }
        public string? DecimalSeparator { get; set; }
    }

    [BindProperty] public MappingInput Map { get; set; } = new();
    public AccountingBuilding Building { get; private set; } = null!;
    public Info Import { get; private set; } = null!;
    public IReadOnlyList<string> Columns { get; private set; } = [];
    public IReadOnlyDictionary<string, long> Counts { get; private set; } = new Dictionary<string, long>();
    public long Total => Counts.Values.Sum();
    public long Waiting => Counts.GetValueOrDefault("waiting");
    public IReadOnlyList<Line> Faulty { get; private set; } = [];
    public IReadOnlyList<Line> Replaced { get; private set; } = [];
    public IReadOnlyList<Line> OutOfService { get; private set; } = [];
    public IReadOnlyList<Unknown> Unknowns { get; private set; } = [];
    public IReadOnlyList<Finding> Findings { get; private set; } = [];
    public IReadOnlyList<Finding> CrossChecks { get; private set; } = [];

    private async Task<bool> Load(long importId, bool details = true)
    {
        var import = await db.QuerySingleOrDefault<Info>("""
            select i.id, i.building_id, i.provider, i.format, i.file_name, i.sha256, i.state, i.content, i.skip_faulty, i.imported_at, u.display_name as imported_by
            from meter_imports i left join users u on u.id = i.imported_by where i.id = @importId and i.organisation_id = @OrgId
            """, User.Viewer().Params(new { importId }));
        if (import is null || await AccountingBuilding.Find(db, User.Viewer(), import.BuildingId) is not { CanEnter: true } building) return false;
        (Import, Building) = (import, building);
        Counts = (await db.Query<(string Outcome, long Count)>("""
            select coalesce(outcome, 'waiting'), count(*) from meter_import_lines where import_id = @importId group by 1
            """, new { importId })).ToDictionary(c => c.Outcome, c => c.Count);
        if (import.State == MeterImportStates.Mapping)
        {
            using var text = import.Text();
            Columns = MeterFiles.CsvRows(text).Select(r => r.Cells.Select(c => c.Trim()).ToArray()).FirstOrDefault() ?? [];
            return true;
        }
        if (!details || Waiting > 0) return true;
        Faulty = await Lines(importId, "faulty");
        Replaced = await Lines(importId, "replaced");
        OutOfService = await Lines(importId, "out_of_service");
        Unknowns = await db.Query<Unknown>("""
            select serial, max(kind) as kind, count(*) as lines, min(read_on) as first_read from meter_import_lines
            where import_id = @importId and outcome = 'unknown' group by serial order by serial limit 200
            """, new { importId });
        await Check(importId);
        return true;
    }

    private Task<IReadOnlyList<Line>> Lines(long importId, string outcome) => db.Query<Line>("""
        select l.line_no, l.serial, l.kind, l.read_on, l.value, l.problem, array_to_string(l.problem_args, E'\x1f') as problem_args, l.outcome, l.sensor_id, l.previous_value, lot.number as lot_number
        from meter_import_lines l left join sensors s on s.id = l.sensor_id left join lots lot on lot.id = s.lot_id
        where l.import_id = @importId and l.outcome = @outcome order by l.line_no limit @Shown
        """, new { importId, outcome, Shown });

    /// <summary>
    /// For each kind the file read, over the year to its last reading day against the year before: each lot's
    /// consumption by its register meters (anomaly beyond ±30 %, an index that dropped, a meter replaced in the year),
    /// and where the lot also has live sensors of that kind, their consumption compared.
    /// </summary>
    private async Task Check(long importId)
    {
        var read = await db.Query<(string Kind, DateOnly Last, long[] Lots)>("""
            select s.kind, max(l.read_on), array_agg(distinct s.lot_id) from meter_import_lines l join sensors s on s.id = l.sensor_id
            where l.import_id = @importId and l.outcome in ('new', 'unchanged', 'replaced') and s.lot_id is not null group by s.kind order by s.kind
            """, new { importId });
        var findings = new List<Finding>();
        var crossChecks = new List<Finding>();
        var culture = CultureInfo.CurrentCulture;
        foreach (var (kind, last, lots) in read.Where(r => MeterSeries.IsIndex(r.Kind)))
        {
            var (year, before) = MeterReadings.YearTo(last);
            var now = (await LotMeters.Consumptions(db, Import.BuildingId, kind, year.From, year.To, LotMeters.Source.Register)).Where(x => lots.Contains(x.LotId)).ToList();
            var then = (await LotMeters.Consumptions(db, Import.BuildingId, kind, before.From, before.To, LotMeters.Source.Register)).ToDictionary(x => x.LotId);
            var live = (await LotMeters.Consumptions(db, Import.BuildingId, kind, year.From, year.To, LotMeters.Source.Live)).ToDictionary(x => x.LotId);
            string Amount(decimal value) => $"{value.ToString("N3", culture)} {l[SensorKinds.Units[kind]]}";
            foreach (var lot in now)
            {
                decimal? previous = then.TryGetValue(lot.LotId, out var p) && p.Meters.Any(m => m.End is not null) ? p.Consumption : null;
                switch (MeterReadings.Check(lot.Consumption, previous))
                {
                    case MeterReadings.Anomaly.MuchHigher:
                        findings.Add(new(lot.Number, kind, "{0} from {1} to {2}, {3} more than the year before ({4})",
                            [Amount(lot.Consumption), year.From.ToString("d", culture), year.To.ToString("d", culture), ((lot.Consumption - previous!.Value) / previous.Value).ToString("P0", culture), Amount(previous.Value)]));
                        break;
                    case MeterReadings.Anomaly.MuchLower:
                        findings.Add(new(lot.Number, kind, "{0} from {1} to {2}, {3} less than the year before ({4})",
                            [Amount(lot.Consumption), year.From.ToString("d", culture), year.To.ToString("d", culture), ((previous!.Value - lot.Consumption) / previous.Value).ToString("P0", culture), Amount(previous.Value)]));
                        break;
                }
                foreach (var meter in lot.Meters.Where(m => m.Reset))
                    findings.Add(new(lot.Number, kind, "the index of meter {0} went down in the year: a reset, or a misread index; only what it counted since its lowest index is taken", [meter.Serial ?? meter.Key]));
                if (lot.Meters.Count(m => m.End is not null) > 1)
                    findings.Add(new(lot.Number, kind, "meter replaced in the year: {0}; the consumption adds up what each measured", [lot.Readings(culture)]));
                if (live.TryGetValue(lot.LotId, out var sensors) && sensors.Meters.Any(m => m.End is not null))
                    crossChecks.Add(new(lot.Number, kind, MeterReadings.Disagree(lot.Consumption, sensors.Consumption)
                        ? "the file gives {0}, the live sensors {1}: they differ by more than {2}" : "the file gives {0}, the live sensors {1}: they agree within {2}",
                        [Amount(lot.Consumption), Amount(sensors.Consumption), MeterReadings.CrossCheckTolerance.ToString("P0", culture)]));
            }
        }
        (Findings, CrossChecks) = (findings, crossChecks);
    }

    public string ProgressFingerprint => HtmxAnswers.Fingerprint(new { Waiting, Total });

    public async Task<IActionResult> OnGet(long importId)
    {
        if (!await Load(importId)) return NotFound();
        if (Import.State == MeterImportStates.Mapping) Guess();
        return Page();
    }

    /// <summary>The progress alone, for htmx to refresh while the lines are stored; the whole page once done.</summary>
    public async Task<IActionResult> OnGetProgress(long importId)
    {
        if (!await Load(importId, details: false)) return NotFound();
        if (Waiting == 0) Response.Htmx(h => h.Refresh());
        return this.Panel("_MeterImportProgress", ProgressFingerprint);
    }

    /// <summary>Offers the columns whose names say what they hold: ista's names or the usual words, exactly first, then within a name.</summary>
    private void Guess()
    {
        string? Named(string field, params string[] words)
        {
            var names = MeterFiles.IstaHeaders[field].Concat(words).ToList();
            return Columns.FirstOrDefault(c => names.Any(w => c.Equals(w, StringComparison.OrdinalIgnoreCase)))
                ?? Columns.FirstOrDefault(c => names.Any(w => c.Contains(w, StringComparison.OrdinalIgnoreCase)));
        }
        Map.Serial ??= Named("serial", "serial", "meter", "compteur", "nummer", "numéro", "id");
        Map.Date ??= Named("date", "date", "datum", "taken", "jour", "day", "tag");
        Map.Value ??= Named("value", "index", "value", "valeur", "waarde", "wert", "reading");
        Map.Kind ??= Named("kind", "type", "kind");
        Map.Unit ??= Named("unit", "unit", "unité", "eenheid", "einheit");
        Map.DateFormat ??= MeterFiles.DateFormats[0];
        Map.DecimalSeparator ??= "comma";
    }

    /// <summary>Names the columns, remembered for the provider; the file is then read and imported as any other.</summary>
    public async Task<IActionResult> OnPost(long importId)
    {
        if (!await Load(importId)) return NotFound();
        if (Import.State != MeterImportStates.Mapping) return this.SeeOther($"/meter-imports/{importId}");
        var check = new FormCheck(ModelState, l, nameof(Map));
        var serial = check.Choice(nameof(Map.Serial), Map.Serial, Columns);
        var date = check.Choice(nameof(Map.Date), Map.Date, Columns);
        var value = check.Choice(nameof(Map.Value), Map.Value, Columns);
        string? Optional(string field, string? column) => string.IsNullOrEmpty(column) ? null : check.Choice(field, column, Columns);
        var kind = Optional(nameof(Map.Kind), Map.Kind);
        var unit = Optional(nameof(Map.Unit), Map.Unit);
        var dateFormat = check.Choice(nameof(Map.DateFormat), Map.DateFormat, MeterFiles.DateFormats);
        var separator = check.Choice(nameof(Map.DecimalSeparator), Map.DecimalSeparator, ["comma", "point"]);
        if (serial is not null && date is not null && value is not null && new[] { serial, date, value }.Distinct().Count() < 3)
            check.Error(nameof(Map.Value), "The meter number, the date and the index are three different columns.");
        if (!ModelState.IsValid) return Page();
        var mapping = new ColumnMapping(serial!, date!, value!, kind, unit, dateFormat!, separator == "comma");
        if (await MeterImporting.Earlier(db, Import.BuildingId, Import.Sha256) is { } earlier)
        {
            await db.Execute("delete from meter_imports where id = @importId", new { importId });
            TempData["Notice"] = "This file was imported already: nothing changed.";
            return this.SeeOther($"/meter-imports/{earlier}");
        }
        using var text = Import.Text();
        var file = await MeterImporting.StoreLines(db, importId, MeterImporting.Read(MeterFiles.MappedCsv, text, mapping, BrusselsTime.Today), HttpContext.RequestAborted);
        if (MeterImporting.Refusal(file, Import.SkipFaulty, l) is { } refusal)
        {
            // most often a column or format named wrong: the message goes next to the field it is about
            await db.Rollback();
            var field = file.FirstErrors[0].Problem switch
            {
                MeterFiles.Problems.BadDate or MeterFiles.Problems.Future => nameof(Map.DateFormat),
                MeterFiles.Problems.BadValue or MeterFiles.Problems.Negative => nameof(Map.DecimalSeparator),
                MeterFiles.Problems.UnknownKind => nameof(Map.Kind),
                MeterFiles.Problems.UnknownUnit or MeterFiles.Problems.WrongUnit => nameof(Map.Unit),
                _ => nameof(Map.Serial),
            };
            check.Error(field, refusal.Key, refusal.Args);
            return Page();
        }
        await MeterImporting.Remember(db, Import.BuildingId, Import.Provider, mapping);
        await AuditLog.Record(db, User.Viewer(), "meter_import", importId, "created", AuditLog.Says("Meter readings imported: {0}", Import.FileName));
        await db.Commit();
        await MeterImporting.Start(schedulers);
        TempData["Notice"] = "The file is imported: its readings are being stored.";
        return this.SeeOther($"/meter-imports/{importId}");
    }

    /// <summary>A faulty line's problem in the reader's language.</summary>
    public string Problem(Line line) => l[line.Problem!, line.ProblemArgs?.Split('\x1f').Cast<object>().ToArray() ?? []].Value;
}
