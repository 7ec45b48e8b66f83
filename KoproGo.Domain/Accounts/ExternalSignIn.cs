namespace KoproGo.Domain.Accounts;

/// <summary>
/// Signing in through an identity provider (OpenID Connect: itsme®, an eID bridge, a firm's own provider). The
/// provider says in the ID token's <c>acr</c> (OpenID Connect Core 1.0 §2) at which level it checked the person; the
/// deployment names the levels it trusts as strong, e.g. eIDAS "substantial" and "high" (Regulation (EU) 910/2014
/// art. 8; itsme® is notified at "high"). A strong sign-in is what gives an assembly vote cast online its evidence.
/// </summary>
public static class ExternalSignIn
{
    /// <summary>A sign-in is strong when the provider vouched for one of the levels the deployment trusts (exact match).</summary>
    public static bool IsStrong(string? acr, IEnumerable<string> strongLevels) =>
        !string.IsNullOrEmpty(acr) && strongLevels.Contains(acr, StringComparer.Ordinal);

    /// <summary>
    /// Whether the code of an authenticator app is still asked after the provider's sign-in: a strong level already
    /// checked two factors (eIDAS "substantial" and "high" require it); anything weaker is a password elsewhere.
    /// </summary>
    public static bool StillAsksForCode(bool twoFactorEnabled, bool strong) => twoFactorEnabled && !strong;

    /// <summary>The most an acr, a subject or an issuer may be: longer ones are refused rather than cut.</summary>
    public const int MaxLength = 255;
}
