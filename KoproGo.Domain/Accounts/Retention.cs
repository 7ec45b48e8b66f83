namespace KoproGo.Domain.Accounts;

/// <summary>
/// How long what serves only the running of accounts is kept once it is spent (GDPR art. 5 §1 e, storage limitation).
/// What the law makes us keep (entries, minutes, votes, documents) is not governed here.
/// </summary>
public static class Retention
{
    /// <summary>An invitation or password link, after it was used, withdrawn or expired.</summary>
    public static readonly TimeSpan SpentLinks = TimeSpan.FromDays(30);

    /// <summary>A sign-in session, after it ended or was last used.</summary>
    public static readonly TimeSpan OverSessions = TimeSpan.FromDays(30);

    /// <summary>A notification, after it was read.</summary>
    public static readonly TimeSpan ReadNotifications = TimeSpan.FromDays(90);

    /// <summary>A notification never read, after it was sent.</summary>
    public static readonly TimeSpan UnreadNotifications = TimeSpan.FromDays(365);
}
