using System.Diagnostics;
using System.Text;

namespace KoproGo.Tests.Support;

/// <summary>
/// The app as production runs it: its own process (the build of KoproGo.Web), in the Production environment, settings
/// from the environment, no scheduled job firing unless asked. What it prints is kept.
/// </summary>
public sealed class AppProcess : IAsyncDisposable
{
    public static readonly string WebDll = Path.Combine(Samples.RepositoryRoot(), "KoproGo.Web", "bin", "Debug", "net10.0", "KoproGo.Web.dll");

    private readonly Process process;
    private readonly StringBuilder output = new();
    private readonly StringBuilder errors = new();

    public int Port { get; }
    public string BaseUrl => $"http://127.0.0.1:{Port}";

    private AppProcess(IReadOnlyDictionary<string, string> env, string[] args, int port)
    {
        Port = port;
        var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true };
        start.ArgumentList.Add(WebDll);
        foreach (var a in args) start.ArgumentList.Add(a);
        start.Environment["ASPNETCORE_ENVIRONMENT"] = "Production";
        start.Environment["KoproGo__LoginPermitPerMinute"] = "100000";
        foreach (var job in KoproGo.Web.Infrastructure.Scheduling.Scheduler.Jobs)
            start.Environment[$"KoproGo__Jobs__{job.Key}__Cron"] = "0 0 0 1 1 ? 2099";
        foreach (var (k, v) in env) start.Environment[k] = v;
        process = Process.Start(start)!;
        process.OutputDataReceived += (_, e) => { lock (output) output.AppendLine(e.Data); };
        process.ErrorDataReceived += (_, e) => { lock (errors) errors.AppendLine(e.Data); };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
    }

    /// <summary>Starts an instance serving on a free loopback port.</summary>
    public static AppProcess Serve(IReadOnlyDictionary<string, string> env)
    {
        var port = Processes.FreePort();
        return new AppProcess(env, ["--urls", $"http://127.0.0.1:{port}"], port);
    }

    /// <summary>Starts the app for a command that ends by itself (--migrate-only, --create-admin EMAIL).</summary>
    public static AppProcess Command(IReadOnlyDictionary<string, string> env, params string[] args) => new(env, args, 0);

    public string Output { get { lock (output) return output.ToString(); } }
    public string Errors { get { lock (errors) return errors.ToString(); } }
    public int ExitCode => process.ExitCode;
    public int Id => process.Id;

    /// <summary>Waits until /health/ready answers 200 (the database reached, every migration applied).</summary>
    public Task WaitReady() => Processes.WaitHealthy(BaseUrl, process, () => $"{Output}\n{Errors}");

    public async Task WaitForExit()
    {
        await process.WaitForExitAsync();
        process.WaitForExit(); // the redirected output, to its end
    }

    /// <summary>Stops as an orchestrator asks (SIGTERM): requests in flight end, logs are flushed.</summary>
    public async Task Stop()
    {
        if (process.HasExited) return;
        await Processes.Run("kill", ["-TERM", process.Id.ToString()]);
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        try { await process.WaitForExitAsync(timeout.Token); }
        catch (OperationCanceledException) { process.Kill(entireProcessTree: true); }
        process.WaitForExit();
    }

    /// <summary>Ends the process at once (SIGKILL), as a crash or a lost machine would.</summary>
    public void Kill()
    {
        process.Kill(entireProcessTree: true);
        process.WaitForExit();
    }

    public async ValueTask DisposeAsync()
    {
        if (!process.HasExited) process.Kill(entireProcessTree: true);
        await process.WaitForExitAsync();
        process.Dispose();
    }
}
