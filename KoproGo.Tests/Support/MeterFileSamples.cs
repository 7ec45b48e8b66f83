namespace KoproGo.Tests.Support;

/// <summary>
/// Meter-reading files as the sub-metering firms deliver them, in the layouts the importer supports (see
/// KoproGo.Domain.Energy.MeterFiles): ista's CSV with French or German headers, ista's XML, and another firm's CSV whose
/// columns are named by the syndic. Every device type and unit the reader knows appears; the dates are given by the
/// test (the app's clock), never written by hand.
/// </summary>
public static class MeterFileSamples
{
    private static string Fr(DateOnly d) => d.ToString("dd/MM/yyyy", System.Globalization.CultureInfo.InvariantCulture);
    private static string De(DateOnly d) => d.ToString("dd.MM.yyyy", System.Globalization.CultureInfo.InvariantCulture);
    private static string Iso(DateOnly d) => d.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture);

    /// <summary>ista's reading list with French headers: an allocator per flat read twice, a heat meter in MWh, water meters,
    /// a quoted location with a semicolon, and one meter (7ISTA99999) that is in no register.</summary>
    public static string IstaCsv(DateOnly before, DateOnly last) => string.Join("\r\n",
        "Numéro d'appareil;Type d'appareil;Emplacement;Date de relevé;Index;Unité",
        $"7ISTA10001;HKV;\"A1.1; séjour\";{Fr(before)};1000,0;unités",
        $"7ISTA10001;HKV;\"A1.1; séjour\";{Fr(last)};1850,5;unités",
        $"7ISTA10002;HKV;A1.2 séjour;{Fr(before)};2000,0;unités",
        $"7ISTA10002;HKV;A1.2 séjour;{Fr(last)};2500,0;unités",
        $"7ISTA20001;WMZ;Chaufferie;{Fr(last)};412,25;MWh",
        $"7ISTA30001;WWZ;A1.1 cuisine;{Fr(last)};102,125;m³",
        $"7ISTA40001;KWZ;A1.1 cuisine;{Fr(last)};88,5;m3",
        $"7ISTA99999;HKV;Conciergerie;{Fr(last)};77,0;unités",
        "");

    /// <summary>The same list as ista's German export writes it (headers, dd.mm.yyyy dates, Einheiten).</summary>
    public static string IstaCsvGerman(DateOnly last) => string.Join("\n",
        "Gerätenummer;Gerätetyp;Ort;Ablesedatum;Zählerstand;Einheit",
        $"7ISTA10001;Heizkostenverteiler;Wohnzimmer;{De(last)};1850,5;Einheiten",
        $"7ISTA20001;Wärmezähler;Heizraum;{De(last)};412250;kWh");

    /// <summary>ista's XML: devices with their readings; an allocator, a heat meter, the hot water meter.</summary>
    public static string IstaXml(DateOnly before, DateOnly last) => $"""
        <?xml version="1.0" encoding="UTF-8"?>
        <readings provider="ista">
          <device serial="7ISTA10001" type="HKV" unit="units">
            <reading date="{Iso(before)}" value="1000.0"/>
            <reading date="{Iso(last)}" value="1850.5"/>
          </device>
          <device serial="7ISTA20001" type="WMZ" unit="kWh">
            <reading date="{Iso(last)}" value="412250"/>
          </device>
          <device serial="7ISTA30001" type="WWZ" unit="m3">
            <reading date="{Iso(last)}" value="102.125"/>
          </device>
        </readings>
        """;

    /// <summary>Another firm's CSV: commas, quoted cells, ISO dates, decimal points, its own column names.</summary>
    public static string OtherCsv(DateOnly last) => string.Join("\n",
        "\"Meter ID\",\"Reading taken\",\"Reading\",\"Remark\"",
        $"\"TECH-555\",\"{Iso(last)}\",\"321.5\",\"\"",
        $"\"TECH-556\",\"{Iso(last)}\",\"123.25\",\"estimated, \"\"approx.\"\"\"");
}
