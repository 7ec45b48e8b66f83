using Dapper;
using Npgsql;
using Quartz;

namespace KoproGo.Web.Infrastructure.Scheduling;

/// <summary>Writes every run of every job to job_runs: which instance, when it was due, how long, how it ended.</summary>
public sealed class JobRunRecorder(NpgsqlDataSource source) : IJobListener
{
    public string Name => "job-runs";

    public async ValueTask JobWasExecuted(IJobExecutionContext context, JobExecutionException? jobException, CancellationToken cancellationToken = default)
    {
        var job = new KeyValuePair<string, object?>("job_key", context.JobDetail.Key.Name);
        Metrics.JobRuns.Add(1, job, new("outcome", jobException is null ? "succeeded" : "failed"));
        Metrics.JobDuration.Record(context.JobRunTime.TotalSeconds, job);
        await using var conn = await source.OpenConnectionAsync(cancellationToken);
        await conn.ExecuteAsync("""
            insert into job_runs (job_key, instance, scheduled_at, started_at, duration_ms, succeeded, error, manual, removed)
            values (@job, @instance, @scheduled, @started, @duration, @succeeded, @error, @manual, @removed::jsonb)
            """, new
        {
            job = context.JobDetail.Key.Name,
            instance = context.Scheduler.SchedulerInstanceId,
            scheduled = context.ScheduledFireTimeUtc?.UtcDateTime,
            started = context.FireTimeUtc.UtcDateTime,
            duration = (int)context.JobRunTime.TotalMilliseconds,
            succeeded = jobException is null,
            error = jobException?.GetBaseException().Message,
            manual = context.MergedJobDataMap.ContainsKey(Scheduler.ManualRun),
            // a clean-up job's result: how many of each kind it removed
            removed = context.Result is IReadOnlyDictionary<string, int> counts ? System.Text.Json.JsonSerializer.Serialize(counts) : null,
        });
    }
}
