using Dapper;
using Npgsql;
using Quartz;

namespace KoproGo.Web.Infrastructure.Scheduling;

/// <summary>Links of invitations and password resets are kept 30 days after they stop working, then deleted.</summary>
public sealed class PurgeAccountLinksJob(NpgsqlDataSource source) : IJob
{
    public async ValueTask Execute(IJobExecutionContext context, CancellationToken cancellationToken)
    {
        await using var conn = await source.OpenConnectionAsync(cancellationToken);
        await conn.ExecuteAsync("""
            delete from account_tokens
            where coalesce(used_at, revoked_at, expires_at) < now() - interval '30 days'
            """);
    }
}
