namespace KoproGo.Domain.Buildings;

/// <summary>
/// Belgian enterprise number (numéro d'entreprise BCE / ondernemingsnummer KBO): ten digits starting with 0 or 1,
/// the last two being 97 minus the first eight modulo 97. Associations of co-owners have one (art. 3.86 §1).
/// </summary>
public static class CompanyNumber
{
    public static string Digits(string text) => new(text.Where(char.IsAsciiDigit).ToArray());

    public static bool IsValid(string? text)
    {
        if (string.IsNullOrWhiteSpace(text)) return false;
        var cleaned = text.Trim().ToUpperInvariant();
        if (cleaned.StartsWith("BE")) cleaned = cleaned[2..];
        if (cleaned.Any(c => !char.IsAsciiDigit(c) && c is not (' ' or '.'))) return false;
        var digits = Digits(cleaned);
        if (digits.Length == 9) digits = "0" + digits;
        if (digits.Length != 10 || digits[0] is not ('0' or '1')) return false;
        var body = long.Parse(digits[..8]);
        var check = int.Parse(digits[8..]);
        return 97 - body % 97 == check;
    }

    /// <summary>The official display: 0123.456.749.</summary>
    public static string Format(string text)
    {
        var d = Digits(text);
        if (d.Length == 9) d = "0" + d;
        return d.Length == 10 ? $"{d[..4]}.{d[4..7]}.{d[7..]}" : text;
    }
}
