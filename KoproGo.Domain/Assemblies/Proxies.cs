namespace KoproGo.Domain.Assemblies;

public enum ProxyRefusal
{
    None,
    /// <summary>An owner cannot give a proxy to themself.</summary>
    ToOneself,
    /// <summary>The syndic may never hold a proxy.</summary>
    ToTheSyndic,
    /// <summary>A fourth proxy, and the holder's votes would exceed 10% of the building's.</summary>
    TooMany,
}

/// <summary>
/// Proxies at the general assembly (art. 3.87 §7): a proxy names its holder; nobody holds more than three proxies,
/// unless the votes they hold (their own plus their proxies') do not exceed 10% of all the votes of the building;
/// the syndic never holds one; nobody gives one to themself.
/// </summary>
public static class Proxies
{
    public const int MaxProxiesPerHolder = 3;

    /// <param name="proxiesAlreadyHeld">Proxies the holder has before this one.</param>
    /// <param name="holderVotesWithThisProxy">The holder's own votes plus those of all their proxies, this one included.</param>
    public static ProxyRefusal Check(bool giverIsHolder, bool holderIsSyndic, int proxiesAlreadyHeld, long holderVotesWithThisProxy, long buildingVotes)
    {
        if (giverIsHolder) return ProxyRefusal.ToOneself;
        if (holderIsSyndic) return ProxyRefusal.ToTheSyndic;
        var withinTenPercent = holderVotesWithThisProxy * 10 <= buildingVotes;
        if (proxiesAlreadyHeld + 1 > MaxProxiesPerHolder && !withinTenPercent) return ProxyRefusal.TooMany;
        return ProxyRefusal.None;
    }
}
