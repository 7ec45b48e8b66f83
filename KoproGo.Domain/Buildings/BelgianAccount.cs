using System.Globalization;

namespace KoproGo.Domain.Buildings;

/// <summary>
/// The Belgian account number used before IBAN (BBAN, 123-4567890-12): twelve digits, the last two the first ten modulo
/// 97 (97 when that is 0). Its IBAN is BE, two check digits (ISO 13616, mod 97) and the same twelve digits.
/// </summary>
public static class BelgianAccount
{
    public static bool IsValid(string? bban)
    {
        var digits = Digits(bban);
        if (digits is null) return false;
        var remainder = long.Parse(digits[..10], CultureInfo.InvariantCulture) % 97;
        return (remainder == 0 ? 97 : remainder) == int.Parse(digits[10..], CultureInfo.InvariantCulture);
    }

    /// <summary>The IBAN of a valid Belgian account number, or null.</summary>
    public static string? ToIban(string? bban)
    {
        if (!IsValid(bban)) return null;
        var digits = Digits(bban)!;
        // B = 11, E = 14, then 00 in place of the check digits
        var remainder = (int)(decimal.Parse(digits + "111400", CultureInfo.InvariantCulture) % 97);
        return $"BE{98 - remainder:D2}{digits}";
    }

    private static string? Digits(string? bban)
    {
        var digits = new string((bban ?? "").Where(c => c is not (' ' or '-')).ToArray());
        return digits.Length == 12 && digits.All(char.IsAsciiDigit) ? digits : null;
    }
}
