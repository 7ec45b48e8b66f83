using Dapper;
using KoproGo.Domain.Accounts;
using Npgsql;
using Quartz;

namespace KoproGo.Web.Infrastructure.Scheduling;

/// <summary>
/// Deletes what is kept no longer (<see cref="Retention"/>): spent invitation and password links, sessions over,
/// old notifications; failed sign-ins are forgotten after a day (<see cref="LoginThrottle.Forgotten"/>). The run
/// records how many of each it removed, and nothing else.
/// </summary>
public sealed class PurgeAccountLinksJob(NpgsqlDataSource source) : IJob
{
    public async ValueTask Execute(IJobExecutionContext context, CancellationToken cancellationToken)
    {
        await using var conn = await source.OpenConnectionAsync(cancellationToken);
        var removed = new Dictionary<string, int>
        {
            ["links"] = await conn.ExecuteAsync(
                "delete from account_tokens where coalesce(used_at, revoked_at, expires_at) < now() - @kept", new { kept = Retention.SpentLinks }),
            ["sessions"] = await conn.ExecuteAsync(
                "delete from user_sessions where coalesce(ended_at, last_seen_at) < now() - @kept", new { kept = Retention.OverSessions }),
            ["notifications"] = await conn.ExecuteAsync(
                "delete from notifications where read_at < now() - @read or (read_at is null and created_at < now() - @unread)",
                new { read = Retention.ReadNotifications, unread = Retention.UnreadNotifications }),
            ["failed sign-ins"] = await conn.ExecuteAsync(
                "delete from login_failures where last_failed_at < now() - @forgotten", new { forgotten = LoginThrottle.Forgotten }),
        };
        context.Result = removed;
    }
}
