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

/// <summary>A file's readings and its faulty lines, gathered.</summary>
public sealed record MeterFile(IReadOnlyList<MeterFileLine> Lines, IReadOnlyList<MeterFileError> Errors);

/// <summary>
/// One line of a file as the readers give them, one at a time: a reading, or the problem of a faulty line; neither for a
/// reading given again with the same index (one reading).
/// </summary>
public readonly record struct MeterFileItem(MeterFileLine? Reading, MeterFileError? Error);

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

    /// <summary>
    /// How a file is written: UTF-8 (with or without its mark), else Windows-1252 as older exports are; null for a binary
    /// file. Reads the stream through once, a few kilobytes at a time, and puts it back at its start.
    /// </summary>
    public static Encoding? EncodingOf(Stream stream)
    {
        var decoder = new UTF8Encoding(false, true).GetDecoder();
        var (bytes, chars) = (new byte[16 * 1024], new char[16 * 1024 + 4]);
        var utf8 = true;
        int read;
        while ((read = stream.Read(bytes, 0, bytes.Length)) > 0)
        {
            if (Array.IndexOf(bytes, (byte)0, 0, read) >= 0) return null;
            if (!utf8) continue;
            try
            {
                decoder.GetChars(bytes, 0, read, chars, 0, flush: false);
            }
            catch (DecoderFallbackException)
            {
                utf8 = false;
            }
        }
        try
        {
            if (utf8) decoder.GetChars([], 0, 0, chars, 0, flush: true); // a sequence cut short at the very end
        }
        catch (DecoderFallbackException)
        {
            utf8 = false;
        }
        stream.Position = 0;
        return utf8 ? new UTF8Encoding(false) : Encoding.Latin1; // Windows-1252 differs only in 0x80–0x9F, unused in these files' letters
    }

    /// <summary>A text reader over the stream in its encoding (a UTF-8 mark skipped).</summary>
    public static TextReader OpenText(Stream stream, Encoding encoding) => new StreamReader(stream, encoding, detectEncodingFromByteOrderMarks: true, leaveOpen: true);

    /// <summary>
    /// A CSV's rows (RFC 4180 quotes; the separator is the first line's semicolon, else tab, else comma), with their line
    /// numbers, read one at a time: a large file is never held whole.
    /// </summary>
    public static IEnumerable<(int Line, string[] Cells)> CsvRows(TextReader reader)
    {
        var first = reader.ReadLine();
        if (first is null) yield break;
        var separator = first.Contains(';') ? ';' : first.Contains('\t') ? '\t' : ',';
        foreach (var row in Rows(new StringReader(first), separator, 1)) yield return row;
        foreach (var row in Rows(reader, separator, 2)) yield return row;
    }

    private static IEnumerable<(int Line, string[] Cells)> Rows(TextReader reader, char separator, int line)
    {
        var cells = new List<string>();
        var cell = new StringBuilder();
        var (rowLine, quoted) = (line, false);
        int next;
        while ((next = reader.Read()) >= 0)
        {
            var c = (char)next;
            if (quoted)
            {
                if (c == '"' && reader.Peek() == '"') { cell.Append('"'); reader.Read(); }
                else if (c == '"') quoted = false;
                else { if (c == '\n') line++; cell.Append(c); }
            }
            else if (c == '"') quoted = true;
            else if (c == separator) { cells.Add(cell.ToString()); cell.Clear(); }
            else if (c is '\n' or '\r')
            {
                if (c == '\r' && reader.Peek() == '\n') reader.Read();
                cells.Add(cell.ToString());
                cell.Clear();
                if (cells.Any(x => x.Trim().Length > 0)) yield return (rowLine, cells.ToArray());
                cells.Clear();
                rowLine = ++line;
            }
            else cell.Append(c);
        }
        cells.Add(cell.ToString());
        if (cells.Any(x => x.Trim().Length > 0)) yield return (rowLine, cells.ToArray());
    }

    /// <summary>A file's readings and faulty lines gathered (a small file: the tests, the demo).</summary>
    public static MeterFile Collect(IEnumerable<MeterFileItem> items)
    {
        var (lines, errors) = (new List<MeterFileLine>(), new List<MeterFileError>());
        foreach (var item in items)
            if (item.Reading is { } reading) lines.Add(reading);
            else if (item.Error is { } error) errors.Add(error);
        return new(lines, errors);
    }

    public static MeterFile ReadIstaCsv(string text, DateOnly today) => Collect(ReadIstaCsv(new StringReader(text), today));

    public static MeterFile ReadCsv(string text, ColumnMapping mapping, DateOnly today) => Collect(ReadCsv(new StringReader(text), mapping, today));

    public static MeterFile ReadIstaXml(string text, DateOnly today) => Collect(ReadIstaXml(new StringReader(text), today));

    /// <summary>ista's CSV: its columns found by their names in the first line, then read as a mapped CSV.</summary>
    public static IEnumerable<MeterFileItem> ReadIstaCsv(TextReader text, DateOnly today)
    {
        var rows = CsvRows(text).GetEnumerator(); // (disposed by ReadRows, which reads on from the second line)
        var header = rows.MoveNext() ? rows.Current.Cells.Select(c => c.Trim()).ToArray() : [];
        string? Find(string field) => header.FirstOrDefault(h => IstaHeaders[field].Any(name => SameName(name, h)));
        var missing = new[] { "serial", "date", "value" }.FirstOrDefault(f => Find(f) is null);
        if (missing is not null) return [new(null, header.Length == 0 ? new(0, Problems.Empty) : new(1, Problems.MissingColumn, IstaHeaders[missing][0]))];
        return ReadRows(rows, header, new ColumnMapping(Find("serial")!, Find("date")!, Find("value")!, Find("kind"), Find("unit"), "dd/MM/yyyy", DecimalComma: true), today);
    }

    public static IEnumerable<MeterFileItem> ReadCsv(TextReader text, ColumnMapping mapping, DateOnly today)
    {
        var rows = CsvRows(text).GetEnumerator();
        if (!rows.MoveNext()) return [new(null, new(0, Problems.Empty))];
        return ReadRows(rows, [.. rows.Current.Cells.Select(c => c.Trim())], mapping, today);
    }

    private static IEnumerable<MeterFileItem> ReadRows(IEnumerator<(int Line, string[] Cells)> rows, string[] header, ColumnMapping mapping, DateOnly today)
    {
        using var _ = rows;
        int Column(string? name) => name is null ? -1 : Array.FindIndex(header, h => SameName(h, name));
        var (serial, date, value, kind, unit) = (Column(mapping.Serial), Column(mapping.Date), Column(mapping.Value), Column(mapping.Kind), Column(mapping.Unit));
        var missing = new[] { (mapping.Serial, serial), (mapping.Date, date), (mapping.Value, value) }.FirstOrDefault(c => c.Item2 < 0).Item1
            ?? (mapping.Kind is not null && kind < 0 ? mapping.Kind : mapping.Unit is not null && unit < 0 ? mapping.Unit : null);
        if (missing is not null)
        {
            yield return new(null, new(1, Problems.MissingColumn, missing));
            yield break;
        }
        var reader = new Reader(today);
        var any = false;
        while (rows.MoveNext())
        {
            var (line, cells) = rows.Current;
            any = true;
            yield return cells.Length != header.Length ? new(null, new(line, Problems.ColumnCount, cells.Length, header.Length))
                : reader.Read(line, cells[serial], kind < 0 ? null : cells[kind], unit < 0 ? null : cells[unit],
                    ParseDate(cells[date], mapping.DateFormat), cells[date], ParseNumber(cells[value], mapping.DecimalComma), cells[value]);
        }
        if (!any) yield return new(null, new(0, Problems.Empty));
    }

    /// <summary>ista's XML layout (see the class), read element by element; no DTD, no external entity.</summary>
    public static IEnumerable<MeterFileItem> ReadIstaXml(TextReader text, DateOnly today)
    {
        using var xml = XmlReader.Create(text, new XmlReaderSettings { DtdProcessing = DtdProcessing.Prohibit, XmlResolver = null, IgnoreWhitespace = true, IgnoreComments = true });
        var info = (IXmlLineInfo)xml;
        var reader = new Reader(today);
        var (root, any, serial, type, unit) = (false, false, (string?)null, (string?)null, (string?)null);
        while (true)
        {
            MeterFileItem? item = null;
            bool more;
            try
            {
                more = xml.Read();
                if (more && xml.NodeType == XmlNodeType.Element)
                {
                    var line = info.LineNumber;
                    if (!root)
                    {
                        root = true;
                        if (xml.LocalName != "readings") item = new(null, new(line, Problems.NotIstaXml));
                    }
                    else if (xml.LocalName == "device")
                    {
                        (serial, type, unit) = (xml.GetAttribute("serial"), xml.GetAttribute("type"), xml.GetAttribute("unit"));
                        if (serial is null) item = new(null, new(line, Problems.MissingAttribute, "device", "serial"));
                    }
                    else if (xml.LocalName == "reading" && serial is not null)
                    {
                        var (date, value) = (xml.GetAttribute("date"), xml.GetAttribute("value"));
                        item = date is null || value is null ? new(null, new(line, Problems.MissingAttribute, "reading", date is null ? "date" : "value"))
                            : reader.Read(line, serial, type, unit, ParseDate(date, "yyyy-MM-dd"), date, ParseNumber(value, decimalComma: false), value);
                    }
                }
                else if (more && xml.NodeType == XmlNodeType.EndElement && xml.LocalName == "device") serial = null;
            }
            catch (XmlException e)
            {
                item = new(null, new(e.LineNumber, Problems.NotXml, e.Message));
                more = false;
            }
            if (item is { } found)
            {
                any = true;
                yield return found;
            }
            if (!more || item?.Error?.Problem == Problems.NotIstaXml) break;
        }
        if (!any) yield return new(null, new(0, Problems.Empty));
    }

    /// <summary>Checks each line, and the file's duplicates; a meter's serial is kept once however many lines name it.</summary>
    private sealed class Reader(DateOnly today)
    {
        private readonly Dictionary<(string, DateOnly), (int Line, decimal Value)> seen = [];
        private readonly Dictionary<string, string> serials = [];

        public MeterFileItem Read(int line, string serialText, string? type, string? unitText, DateOnly? date, string dateText, decimal? value, string valueText)
        {
            static MeterFileItem Fail(int line, string problem, params object[] args) => new(null, new(line, problem, args));
            var serial = serialText.Trim();
            string? kind = null;
            if (serial.Length is 0 or > 40) return Fail(line, Problems.NoSerial);
            if (!string.IsNullOrWhiteSpace(type) && (kind = Kind(type)) is null) return Fail(line, Problems.UnknownKind, type.Trim());
            if (date is null) return Fail(line, Problems.BadDate, dateText.Trim());
            if (date > today) return Fail(line, Problems.Future, date.Value.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture));
            if (value is null) return Fail(line, Problems.BadValue, valueText.Trim());
            if (value < 0) return Fail(line, Problems.Negative);
            if (!string.IsNullOrWhiteSpace(unitText))
            {
                if (!Units.TryGetValue(unitText.Trim(), out var unit)) return Fail(line, Problems.UnknownUnit, unitText.Trim());
                if (kind is not null && SensorKinds.Units[kind] != unit.Unit) return Fail(line, Problems.WrongUnit, SensorKinds.Units[kind], unitText.Trim());
                value *= unit.Factor;
            }
            if (!serials.TryGetValue(serial, out var known)) serials[serial] = known = serial;
            if (seen.TryGetValue((known, date.Value), out var earlier))
                // the same reading given twice is one reading; two different ones cannot both be right
                return earlier.Value == value ? new(null, null)
                    : Fail(line, Problems.TwiceWithOtherValue, known, date.Value.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture), earlier.Line);
            seen[(known, date.Value)] = (line, value.Value);
            return new(new MeterFileLine(line, known, kind, date.Value, value.Value), null);
        }
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
