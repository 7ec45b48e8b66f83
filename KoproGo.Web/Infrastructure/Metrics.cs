using System.Diagnostics.Metrics;
using System.Security.Cryptography;
using System.Text;
using Dapper;
using Npgsql;
using OpenTelemetry.Metrics;

namespace KoproGo.Web.Infrastructure;

/// <summary>
/// /metrics in the Prometheus format, through OpenTelemetry: requests by page and status (ASP.NET Core's own meters),
/// SQL commands and the connection pool (Npgsql's), the .NET runtime (GC, memory, thread pool), and ours: job runs,
/// mail sent or failed, meter readings stored, rejected, queued and their lag, and what the database says about the outbox and the jobs (the same for every instance: alert
/// on their max). Readable only with the bearer token of KoproGo:Metrics:Token; without a token set, there is no
/// /metrics at all.
/// </summary>
public static class Metrics
{
    public const string MeterName = "KoproGo";
    public const string TokenSetting = "KoproGo:Metrics:Token";
    public const string Path = "/metrics";

    private static readonly Meter Meter = new(MeterName);

    public static readonly Counter<long> JobRuns = Meter.CreateCounter<long>("koprogo.job.runs", "{run}", "Runs of a scheduled job on this instance, by outcome");
    public static readonly Histogram<double> JobDuration = Meter.CreateHistogram<double>("koprogo.job.duration", "s", "How long a scheduled job ran",
        advice: new InstrumentAdvice<double> { HistogramBucketBoundaries = [0.1, 0.5, 1, 5, 15, 60, 300, 900, 3600] });
    public static readonly Counter<long> MailsSent = Meter.CreateCounter<long>("koprogo.mail.sent", "{message}", "Mails handed to the SMTP server by this instance");
    public static readonly Counter<long> MailAttemptsFailed = Meter.CreateCounter<long>("koprogo.mail.failed_attempts", "{attempt}", "Attempts to send a mail that failed (retried later, or given up after the last)");

    public static readonly Counter<long> ReadingsStored = Meter.CreateCounter<long>("koprogo.readings.stored", "{reading}", "Meter readings received over MQTT and committed (a duplicate counts, and is stored once)");
    public static readonly Counter<long> ReadingsRejected = Meter.CreateCounter<long>("koprogo.readings.rejected", "{reading}", "Meter readings kept aside with a reason (malformed, unknown sensor, out of range)");
    public static readonly Histogram<double> ReadingsLag = Meter.CreateHistogram<double>("koprogo.readings.lag", "s",
        "From a batch's first reading taken off the queue to its commit", advice: new InstrumentAdvice<double> { HistogramBucketBoundaries = [0.01, 0.05, 0.1, 0.5, 1, 5, 30] });

    /// <summary>Readings received and waiting to be written (the ingestion's queue; at its bound, the broker holds the rest).</summary>
    public static int ReadingsQueued;

    public static void AddKoproGoMetrics(this WebApplicationBuilder builder, NpgsqlDataSource source, string documentsPath)
    {
        builder.Services.AddSingleton(_ => new Gauges(source, documentsPath));
        builder.Services.AddOpenTelemetry().WithMetrics(metrics => metrics
            .AddAspNetCoreInstrumentation()
            .AddRuntimeInstrumentation()
            .AddNpgsqlInstrumentation()
            .AddMeter(MeterName)
            .AddPrometheusExporter());
    }

    /// <summary>Answers /metrics to whoever shows the token; 401 to others; nothing when no token is set.</summary>
    public static void UseMetricsEndpoint(this WebApplication app)
    {
        var token = app.Configuration[TokenSetting];
        app.Services.GetRequiredService<Gauges>();
        if (string.IsNullOrEmpty(token)) return;
        var expected = Encoding.UTF8.GetBytes("Bearer " + token);
        app.Use(async (context, next) =>
        {
            if (context.Request.Path.Equals(Path, StringComparison.OrdinalIgnoreCase)
                && !CryptographicOperations.FixedTimeEquals(Encoding.UTF8.GetBytes(context.Request.Headers.Authorization.ToString()), expected))
            {
                context.Response.StatusCode = StatusCodes.Status401Unauthorized;
                context.Response.Headers.WWWAuthenticate = "Bearer";
                return;
            }
            await next(context);
        });
        app.UseOpenTelemetryPrometheusScrapingEndpoint(Path);
    }

    public sealed record JobFigures(string JobKey, int FailuresInARow, double LastSuccess);

