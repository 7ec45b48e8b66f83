using Dapper;
using Npgsql;
using Quartz;

namespace KoproGo.Web.Infrastructure.Scheduling;

/// <summary>
/// Links of invitations and password resets are kept 30 days after they stop working, then deleted; failed sign-ins
/// are forgotten after a day (<see cref="LoginThrottle.Forgotten"/>).
/// </summary>
public sealed class PurgeAccountLinksJob(NpgsqlDataSource source) : IJob
{
    public async ValueTask Execute(IJobExecutionContext context, CancellationToken cancellationToken)
    {
        await using var conn = await source.OpenConnectionAsync(cancellationToken);
        await conn.ExecuteAsync("""
            delete from account_tokens
            where coalesce(used_at, revoked_at, expires_at) < now() - interval '30 days'
            """);
        // a session ended or unused for 30 days is kept no longer: "My sessions" only ever shows the live ones
        await conn.ExecuteAsync("delete from user_sessions where coalesce(ended_at, last_seen_at) < now() - interval '30 days'");
        await conn.ExecuteAsync("delete from login_failures where last_failed_at < now() - @forgotten", new { forgotten = LoginThrottle.Forgotten });
    }
}
