namespace KoproGo.Domain.Privacy;

/// <summary>
/// The privacy notice a controller gives the persons (GDPR art. 13, 14), versioned. Each person's acceptance is
/// recorded with the version (art. 7 §1: the controller can show what was accepted and when).
/// </summary>
public static class Notices
{
    /// <summary>
    /// Whether the person is asked to read and accept the notice at sign-in: when one is published and the latest they
    /// accepted is older (or none).
    /// </summary>
    public static bool MustAccept(int? currentVersion, int? acceptedVersion) =>
        currentVersion is { } current && (acceptedVersion is not { } accepted || accepted < current);

    /// <summary>The version a new publication takes: the next after the latest (the database refuses two alike).</summary>
    public static int NextVersion(int? latest) => (latest ?? 0) + 1;
}