    public sealed record OutboxFigures(long Pending, double OverdueSeconds, long FailedLastWeek);

    public sealed record Figures(OutboxFigures Outbox, IReadOnlyList<JobFigures> Jobs)
    {
        public static readonly Figures None = new(new(0, 0, 0), []);
    }

    /// <summary>
    /// The gauges read when Prometheus scrapes, on a meter of this app's own (disposed with it: the tests start several
    /// apps in one process, each with its database).
    /// </summary>
    private sealed class Gauges : IDisposable
    {
        private readonly Meter meter = new(MeterName);

        public Gauges(NpgsqlDataSource source, string documentsPath)
        {
            var figures = new DatabaseFigures(source);
            meter.CreateObservableGauge("koprogo.outbox.pending", () => figures.Read().Outbox.Pending, "{message}", "Mails waiting in the outbox");
            meter.CreateObservableGauge("koprogo.outbox.overdue", () => figures.Read().Outbox.OverdueSeconds, "s", "How long the oldest mail due has been waiting to be sent (0 when none is due)");
            meter.CreateObservableGauge("koprogo.outbox.failed", () => figures.Read().Outbox.FailedLastWeek, "{message}", "Mails given up after the last attempt, over the last 7 days");
            meter.CreateObservableGauge("koprogo.job.failures_in_a_row", () => figures.Read().Jobs.Select(j => new Measurement<int>(j.FailuresInARow, new KeyValuePair<string, object?>("job_key", j.JobKey))),
                "{run}", "Failed runs of each job since its last success");
            meter.CreateObservableGauge("koprogo.job.last_success", () => figures.Read().Jobs.Select(j => new Measurement<double>(j.LastSuccess, new KeyValuePair<string, object?>("job_key", j.JobKey))),
                "s", "When each job last succeeded, in seconds since 1970 (0: not in the last 30 days)");
            meter.CreateObservableGauge("koprogo.readings.queued", () => Volatile.Read(ref ReadingsQueued), "{reading}", "Meter readings received and waiting to be written");
            meter.CreateObservableGauge("koprogo.documents.disk_free", () => Health.DiskFreeShare(documentsPath), "1", "Share of the documents' disk that is free");
        }

        public void Dispose() => meter.Dispose();
    }

    /// <summary>The outbox's and the jobs' figures, read in one round trip at most once a second (one scrape reads six gauges).</summary>
    private sealed class DatabaseFigures(NpgsqlDataSource source)
    {
        private readonly Lock gate = new();
        private Figures last = Figures.None;
        private DateTime readAt = DateTime.MinValue;

        public Figures Read()
        {
            lock (gate)
            {
                if (DateTime.UtcNow - readAt < TimeSpan.FromSeconds(1)) return last;
                readAt = DateTime.UtcNow;
                try
                {
                    using var conn = source.OpenConnection();
                    using var reader = conn.QueryMultiple("""
                        select count(*) as pending,
                               coalesce(extract(epoch from now() - min(next_attempt_at) filter (where next_attempt_at <= now())), 0)::float8 as overdue_seconds,
                               (select count(*) from outbox_messages where status = 'failed' and created_at > now() - interval '7 days') as failed_last_week
                        from outbox_messages where status = 'pending';
                        select job_key,
                               count(*) filter (where not succeeded and started_at > coalesce(last_ok, '-infinity'))::int as failures_in_a_row,
                               coalesce(extract(epoch from last_ok), 0)::float8 as last_success
                        from (select job_key, succeeded, started_at, max(started_at) filter (where succeeded) over (partition by job_key) as last_ok
                              from job_runs where started_at > now() - interval '30 days') runs
                        group by job_key, last_ok;
                        """);
                    var outbox = reader.ReadSingle<OutboxFigures>();
                    var jobs = reader.Read<JobFigures>().ToDictionary(j => j.JobKey);
                    // every job of the registry is reported, so that "never succeeded lately" is a value an alert can see
                    last = new Figures(outbox, [.. Scheduling.Scheduler.Jobs.Select(j => jobs.GetValueOrDefault(j.Key) ?? new JobFigures(j.Key, 0, 0))]);
                }
                catch (Exception e) when (e is NpgsqlException or ObjectDisposedException)
                {
                    // the database is down: the jobs' gauges say nothing and the outbox's read zero; alerts see PostgreSQL down
                    last = Figures.None;
                }
                return last;
            }
        }
    }
}
