using System.Globalization;
using System.Text;
using System.Xml;
using System.Xml.Linq;

namespace KoproGo.Domain.Energy;

/// <summary>One reading of a sub-metering firm's file: which meter (its serial number), when, its index.</summary>
/// <param name="Kind">The kind the file gives (one of <see cref="SensorKinds"/>), when it gives one.</param>
public sealed record MeterFileLine(int Line, string Serial, string? Kind, DateOnly ReadOn, decimal Value);

/// <summary>
/// What is wrong with a line (1-based; 0 for the file as a whole). <see cref="Problem"/> is an English text with
/// {0}-style places for <see cref="Args"/>: the page shows it in the reader's language.
/// </summary>
public sealed record MeterFileError(int Line, string Problem, params object[] Args)
{
    public override string ToString() => $"line {Line}: {string.Format(CultureInfo.InvariantCulture, Problem, Args)}";
}

/// <summary>A file read: its column names (CSV), its readings, and its faulty lines.</summary>
public sealed record MeterFile(IReadOnlyList<string> Columns, IReadOnlyList<MeterFileLine> Lines, IReadOnlyList<MeterFileError> Errors);

/// <summary>Which column of a CSV holds what, by the columns' names in its first line; remembered per building and provider.</summary>
public sealed record ColumnMapping(string Serial, string Date, string Value, string? Kind, string? Unit, string DateFormat, bool DecimalComma);

/// <summary>
/// Reads the periodic readings sub-metering firms deliver (ista first). No firm publishes its layouts, so the ones
/// supported are written down here and in the README, with samples in the tests:
/// <list type="bullet">
/// <item><b>ista CSV</b>: the reading list of ista's portal. Semicolons, a header line naming the columns in French,
/// Dutch, German or English (<see cref="IstaHeaders"/>): device number, device type, reading date (dd/mm/yyyy or
/// dd.mm.yyyy), index with a decimal comma, unit; other columns (location, remarks) are ignored.</item>
/// <item><b>ista XML</b>: <c>&lt;readings provider="ista"&gt;</c> holding <c>&lt;device serial="…" type="…"
/// unit="…"&gt;</c> elements, each with <c>&lt;reading date="yyyy-mm-dd" value="1234.5"/&gt;</c> (XML Schema's
/// date and decimal).</item>
/// <item><b>Any other CSV</b> (comma or semicolon, quoted or not): the syndic says once which column is what
/// (<see cref="ColumnMapping"/>).</item>
/// </list>
/// Device types are ista's codes (HKV allocator, WMZ heat meter, WWZ hot water, KWZ cold water), their names in the
/// four languages, or our own kinds. Indexes are never negative; a date after today, an unknown unit, a unit that is not
/// the kind's, or the same meter read twice on one day with two values make the line faulty.
/// </summary>
public static class MeterFiles
{
    public const string IstaCsv = "ista-csv";
    public const string IstaXml = "ista-xml";
    public const string MappedCsv = "csv";
    public static readonly string[] Formats = [IstaCsv, IstaXml, MappedCsv];

    /// <summary>Every problem the readers report, in English: the keys of their translations.</summary>
    public static class Problems
    {
        public const string Empty = "the file holds no reading";
        public const string NotText = "the file is not text (UTF-8 or Windows-1252)";
        public const string MissingColumn = "no column \"{0}\" in the first line";
        public const string ColumnCount = "{0} columns where the first line has {1}";
        public const string NoSerial = "no meter number";
        public const string BadDate = "\"{0}\" is not a date";
        public const string Future = "read on {0}, after today";
        public const string BadValue = "\"{0}\" is not a number";
        public const string Negative = "a meter's index is never negative";
        public const string UnknownKind = "unknown device type \"{0}\"";
        public const string UnknownUnit = "unknown unit \"{0}\"";
        public const string WrongUnit = "this device type counts in {0}, not {1}";
        public const string TwiceWithOtherValue = "meter {0} read on {1} already at line {2} with another value";
        public const string NotXml = "not well-formed XML: {0}";
        public const string NotIstaXml = "the root element is not <readings>";
        public const string MissingAttribute = "<{0}> without its \"{1}\" attribute";
    }

