using KoproGo.Domain.Energy;
using KoproGo.Tests.Support;

namespace KoproGo.Tests.Domain.Energy;

public class MeterFileTests
{
    private static readonly DateOnly Today = new(2026, 3, 29); // the spring clock change: a date is a date whatever the hour
    private static readonly DateOnly Last = Today.AddDays(-88);
    private static readonly DateOnly Before = Last.AddYears(-1);

    [Fact]
    public void Ista_csv_gives_every_line_with_its_kind_and_the_index_in_the_kinds_unit()
    {
        var file = MeterFiles.ReadIstaCsv(MeterFileSamples.IstaCsv(Before, Last), Today);
        Assert.Empty(file.Errors);
        Assert.Equal(8, file.Lines.Count);
        Assert.Equal(new MeterFileLine(3, "7ISTA10001", "heat_cost_allocator", Last, 1850.5m), file.Lines[1]);
        Assert.Equal(("heat", 412_250m), (file.Lines[4].Kind, file.Lines[4].Value)); // MWh read as kWh
        Assert.Equal(["hot_water", "cold_water"], file.Lines.Skip(5).Take(2).Select(l => l.Kind));
        Assert.Equal(102.125m, file.Lines[5].Value);
    }

    [Fact]
    public void Ista_csv_with_german_headers_and_dates_reads_the_same()
    {
        var file = MeterFiles.ReadIstaCsv(MeterFileSamples.IstaCsvGerman(Last), Today);
        Assert.Empty(file.Errors);
        Assert.Equal([("7ISTA10001", "heat_cost_allocator", 1850.5m), ("7ISTA20001", "heat", 412_250m)],
            file.Lines.Select(l => (l.Serial, l.Kind!, l.Value)));
        Assert.All(file.Lines, l => Assert.Equal(Last, l.ReadOn));
    }

    [Fact]
    public void Ista_xml_gives_the_same_readings_with_their_line_numbers()
    {
        var file = MeterFiles.ReadIstaXml(MeterFileSamples.IstaXml(Before, Last), Today);
        Assert.Empty(file.Errors);
        Assert.Equal([(4, "7ISTA10001", 1000.0m), (5, "7ISTA10001", 1850.5m), (8, "7ISTA20001", 412_250m), (11, "7ISTA30001", 102.125m)],
            file.Lines.Select(l => (l.Line, l.Serial, l.Value)));
    }

    [Fact]
    public void A_mapped_csv_reads_quoted_cells_commas_and_iso_dates()
    {
        var mapping = new ColumnMapping("Meter ID", "Reading taken", "Reading", null, null, "dd/MM/yyyy", DecimalComma: false);
        var file = MeterFiles.ReadCsv(MeterFileSamples.OtherCsv(Last), mapping, Today);
        Assert.Empty(file.Errors);
        Assert.Equal([("TECH-555", 321.5m), ("TECH-556", 123.25m)], file.Lines.Select(l => (l.Serial, l.Value)));
        Assert.All(file.Lines, l => Assert.Null(l.Kind));
    }

    [Fact]
    public void Each_faulty_line_says_what_is_wrong_and_the_others_are_read()
    {
        var text = string.Join("\n",
            "Numéro d'appareil;Type d'appareil;Date de relevé;Index;Unité",
            "A;HKV;31/12/2025;10,0;unités",
            ";HKV;31/12/2025;10,0;unités",
            "B;XYZ;31/12/2025;10,0;unités",
            "C;HKV;31/13/2025;10,0;unités",
            $"D;HKV;{Today.AddDays(1).ToString("dd/MM/yyyy", System.Globalization.CultureInfo.InvariantCulture)};10,0;unités",
            "E;HKV;31/12/2025;1.000,5;unités",
            "F;HKV;31/12/2025;-3,0;unités",
            "G;HKV;31/12/2025;3,0;litres",
            "H;HKV;31/12/2025;3,0;kWh",
            "A;HKV;31/12/2025;11,0;unités",
            "A;HKV;31/12/2025;10,0;unités",
            "I;HKV;31/12/2025");
        var file = MeterFiles.ReadIstaCsv(text, Today);
        Assert.Equal(["A"], file.Lines.Select(l => l.Serial)); // the same reading twice is one reading
        Assert.Equal([
            (3, MeterFiles.Problems.NoSerial), (4, MeterFiles.Problems.UnknownKind), (5, MeterFiles.Problems.BadDate),
            (6, MeterFiles.Problems.Future), (7, MeterFiles.Problems.BadValue), (8, MeterFiles.Problems.Negative),
            (9, MeterFiles.Problems.UnknownUnit), (10, MeterFiles.Problems.WrongUnit), (11, MeterFiles.Problems.TwiceWithOtherValue),
            (13, MeterFiles.Problems.ColumnCount)], file.Errors.Select(e => (e.Line, e.Problem)));
        Assert.Equal("line 11: meter A read on 2025-12-31 already at line 2 with another value", file.Errors[8].ToString());
    }

