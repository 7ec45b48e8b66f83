using Dapper;
using KoproGo.Domain.Accounts;
using Npgsql;
using Quartz;

namespace KoproGo.Web.Infrastructure.Scheduling;

/// <summary>
/// Deletes what is kept no longer (<see cref="Retention"/>): spent invitation and password links, sessions over,
/// old notifications, copies of personal data once expired, erasure requests never confirmed, accounts whose invitation
/// was never accepted; failed sign-ins are forgotten after a day (<see cref="LoginThrottle.Forgotten"/>). The run
/// records how many of each it removed, and nothing else.
/// </summary>
public sealed class PurgeAccountLinksJob(NpgsqlDataSource source, Documents.IDocumentStorage storage) : IJob
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
            ["exports"] = await DeleteExpiredExports(conn),
            ["unconfirmed requests"] = await conn.ExecuteAsync(
                "delete from privacy_requests where state = 'awaiting_confirmation' and created_at < now() - @kept",
                new { kept = Domain.Privacy.DataRequests.ConfirmationLifetime + Retention.SpentLinks }),
            ["invitations"] = await DeleteUnacceptedInvitations(conn),
        };
        context.Result = removed;
    }

    /// <summary>The files of copies of personal data past their 7 days; the request stays, as the record that it was answered.</summary>
    private async Task<int> DeleteExpiredExports(NpgsqlConnection conn)
    {
        var keys = (await conn.QueryAsync<string>("""
            with gone as (select id, file_key from privacy_requests where file_key is not null and file_expires_at < now() for update)
            update privacy_requests p set file_key = null from gone where p.id = gone.id returning gone.file_key
            """)).ToList();
        foreach (var key in keys) storage.Delete(key);
        return keys.Count;
    }

    /// <summary>
    /// Accounts created by an invitation never accepted (no password ever set), 30 days after the invitation expired.
    /// One at a time under a savepoint: an account something already points to (a vote cast for them, a community
    /// membership) stays, and is removed by the syndic if need be.
    /// </summary>
    private static async Task<int> DeleteUnacceptedInvitations(NpgsqlConnection conn)
    {
        var ids = (await conn.QueryAsync<long>("""
            select u.id from users u
            where u.password_hash is null and u.erased_at is null and u.created_at < now() - @age
              and not exists (select 1 from account_tokens t where t.user_id = u.id and t.expires_at > now() - @kept)
            """, new { age = AccountTokens.InvitationLifetime + Retention.SpentLinks, kept = Retention.SpentLinks })).ToList();
        var deleted = 0;
        await using var tx = await conn.BeginTransactionAsync();
        foreach (var id in ids)
        {
            await tx.SaveAsync("invitation");
            try
            {
                deleted += await conn.ExecuteAsync("delete from users where id = @id", new { id }, tx);
            }
            catch (PostgresException e) when (e.SqlState == PostgresErrorCodes.ForeignKeyViolation)
            {
                await tx.RollbackAsync("invitation");
            }
        }
        await tx.CommitAsync();
        return deleted;
    }
}
