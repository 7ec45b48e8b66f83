namespace KoproGo.Domain.Buildings;

/// <summary>The real right an owner holds on a lot (Code civil livre 3: pleine propriété, nue-propriété, usufruit).</summary>
public enum OwnershipRight
{
    Full,
    Bare,
    Usufruct,
}

public static class OwnershipRights
{
    public static string ToCode(this OwnershipRight right) => right.ToString().ToLowerInvariant();

    public static bool TryParse(string? code, out OwnershipRight right) =>
        Enum.TryParse(code, ignoreCase: true, out right) && Enum.IsDefined(right) && !int.TryParse(code, out _);
}
