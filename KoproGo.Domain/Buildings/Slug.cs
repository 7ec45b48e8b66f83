using System.Globalization;
using System.Text;

namespace KoproGo.Domain.Buildings;

/// <summary>The readable address part of a building's public page: "Résidence Les Tilleuls" → "residence-les-tilleuls".</summary>
public static class Slug
{
    public const int MaxLength = 60;

    public static string From(string text)
    {
        var sb = new StringBuilder();
        foreach (var c in text.Normalize(NormalizationForm.FormD))
        {
            if (CharUnicodeInfo.GetUnicodeCategory(c) == UnicodeCategory.NonSpacingMark) continue;
            var lower = char.ToLowerInvariant(c);
            if (char.IsAsciiLetterOrDigit(lower)) sb.Append(lower);
            else if (sb.Length > 0 && sb[^1] != '-') sb.Append('-');
        }
        var slug = sb.ToString().Trim('-');
        if (slug.Length > MaxLength) slug = slug[..MaxLength].TrimEnd('-');
        return slug.Length == 0 ? "building" : slug;
    }
}
