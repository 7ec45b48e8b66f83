namespace KoproGo.Domain;

/// <summary>Enums are stored in the database by their lower-case name: "apartment", "usufruct".</summary>
public static class Codes
{
    public static string ToCode<T>(this T value) where T : struct, Enum => value.ToString().ToLowerInvariant();

    /// <summary>A known name, in any case; numbers are refused even where they would map to a member.</summary>
    public static bool TryParse<T>(string? code, out T value) where T : struct, Enum =>
        Enum.TryParse(code, ignoreCase: true, out value) && Enum.IsDefined(value) && !int.TryParse(code, out _);
}
