namespace KoproGo.Domain.Buildings;

/// <summary>What a lot is used for; stored in the database by its lower-case name.</summary>
public enum LotKind
{
    Apartment,
    Commercial,
    Parking,
    Garage,
    Cellar,
    Other,
}

public static class LotKinds
{
    public static string ToCode(this LotKind kind) => kind.ToString().ToLowerInvariant();

    public static bool TryParse(string? code, out LotKind kind) =>
        Enum.TryParse(code, ignoreCase: true, out kind) && Enum.IsDefined(kind) && !int.TryParse(code, out _);
}
