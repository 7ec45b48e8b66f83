using System.Globalization;
using System.Net.Mail;

namespace KoproGo.Web.Infrastructure;

/// <summary>Parsing of what people type, independent of the page's language (a "," or a "." both mark decimals).</summary>
public static class FormInput
{
    public static bool TryDecimal(string? text, out decimal value)
    {
        value = 0;
        if (string.IsNullOrWhiteSpace(text)) return false;
        var s = text.Trim().Replace(" ", "").Replace("\u00a0", "").Replace("\u202f", "").Replace(',', '.');
        return decimal.TryParse(s, NumberStyles.AllowDecimalPoint | NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out value);
    }

    public static bool TryInt(string? text, out int value)
    {
        value = 0;
        if (string.IsNullOrWhiteSpace(text)) return false;
        var s = text.Trim().Replace(" ", "").Replace("\u00a0", "").Replace("\u202f", "");
        return int.TryParse(s, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out value);
    }

    public static bool IsEmail(string? text) =>
        !string.IsNullOrWhiteSpace(text) && text.Length <= 254 && MailAddress.TryCreate(text.Trim(), out var address)
        && address.Address == text.Trim() && address.Host.Contains('.');

    /// <summary>A text we composed (a title from a template and a name) cut to what its column holds.</summary>
    public static string Cut(string text, int maxLength) => text.Length > maxLength ? text[..maxLength] : text;

    public static string? Trimmed(string? text) => string.IsNullOrWhiteSpace(text) ? null : text.Trim();

    public static bool TryDate(string? text, out DateOnly date) =>
        DateOnly.TryParseExact(text?.Trim(), "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out date)
        || DateOnly.TryParse(text?.Trim(), CultureInfo.CurrentCulture, DateTimeStyles.None, out date);
}
