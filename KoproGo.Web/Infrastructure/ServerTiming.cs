using System.Diagnostics;
using System.Globalization;

namespace KoproGo.Web.Infrastructure;

/// <summary>
/// Time spent on a request and in its SQL, from Npgsql's own ActivitySource (what MiniProfiler would show),
/// sent as a Server-Timing header and shown in the page footer in Development.
/// </summary>
public sealed class ServerTiming
{
    private static readonly AsyncLocal<ServerTiming?> current = new();
    private readonly long started = Stopwatch.GetTimestamp();
    private long sqlTicks;
    private int sqlCommands;

    public double TotalMs => Stopwatch.GetElapsedTime(started).TotalMilliseconds;
    public double SqlMs => TimeSpan.FromTicks(Interlocked.Read(ref sqlTicks)).TotalMilliseconds;
    public int SqlCommands => sqlCommands;

    public string Header => string.Create(CultureInfo.InvariantCulture,
        $"total;dur={TotalMs:0.00}, sql;dur={SqlMs:0.00};desc=\"{SqlCommands} SQL commands\"");

    public static ActivityListener ListenToNpgsql()
    {
        var listener = new ActivityListener
        {
            ShouldListenTo = source => source.Name == "Npgsql",
            Sample = (ref ActivityCreationOptions<ActivityContext> _) => current.Value is null ? ActivitySamplingResult.None : ActivitySamplingResult.PropagationData,
            ActivityStopped = activity =>
            {
                if (current.Value is not { } timing || activity.Kind != ActivityKind.Client) return;
                Interlocked.Add(ref timing.sqlTicks, activity.Duration.Ticks);
                Interlocked.Increment(ref timing.sqlCommands);
            },
        };
        ActivitySource.AddActivityListener(listener);
        return listener;
    }

    public static IApplicationBuilder UseServerTiming(IApplicationBuilder app) => app.Use(async (context, next) =>
    {
        var timing = new ServerTiming();
        current.Value = timing;
        context.Items[typeof(ServerTiming)] = timing;
        context.Response.OnStarting(() =>
        {
            context.Response.Headers["Server-Timing"] = timing.Header;
            return Task.CompletedTask;
        });
        await next(context);
    });

    public static ServerTiming? Of(HttpContext context) => context.Items[typeof(ServerTiming)] as ServerTiming;
}
