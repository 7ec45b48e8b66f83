namespace KoproGo.Domain.Assemblies;

/// <summary>
/// Whether the general assembly may deliberate (art. 3.87 §5): more than half of the owners present or represented
/// and holding at least half of the shares; or owners holding more than three quarters of the shares. A second
/// assembly, called because the first lacked its quorum, deliberates whatever the number present.
/// </summary>
public static class Quorum
{
    public static bool IsReached(int ownersPresentOrRepresented, int owners, long sharesPresentOrRepresented, long totalShares,
        bool secondAssembly = false)
    {
        if (secondAssembly) return true;
        if (owners <= 0 || totalShares <= 0) return false;
        var mostOwnersWithHalfTheShares = ownersPresentOrRepresented * 2 > owners && sharesPresentOrRepresented * 2 >= totalShares;
        var overThreeQuartersOfTheShares = sharesPresentOrRepresented * 4 > totalShares * 3;
        return mostOwnersWithHalfTheShares || overThreeQuartersOfTheShares;
    }
}
