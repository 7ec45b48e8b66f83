using Dapper;
using Npgsql;
using Quartz;

namespace KoproGo.Web.Infrastructure.Scheduling;

/// <summary>
/// Each fire of a job's schedule runs on one instance only, enforced by the database: before running it, an instance
/// claims (job, scheduled time) in job_fires, whose primary key refuses a second claim. Quartz's clustering alone can
/// hand one fire to two instances when a trigger is acquired again around a failover. Runs started by hand or by a
/// page (one-off triggers of their own) are not claimed: each is its own fire.
/// </summary>
public sealed class FireClaims(NpgsqlDataSource source, ILogger<FireClaims> log) : ITriggerListener
{
    /// <summary>How long a claim is kept: far longer than any failover, short enough for the table to stay small.</summary>
    public static readonly TimeSpan Kept = TimeSpan.FromDays(7);

    public string Name => "fire-claims";

    public async ValueTask<bool> VetoJobExecution(ITrigger trigger, IJobExecutionContext context, CancellationToken cancellationToken = default)
    {
        // the registry's cron trigger is named after its job (Scheduler.Job); one-off triggers are not
        if (trigger.Key.Name != trigger.JobKey.Name || context.ScheduledFireTimeUtc is not { } scheduled) return false;
        if (await Claim(source, trigger.JobKey.Name, scheduled.UtcDateTime, context.Scheduler.SchedulerInstanceId, cancellationToken))
            return false;
        log.LogWarning("The fire of {Job} due at {Scheduled:O} already ran on another instance: not run again", trigger.JobKey.Name, scheduled);
        return true;
    }

    /// <summary>True when this instance is the first to claim the fire; claims older than <see cref="Kept"/> go at the same time.</summary>
    public static async Task<bool> Claim(NpgsqlDataSource source, string job, DateTime scheduledUtc, string instance, CancellationToken cancellationToken = default)
    {
        await using var conn = await source.OpenConnectionAsync(cancellationToken);
        return await conn.ExecuteAsync(new CommandDefinition("""
            with forgotten as (delete from job_fires where job_key = @job and scheduled_at < @scheduled - @kept)
            insert into job_fires (job_key, scheduled_at, instance) values (@job, @scheduled, @instance) on conflict do nothing
            """, new { job, scheduled = scheduledUtc, instance, kept = Kept }, cancellationToken: cancellationToken)) == 1;
    }
}
