namespace KoproGo.Web.Infrastructure;

/// <summary>
/// How long a client waits before trying an e-mail address again after failed sign-ins (table login_failures): free for
/// the first <see cref="FreeAttempts"/>, then 30 seconds, doubling at each further failure, at most 15 minutes. Counted
/// per client and address, so a stranger's guesses never keep the account's owner out.
/// </summary>
public static class LoginThrottle
{
    public const int FreeAttempts = 5;
    public static readonly TimeSpan First = TimeSpan.FromSeconds(30);
    public static readonly TimeSpan Longest = TimeSpan.FromMinutes(15);
    /// <summary>A day without failure and the count starts again.</summary>
    public static readonly TimeSpan Forgotten = TimeSpan.FromDays(1);

    public static TimeSpan Wait(int failures) =>
        failures < FreeAttempts ? TimeSpan.Zero
        : failures - FreeAttempts >= 5 ? Longest
        : TimeSpan.FromTicks(Math.Min(Longest.Ticks, First.Ticks << (failures - FreeAttempts)));

    /// <summary>Whether this client must still wait before trying this address again (its failures' row locked).</summary>
    public static async Task<bool> MustWait(Db db, string client, string email)
    {
        var (failures, lastFailedAt) = await db.QuerySingleOrDefault<(int, DateTime)?>("""
            select failures, last_failed_at from login_failures
            where client = @client and email = lower(@email) and last_failed_at > now() - @forgotten
            for update
            """, new { client, email, forgotten = Forgotten }) ?? (0, DateTime.MinValue);
        return DateTime.UtcNow < lastFailedAt.ToUniversalTime() + Wait(failures);
    }

    public static Task Failed(Db db, string client, string email) => db.Execute("""
        insert into login_failures (client, email, failures) values (@client, lower(@email), 1)
        on conflict (client, email) do update
            set failures = case when login_failures.last_failed_at > now() - @forgotten then login_failures.failures + 1 else 1 end,
                last_failed_at = now()
        """, new { client, email, forgotten = Forgotten });

    public static Task Succeeded(Db db, string client, string email) =>
        db.Execute("delete from login_failures where client = @client and email = lower(@email)", new { client, email });
}
