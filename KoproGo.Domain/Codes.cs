using System.Text;

namespace KoproGo.Domain;

/// <summary>Enums are stored in the database by their name in snake case: "apartment", "usufruct", "two_thirds".</summary>
public static class Codes
{
    public static string ToCode<T>(this T value) where T : struct, Enum
    {
        var name = value.ToString();
        var code = new StringBuilder(name.Length + 4);
        for (var i = 0; i < name.Length; i++)
        {
            if (i > 0 && char.IsUpper(name[i])) code.Append('_');
            code.Append(char.ToLowerInvariant(name[i]));
        }
        return code.ToString();
    }

    /// <summary>A known code or name, in any case; numbers are refused even where they would map to a member.</summary>
    public static bool TryParse<T>(string? code, out T value) where T : struct, Enum
    {
        value = default;
        if (code is null || int.TryParse(code, out _)) return false;
        return Enum.TryParse(code.Replace("_", ""), ignoreCase: true, out value) && Enum.IsDefined(value);
    }
}