    /// <summary>The names ista's CSV gives its columns, in the four languages (compared without case or accents).</summary>
    public static readonly IReadOnlyDictionary<string, string[]> IstaHeaders = new Dictionary<string, string[]>
    {
        ["serial"] = ["Numéro d'appareil", "Toestelnummer", "Gerätenummer", "Device number"],
        ["kind"] = ["Type d'appareil", "Type toestel", "Gerätetyp", "Device type"],
        ["date"] = ["Date de relevé", "Datum opname", "Ablesedatum", "Reading date"],
        ["value"] = ["Index", "Stand", "Zählerstand", "Reading"],
        ["unit"] = ["Unité", "Eenheid", "Einheit", "Unit"],
    };

    public static readonly string[] DateFormats = ["dd/MM/yyyy", "dd.MM.yyyy", "yyyy-MM-dd", "dd-MM-yyyy"];

    private static readonly Dictionary<string, string> Kinds = new(StringComparer.OrdinalIgnoreCase)
    {
        ["HKV"] = "heat_cost_allocator", ["RFN"] = "heat_cost_allocator", ["Répartiteur"] = "heat_cost_allocator",
        ["Kostenverdeler"] = "heat_cost_allocator", ["Heizkostenverteiler"] = "heat_cost_allocator", ["Allocator"] = "heat_cost_allocator",
        ["WMZ"] = "heat", ["Calorimètre"] = "heat", ["Warmtemeter"] = "heat", ["Wärmezähler"] = "heat", ["Heat meter"] = "heat",
        ["WWZ"] = "hot_water", ["Eau chaude"] = "hot_water", ["Warm water"] = "hot_water", ["Warmwasser"] = "hot_water", ["Hot water"] = "hot_water",
        ["KWZ"] = "cold_water", ["Eau froide"] = "cold_water", ["Koud water"] = "cold_water", ["Kaltwasser"] = "cold_water", ["Cold water"] = "cold_water",
        ["GAZ"] = "gas", ["Gas"] = "gas", ["ELEC"] = "electricity",
    };

    private static readonly Dictionary<string, (string Unit, decimal Factor)> Units = new(StringComparer.OrdinalIgnoreCase)
    {
        ["m3"] = ("m3", 1), ["m³"] = ("m3", 1), ["kWh"] = ("kWh", 1), ["MWh"] = ("kWh", 1000),
        ["units"] = ("units", 1), ["unités"] = ("units", 1), ["eenheden"] = ("units", 1), ["Einheiten"] = ("units", 1), ["E"] = ("units", 1),
    };

    /// <summary>The kind a file's device type names, or null when unknown.</summary>
    public static string? Kind(string? type)
    {
        var text = type?.Trim();
        if (string.IsNullOrEmpty(text)) return null;
        if (SensorKinds.IsKind(text)) return text;
        return Kinds.TryGetValue(text, out var kind) ? kind : null;
    }

    /// <summary>Decodes the bytes: UTF-8 (with or without its mark), else Windows-1252 as older exports are; null for a binary file.</summary>
    public static string? Text(byte[] bytes)
    {
        if (Array.IndexOf(bytes, (byte)0) >= 0) return null;
        try
        {
            return new UTF8Encoding(false, true).GetString(bytes).TrimStart('\uFEFF');
        }
        catch (DecoderFallbackException)
        {
            return Encoding.Latin1.GetString(bytes); // Windows-1252 differs only in 0x80–0x9F, unused in these files' letters
        }
    }