    [Fact]
    public void A_file_without_the_columns_or_readings_is_refused_as_a_whole()
    {
        Assert.Equal(MeterFiles.Problems.MissingColumn, MeterFiles.ReadIstaCsv("Serial;Value\nA;1", Today).Errors.Single().Problem);
        Assert.Equal(MeterFiles.Problems.Empty, MeterFiles.ReadIstaCsv("Numéro d'appareil;Date de relevé;Index\n", Today).Errors.Single().Problem);
        Assert.Equal(MeterFiles.Problems.NotXml, MeterFiles.ReadIstaXml("<readings><device serial=\"A\">", Today).Errors.Single().Problem);
        Assert.Equal(MeterFiles.Problems.NotIstaXml, MeterFiles.ReadIstaXml("<meters/>", Today).Errors.Single().Problem);
        var noDate = MeterFiles.ReadIstaXml("<readings><device serial=\"A\"><reading value=\"1\"/></device></readings>", Today);
        Assert.Equal((MeterFiles.Problems.MissingAttribute, "date"), (noDate.Errors.Single().Problem, (string)noDate.Errors.Single().Args[1]));
    }

    [Fact]
    public void An_xml_file_with_a_dtd_is_refused_not_expanded()
    {
        var bomb = "<?xml version=\"1.0\"?><!DOCTYPE r [<!ENTITY a \"aaaaaaaaaa\"><!ENTITY b \"&a;&a;&a;&a;\">]><readings>&b;</readings>";
        Assert.Equal(MeterFiles.Problems.NotXml, MeterFiles.ReadIstaXml(bomb, Today).Errors.Single().Problem);
    }

    [Fact]
    public void Text_is_utf8_or_windows_1252_and_a_binary_file_is_not_text()
    {
        static string? Read(byte[] bytes)
        {
            using var stream = new MemoryStream(bytes);
            return MeterFiles.EncodingOf(stream) is { } encoding ? MeterFiles.OpenText(stream, encoding).ReadToEnd() : null;
        }
        Assert.Equal("Unité", Read([0xEF, 0xBB, 0xBF, .. "Unité"u8.ToArray()]));
        Assert.Equal("Unité", Read([(byte)'U', (byte)'n', (byte)'i', (byte)'t', 0xE9]));
        Assert.Null(Read([0x50, 0x4B, 0x03, 0x04, 0x00]));
        // a letter cut by the 16 KB buffer's edge is still UTF-8
        Assert.Equal("x" + new string('é', 10_000), Read([(byte)'x', .. Enumerable.Repeat("é"u8.ToArray(), 10_000).SelectMany(b => b)]));
    }

    [Fact]
    public void A_large_file_is_read_a_line_at_a_time_and_an_xml_on_one_line_gives_each_reading()
    {
        // 200,000 lines are never gathered: the reader gives the first before it reads the last
        var lines = MeterFiles.ReadIstaCsv(new StringReader("Numéro d'appareil;Date de relevé;Index\n" +
            string.Concat(Enumerable.Range(0, 200_000).Select(i => $"M{i % 50};{Today.AddDays(-(i / 50)):dd'/'MM'/'yyyy};{i},5\n"))), Today);
        Assert.Equal(200_000, lines.Count(x => x.Reading is not null));
        var xml = MeterFiles.ReadIstaXml($"<readings><device serial=\"A\"><reading date=\"{Today.AddDays(-1):yyyy'-'MM'-'dd}\" value=\"1\"/><reading date=\"{Today:yyyy'-'MM'-'dd}\" value=\"2\"/></device></readings>", Today);
        Assert.Equal([(1, 1m), (1, 2m)], xml.Lines.Select(l => (l.Line, l.Value)));
    }

    [Theory]
    [InlineData("HKV", "heat_cost_allocator")]
    [InlineData("Kostenverdeler", "heat_cost_allocator")]
    [InlineData("WMZ", "heat")]
    [InlineData("Calorimètre", "heat")]
    [InlineData("WWZ", "hot_water")]
    [InlineData("KWZ", "cold_water")]
    [InlineData("gas", "gas")]
    [InlineData("ELEC", "electricity")]
    [InlineData("??", null)]
    public void Device_types_are_istas_codes_their_names_or_our_kinds(string type, string? kind) => Assert.Equal(kind, MeterFiles.Kind(type));

    [Theory]
    [InlineData("mapping", "imported", true)]
    [InlineData("imported", "mapping", false)]
    [InlineData("imported", "imported", false)]
    public void An_import_waits_for_its_columns_then_is_imported_once(string from, string to, bool allowed) =>
        Assert.Equal(allowed, MeterImportStates.MayMove(from, to));
}

public class MeterReadingCheckTests
{
    [Fact]
    public void The_comparable_period_is_the_year_to_the_reading_and_the_year_before()
    {
        var (year, before) = MeterReadings.YearTo(new DateOnly(2025, 12, 31));
        Assert.Equal((new DateOnly(2025, 1, 1), new DateOnly(2025, 12, 31)), year);
        Assert.Equal((new DateOnly(2024, 1, 1), new DateOnly(2024, 12, 31)), before);
        // a leap day: the year before ends on the 28th
        Assert.Equal(new DateOnly(2023, 2, 28), MeterReadings.YearTo(new DateOnly(2024, 2, 29)).YearBefore.To);
    }

    [Fact]
    public void An_index_lower_than_the_one_before_is_a_reset()
    {
        Assert.True(MeterReadings.Reset(1200m, 15m));
        Assert.False(MeterReadings.Reset(1200m, 1200m));
    }

    [Theory]
    [InlineData(100, 110, false)]
    [InlineData(100, 111.2, true)]
    [InlineData(0, 0, false)]
    [InlineData(0, 5, true)]
    public void A_firms_meter_and_a_live_sensor_agree_within_ten_percent(decimal imported, decimal live, bool disagree) =>
        Assert.Equal(disagree, MeterReadings.Disagree(imported, live));
}
