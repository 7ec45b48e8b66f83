using System.Text;

namespace KoproGo.Domain.Buildings;

/// <summary>International bank account numbers (ISO 13616): length per country and the mod-97 check.</summary>
public static class Iban
{
    private static readonly Dictionary<string, int> LengthByCountry = new()
    {
        ["BE"] = 16, ["NL"] = 18, ["LU"] = 20, ["FR"] = 27, ["DE"] = 22, ["AT"] = 20, ["ES"] = 24, ["IT"] = 27,
        ["PT"] = 25, ["IE"] = 22, ["GB"] = 22, ["CH"] = 21, ["DK"] = 18, ["FI"] = 18, ["SE"] = 24, ["NO"] = 15,
        ["PL"] = 28, ["CZ"] = 24, ["SK"] = 24, ["HU"] = 28, ["SI"] = 19, ["HR"] = 21, ["RO"] = 24, ["BG"] = 22,
        ["GR"] = 27, ["CY"] = 28, ["MT"] = 31, ["EE"] = 20, ["LV"] = 21, ["LT"] = 20, ["MC"] = 27, ["LI"] = 21,
    };

    /// <summary>Upper case without spaces: the form the IBAN is stored in.</summary>
    public static string Normalize(string text) => new(text.Where(c => !char.IsWhiteSpace(c) && c != '-').Select(char.ToUpperInvariant).ToArray());

    public static bool IsValid(string? text)
    {
        if (string.IsNullOrWhiteSpace(text)) return false;
        var iban = Normalize(text);
        if (iban.Length < 15 || !iban.All(char.IsAsciiLetterOrDigit)) return false;
        if (!LengthByCountry.TryGetValue(iban[..2], out var length) || iban.Length != length) return false;
        if (!char.IsAsciiDigit(iban[2]) || !char.IsAsciiDigit(iban[3])) return false;
        var rearranged = iban[4..] + iban[..4];
        var remainder = 0;
        foreach (var c in rearranged)
        {
            var value = char.IsAsciiDigit(c) ? c - '0' : c - 'A' + 10;
            remainder = value < 10 ? (remainder * 10 + value) % 97 : (remainder * 100 + value) % 97;
        }
        return remainder == 1;
    }

    /// <summary>Groups of four, as printed on statements: BE68 5390 0754 7034.</summary>
    public static string Format(string iban)
    {
        var s = Normalize(iban);
        var sb = new StringBuilder();
        for (var i = 0; i < s.Length; i++)
        {
            if (i > 0 && i % 4 == 0) sb.Append(' ');
            sb.Append(s[i]);
        }
        return sb.ToString();
    }
}
