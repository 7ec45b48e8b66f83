using System.Globalization;
using Microsoft.AspNetCore.Mvc.ModelBinding;
using Microsoft.Extensions.Localization;

namespace KoproGo.Web.Infrastructure;

/// <summary>
/// Field checks shared by every form: each returns the clean value, or records a translated message next to the
/// field (<c>prefix.Field</c>) and returns null. The typed text stays in the form.
/// </summary>
public sealed class FormCheck(ModelStateDictionary state, IStringLocalizer l, string prefix)
{
    /// <summary>No error recorded so far, in this check or another one of the same form.</summary>
    public bool IsValid => state.IsValid;

    /// <summary>An error next to a field; with an empty field name, an error of the whole form (shown in the summary).</summary>
    public void Error(string field, string messageKey, params object[] args) =>
        state.AddModelError(prefix.Length == 0 || field.Length == 0 ? field : $"{prefix}.{field}", l[messageKey, args]);

    public string? Required(string field, string? text, int maxLength)
    {
        var value = FormInput.Trimmed(text);
        if (value is null) Error(field, "This field is required.");
        return Fits(field, value, maxLength);
    }

    public string? Optional(string field, string? text, int maxLength) => Fits(field, FormInput.Trimmed(text), maxLength);

    private string? Fits(string field, string? value, int maxLength)
    {
        if (value is null || value.Length <= maxLength) return value;
        Error(field, "This is too long: at most {0} characters.", maxLength);
        return null;
    }

    public int? Integer(string field, string? text, int min, int max, bool required)
    {
        if (FormInput.Trimmed(text) is null)
        {
            if (required) Error(field, "This field is required.");
            return null;
        }
        if (!FormInput.TryInt(text, out var value))
        {
            Error(field, "Enter a whole number.");
            return null;
        }
        if (value < min || value > max)
        {
            Error(field, "Enter a number from {0} to {1}.", min, max);
            return null;
        }
        return value;
    }

    public decimal? Decimal(string field, string? text, decimal min, decimal max, bool required)
    {
        if (FormInput.Trimmed(text) is null)
        {
            if (required) Error(field, "This field is required.");
            return null;
        }
        if (!FormInput.TryDecimal(text, out var value) || value != Math.Round(value, 2))
        {
            Error(field, "Enter a number with at most two decimals.");
            return null;
        }
        if (value < min || value > max)
        {
            Error(field, "Enter a number from {0} to {1}.", min.ToString(CultureInfo.CurrentCulture), max.ToString(CultureInfo.CurrentCulture));
            return null;
        }
        return value;
    }

    public string? Email(string field, string? text, bool required)
    {
        var value = FormInput.Trimmed(text);
        if (value is null)
        {
            if (required) Error(field, "This field is required.");
            return null;
        }
        if (FormInput.IsEmail(value)) return value;
        Error(field, "Enter an e-mail address like name@example.be.");
        return null;
    }

    public string? Phone(string field, string? text, bool required)
    {
        var value = FormInput.Trimmed(text);
        if (value is null)
        {
            if (required) Error(field, "This field is required.");
            return null;
        }
        var allowed = value.All(c => char.IsAsciiDigit(c) || c is ' ' or '+' or '(' or ')' or '.' or '-' or '/');
        if (allowed && value.Count(char.IsAsciiDigit) is >= 6 and <= 20 && value.Length <= 40) return value;
        Error(field, "Enter a phone number like +32 2 123 45 67.");
        return null;
    }

    /// <summary>An optional Belgian company number, stored as its ten digits.</summary>
    public string? CompanyNumber(string field, string? text)
    {
        var value = FormInput.Trimmed(text);
        if (value is null) return null;
        if (KoproGo.Domain.Buildings.CompanyNumber.IsValid(value))
        {
            var digits = KoproGo.Domain.Buildings.CompanyNumber.Digits(value.StartsWith("BE", StringComparison.OrdinalIgnoreCase) ? value[2..] : value);
            return digits.Length == 9 ? "0" + digits : digits;
        }
        Error(field, "This company number is not valid: ten digits starting with 0 or 1, like 0812.345.603.");
        return null;
    }

    /// <summary>An optional IBAN, stored without spaces in capitals.</summary>
    public string? Iban(string field, string? text)
    {
        var value = FormInput.Trimmed(text);
        if (value is null) return null;
        if (KoproGo.Domain.Buildings.Iban.IsValid(value)) return KoproGo.Domain.Buildings.Iban.Normalize(value);
        Error(field, "This IBAN is not valid: check the country code, the length and the check digits.");
        return null;
    }

    public string? Language(string field, string? text)
    {
        if (Languages.IsSupported(text)) return text;
        Error(field, "Choose one of the languages offered.");
        return null;
    }

    public DateOnly? Date(string field, string? text, bool required)
    {
        if (FormInput.Trimmed(text) is null)
        {
            if (required) Error(field, "This field is required.");
            return null;
        }
        if (FormInput.TryDate(text, out var date) && date.Year is >= 1900 and <= 2200) return date;
        Error(field, "Enter a date like 2026-03-31.");
        return null;
    }

    /// <summary>A time of day like 18:30 (a browser's time input sends it so).</summary>
    public TimeOnly? Time(string field, string? text, bool required)
    {
        if (FormInput.Trimmed(text) is null)
        {
            if (required) Error(field, "This field is required.");
            return null;
        }
        if (TimeOnly.TryParseExact(text!.Trim(), ["HH:mm", "H:mm", "HH:mm:ss"], CultureInfo.InvariantCulture, DateTimeStyles.None, out var time)) return time;
        Error(field, "Enter a time like 18:30.");
        return null;
    }

    public sealed record AddressValues(string? Street, string? Postcode, string? City, string Country);

    /// <summary>A postal address for letters, every part optional: a two-letter country (BE when empty), a Belgian postcode in Belgium.</summary>
    public AddressValues Address(string? street, string? postcode, string? city, string? country)
    {
        var s = Optional("Street", street, 200);
        var p = Optional("Postcode", postcode, 10);
        var c = Optional("City", city, 100);
        var code = FormInput.Trimmed(country)?.ToUpperInvariant() ?? "BE";
        if (code.Length != 2 || !code.All(char.IsAsciiLetterUpper)) Error("Country", "Enter a two-letter country code, like BE.");
        if (code == "BE" && p is not null && !KoproGo.Domain.Buildings.Postcode.IsBelgian(p)) Error("Postcode", "Enter a Belgian postcode of four digits.");
        return new AddressValues(s, p, c, code);
    }

    /// <summary>A choice among the codes a form offers.</summary>
    public string? Choice(string field, string? code, IReadOnlyCollection<string> codes)
    {
        if (code is not null && codes.Contains(code)) return code;
        Error(field, "Choose one of the options offered.");
        return null;
    }
}
