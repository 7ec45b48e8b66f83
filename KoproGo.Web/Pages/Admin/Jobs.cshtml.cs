using KoproGo.Web.Infrastructure;
using KoproGo.Web.Infrastructure.Scheduling;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Quartz;

namespace KoproGo.Web.Pages.Admin;

/// <summary>The scheduled jobs: schedule, last run and its outcome, next run, and a button to run one now.</summary>
[Authorize(Policy = Policies.Platform)]
public sealed class JobsModel(Db db, ISchedulerFactory schedulers, IConfiguration configuration) : PageModel
{
    public sealed record LastRun(string JobKey, DateTime StartedAt, int DurationMs, bool Succeeded, string? Error, string Instance, bool Manual,
        string? Removed)
    {
        /// <summary>What a clean-up run removed, kind by kind.</summary>
        /// <summary>The counts in the order the job removes them (PostgreSQL's jsonb keeps no order of its own).</summary>
        public IReadOnlyList<KeyValuePair<string, int>> RemovedCounts =>
            Removed is null ? [] : System.Text.Json.JsonSerializer.Deserialize<Dictionary<string, int>>(Removed)!
                .OrderBy(c => RemovalOrder.IndexOf(c.Key) is var i and >= 0 ? i : int.MaxValue).ToList();

        private static readonly List<string> RemovalOrder = [.. Labels.RemovedKinds.Keys];
    }

    public sealed record Row(JobDefinition Job, string Cron, LastRun? Last, DateTimeOffset? Next);

    public IReadOnlyList<Row> Rows { get; private set; } = [];

    public async Task OnGet(CancellationToken cancellationToken)
    {
        var last = (await db.Query<LastRun>("""
            select distinct on (job_key) job_key, started_at, duration_ms, succeeded, error, instance, manual, removed::text
            from job_runs order by job_key, started_at desc
            """)).ToDictionary(r => r.JobKey);
        var scheduler = await schedulers.GetScheduler(cancellationToken);
        var rows = new List<Row>();
        foreach (var job in Scheduler.Jobs)
        {
            var triggers = await scheduler.GetTriggersOfJob(new JobKey(job.Key), cancellationToken);
            var next = triggers.Select(t => t.NextFireTimeUtc).Where(t => t is not null).Min();
            rows.Add(new Row(job, Scheduler.CronOf(configuration, job), last.GetValueOrDefault(job.Key), next));
        }
        Rows = rows;
    }

    public async Task<IActionResult> OnPostRun(string key, CancellationToken cancellationToken)
    {
        if (Scheduler.Jobs.All(j => j.Key != key)) return NotFound();
        var scheduler = await schedulers.GetScheduler(cancellationToken);
        await scheduler.TriggerJob(new JobKey(key), new JobDataMap { [Scheduler.ManualRun] = "true" }, cancellationToken);
        await AuditLog.Record(db, User.Viewer(), "job", null, "run_now", key);
        TempData["Notice"] = "The job has been started.";
        return RedirectToPage();
    }
}