    /// <summary>A CSV's rows (RFC 4180 quotes; the separator is the first line's semicolon, else comma), with their line numbers.</summary>
    public static IReadOnlyList<(int Line, string[] Cells)> CsvRows(string text)
    {
        var firstLine = text.Split('\n', 2)[0];
        var separator = firstLine.Contains(';') ? ';' : firstLine.Contains('\t') ? '\t' : ',';
        var rows = new List<(int, string[])>();
        var cells = new List<string>();
        var cell = new StringBuilder();
        var (line, rowLine, quoted) = (1, 1, false);
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            if (quoted)
            {
                if (c == '"' && i + 1 < text.Length && text[i + 1] == '"') { cell.Append('"'); i++; }
                else if (c == '"') quoted = false;
                else { if (c == '\n') line++; cell.Append(c); }
            }
            else if (c == '"') quoted = true;
            else if (c == separator) { cells.Add(cell.ToString()); cell.Clear(); }
            else if (c is '\n' or '\r')
            {
                if (c == '\r' && i + 1 < text.Length && text[i + 1] == '\n') i++;
                cells.Add(cell.ToString());
                cell.Clear();
                if (cells.Any(x => x.Trim().Length > 0)) rows.Add((rowLine, cells.ToArray()));
                cells.Clear();
                rowLine = ++line;
            }
            else cell.Append(c);
        }
        cells.Add(cell.ToString());
        if (cells.Any(x => x.Trim().Length > 0)) rows.Add((rowLine, cells.ToArray()));
        return rows;
    }

    /// <summary>ista's CSV: its columns found by their names, then read as a mapped CSV.</summary>
    public static MeterFile ReadIstaCsv(string text, DateOnly today)
    {
        var rows = CsvRows(text);
        var header = rows.Count > 0 ? rows[0].Cells.Select(c => c.Trim()).ToArray() : [];
        string? Find(string field) => header.FirstOrDefault(h => IstaHeaders[field].Any(name => SameName(name, h)));
        var missing = new[] { "serial", "date", "value" }.FirstOrDefault(f => Find(f) is null);
        if (missing is not null) return new(header, [], [new(1, Problems.MissingColumn, IstaHeaders[missing][0])]);
        return ReadCsv(rows, new ColumnMapping(Find("serial")!, Find("date")!, Find("value")!, Find("kind"), Find("unit"), "dd/MM/yyyy", DecimalComma: true), today);
    }

    public static MeterFile ReadCsv(string text, ColumnMapping mapping, DateOnly today) => ReadCsv(CsvRows(text), mapping, today);

    private static MeterFile ReadCsv(IReadOnlyList<(int Line, string[] Cells)> rows, ColumnMapping mapping, DateOnly today)
    {
        if (rows.Count == 0) return new([], [], [new(0, Problems.Empty)]);
        var header = rows[0].Cells.Select(c => c.Trim()).ToArray();
        int Column(string? name) => name is null ? -1 : Array.FindIndex(header, h => SameName(h, name));
        var (serial, date, value, kind, unit) = (Column(mapping.Serial), Column(mapping.Date), Column(mapping.Value), Column(mapping.Kind), Column(mapping.Unit));
        var missing = new[] { (mapping.Serial, serial), (mapping.Date, date), (mapping.Value, value) }.FirstOrDefault(c => c.Item2 < 0).Item1
            ?? (mapping.Kind is not null && kind < 0 ? mapping.Kind : mapping.Unit is not null && unit < 0 ? mapping.Unit : null);
        if (missing is not null) return new(header, [], [new(1, Problems.MissingColumn, missing)]);
        var readings = new Reader(today);
        foreach (var (line, cells) in rows.Skip(1))
        {
            if (cells.Length != header.Length)
            {
                readings.Fail(line, Problems.ColumnCount, cells.Length, header.Length);
                continue;
            }
            readings.Add(line, cells[serial], kind < 0 ? null : cells[kind], unit < 0 ? null : cells[unit],
                ParseDate(cells[date], mapping.DateFormat), cells[date], ParseNumber(cells[value], mapping.DecimalComma), cells[value]);
        }
        return readings.File(header);
    }

    /// <summary>ista's XML layout (see the class): parsed without DTDs or external entities.</summary>
    public static MeterFile ReadIstaXml(string text, DateOnly today)
    {
        XDocument document;
        try
        {
            using var reader = XmlReader.Create(new StringReader(text), new XmlReaderSettings { DtdProcessing = DtdProcessing.Prohibit, XmlResolver = null });
            document = XDocument.Load(reader, LoadOptions.SetLineInfo);
        }
        catch (XmlException e)
        {
            return new([], [], [new(e.LineNumber, Problems.NotXml, e.Message)]);
        }
        if (document.Root?.Name.LocalName != "readings") return new([], [], [new(1, Problems.NotIstaXml)]);
        var readings = new Reader(today);
        foreach (var device in document.Root.Elements().Where(e => e.Name.LocalName == "device"))
        {
            var deviceLine = ((IXmlLineInfo)device).LineNumber;
            var serial = (string?)device.Attribute("serial");
            if (serial is null)
            {
                readings.Fail(deviceLine, Problems.MissingAttribute, "device", "serial");
                continue;
            }
            foreach (var reading in device.Elements().Where(e => e.Name.LocalName == "reading"))
            {
                var line = ((IXmlLineInfo)reading).LineNumber;
                var (date, value) = ((string?)reading.Attribute("date"), (string?)reading.Attribute("value"));
                if (date is null || value is null)
                {
                    readings.Fail(line, Problems.MissingAttribute, "reading", date is null ? "date" : "value");
                    continue;
                }
                readings.Add(line, serial, (string?)device.Attribute("type"), (string?)device.Attribute("unit"),
                    ParseDate(date, "yyyy-MM-dd"), date, ParseNumber(value, decimalComma: false), value);
            }
        }
        return readings.File([]);
    }

    /// <summary>Gathers a file's lines, checking each and the file's duplicates.</summary>
    private sealed class Reader(DateOnly today)
    {
        private readonly List<MeterFileLine> lines = [];
        private readonly List<MeterFileError> errors = [];
        private readonly Dictionary<(string, DateOnly), MeterFileLine> seen = [];

        public void Fail(int line, string problem, params object[] args) => errors.Add(new(line, problem, args));

        public void Add(int line, string serialText, string? type, string? unitText, DateOnly? date, string dateText, decimal? value, string valueText)
        {
            var serial = serialText.Trim();
            string? kind = null;
            if (serial.Length is 0 or > 40) { Fail(line, Problems.NoSerial); return; }
            if (!string.IsNullOrWhiteSpace(type) && (kind = Kind(type)) is null) { Fail(line, Problems.UnknownKind, type.Trim()); return; }
            if (date is null) { Fail(line, Problems.BadDate, dateText.Trim()); return; }
            if (date > today) { Fail(line, Problems.Future, date.Value.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)); return; }
            if (value is null) { Fail(line, Problems.BadValue, valueText.Trim()); return; }
            if (value < 0) { Fail(line, Problems.Negative); return; }
            if (!string.IsNullOrWhiteSpace(unitText))
            {
                if (!Units.TryGetValue(unitText.Trim(), out var unit)) { Fail(line, Problems.UnknownUnit, unitText.Trim()); return; }
                if (kind is not null && SensorKinds.Units[kind] != unit.Unit) { Fail(line, Problems.WrongUnit, SensorKinds.Units[kind], unitText.Trim()); return; }
                value *= unit.Factor;
            }
            var reading = new MeterFileLine(line, serial, kind, date.Value, value.Value);
            if (seen.TryGetValue((serial, date.Value), out var earlier))
            {
                // the same reading given twice is one reading; two different ones cannot both be right
                if (earlier.Value != reading.Value) Fail(line, Problems.TwiceWithOtherValue, serial, date.Value.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture), earlier.Line);
                return;
            }
            seen[(serial, date.Value)] = reading;
            lines.Add(reading);
        }

        public MeterFile File(IReadOnlyList<string> columns) =>
            new(columns, lines, lines.Count == 0 && errors.Count == 0 ? [new(0, Problems.Empty)] : errors);
    }

    /// <summary>A date in the given format, or ISO (yyyy-mm-dd) or dd.mm.yyyy whatever the format: those are never ambiguous.</summary>
    public static DateOnly? ParseDate(string text, string format)
    {
        var t = text.Trim();
        if (t.Length > 10 && t[10] is ' ' or 'T') t = t[..10]; // a time of day after the date says nothing more for an index read that day
        return DateOnly.TryParseExact(t, [format, "yyyy-MM-dd", "dd.MM.yyyy"], CultureInfo.InvariantCulture, DateTimeStyles.None, out var d) ? d : null;
    }

    /// <summary>A number with the file's decimal separator and nothing else: no thousands separator to misread.</summary>
    public static decimal? ParseNumber(string text, bool decimalComma)
    {
        var t = text.Trim();
        if (decimalComma) { if (t.Contains('.')) return null; t = t.Replace(',', '.'); }
        else if (t.Contains(',')) return null;
        return decimal.TryParse(t, NumberStyles.AllowLeadingSign | NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var d) ? d : null;
    }

    private static bool SameName(string a, string b) => string.Equals(Plain(a), Plain(b), StringComparison.Ordinal);

    private static string Plain(string text) =>
        new(text.Trim().Normalize(NormalizationForm.FormD).Where(c => CharUnicodeInfo.GetUnicodeCategory(c) != UnicodeCategory.NonSpacingMark)
            .Select(char.ToLowerInvariant).Select(c => c == '’' ? '\'' : c).ToArray());
}

/// <summary>
/// An import waits for its columns to be named (a CSV of a provider not mapped yet for the building), then is imported;
/// nothing else: a corrected file is a new import.
/// </summary>
public static class MeterImportStates
{
    public const string Mapping = "mapping";
    public const string Imported = "imported";

    public static bool MayMove(string from, string to) => from == Mapping && to == Imported;
}
