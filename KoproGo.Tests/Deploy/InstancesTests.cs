using System.Diagnostics;
using System.Net;
using System.Text.Json;
using KoproGo.Tests.Support;
using Npgsql;

namespace KoproGo.Tests.Deploy;

/// <summary>
/// The app as production runs it: its own process, settings from secret files, JSON logs carrying the request id; and
/// two instances starting at once on an empty database, which it migrates once.
/// </summary>
public class InstancesTests : IAsyncLifetime
{
    private static readonly string WebDll = Path.Combine(Samples.RepositoryRoot(), "KoproGo.Web", "bin", "Debug", "net10.0", "KoproGo.Web.dll");
    private readonly string database = $"koprogo_instances_{Guid.NewGuid():N}"[..30];
    private readonly string folder = Directory.CreateTempSubdirectory("koprogo-instances").FullName;
    private NpgsqlDataSource Admin { get; } = NpgsqlDataSource.Create(new NpgsqlConnectionStringBuilder(App.ConnectionString) { Database = "postgres" }.ConnectionString);

    private string Secrets => Path.Combine(folder, "secrets");

    public async Task InitializeAsync()
    {
        await Db.Scalar<int?>(Admin, $"create database \"{database}\"");
        // the settings a deployment keeps secret, as files named like the environment variables
        Directory.CreateDirectory(Secrets);
        await File.WriteAllTextAsync(Path.Combine(Secrets, "ConnectionStrings__Main"), new NpgsqlConnectionStringBuilder(App.ConnectionString) { Database = database }.ConnectionString);
        await File.WriteAllTextAsync(Path.Combine(Secrets, "KoproGo__Metrics__Token"), "a-token-from-a-file");
    }

    public async Task DisposeAsync()
    {
        NpgsqlConnection.ClearAllPools();
        await Db.Scalar<int?>(Admin, $"drop database if exists \"{database}\" with (force)");
        await Admin.DisposeAsync();
        Directory.Delete(folder, recursive: true);
    }

    private ProcessStartInfo Instance(params string[] args)
    {
        var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true };
        start.ArgumentList.Add(WebDll);
        foreach (var a in args) start.ArgumentList.Add(a);
        start.Environment["ASPNETCORE_ENVIRONMENT"] = "Production";
        start.Environment["KOPROGO_SECRETS"] = Secrets;
        start.Environment["KoproGo__Documents__Path"] = Path.Combine(folder, "documents");
        // no job of this instance fires while it runs (it shares the machine with the other tests)
        foreach (var job in KoproGo.Web.Infrastructure.Scheduling.Scheduler.Jobs)
            start.Environment[$"KoproGo__Jobs__{job.Key}__Cron"] = "0 0 0 1 1 ? 2099";
        return start;
    }

    [Fact]
    public async Task Two_instances_starting_at_once_on_an_empty_database_apply_each_migration_once()
    {
        var migrations = Directory.GetFiles(Path.Combine(Samples.RepositoryRoot(), "migrations"), "*.sql").Length;
        using var first = Process.Start(Instance("--migrate-only"))!;
        using var second = Process.Start(Instance("--migrate-only"))!;
        var outputs = await Task.WhenAll(new[] { first, second }.Select(async p =>
        {
            var output = p.StandardOutput.ReadToEndAsync();
            var error = p.StandardError.ReadToEndAsync();
            await p.WaitForExitAsync();
            Assert.True(p.ExitCode == 0, await output + await error);
            return await output;
        }));
        await using var source = NpgsqlDataSource.Create(await File.ReadAllTextAsync(Path.Combine(Secrets, "ConnectionStrings__Main")));
        Assert.Equal(migrations, await Db.Scalar<long>(source, "select count(*) from schema_migrations"));
        // each migration applied by one of the two, the other found it done
        var applied = outputs.SelectMany(o => o.Split('\n')).Where(l => l.Contains("Applied migration")).ToList();
        Assert.Equal(migrations, applied.Count);
        Assert.Equal(migrations, applied.Select(l => l[l.IndexOf("Applied migration", StringComparison.Ordinal)..]).Distinct().Count());
    }

    [Fact]
    public async Task In_production_the_settings_come_from_secret_files_and_each_log_line_is_json_with_the_request_id()
    {
        var port = Processes.FreePort();
        using var app = Process.Start(Instance("--urls", $"http://127.0.0.1:{port}"))!;
        var output = app.StandardOutput.ReadToEndAsync();
        var error = app.StandardError.ReadToEndAsync();
        string requestId;
        try
        {
            using var http = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{port}") };
            HttpResponseMessage? ready = null;
            for (var i = 0; i < 300 && ready?.StatusCode != HttpStatusCode.OK; i++)
            {
                try { ready = await http.GetAsync("/health/ready"); }
                catch (HttpRequestException) { await Task.Delay(100); }
            }
            Assert.Equal(HttpStatusCode.OK, ready?.StatusCode);
            requestId = ready!.Headers.GetValues("X-Request-Id").Single();
            // the token of the secret file opens /metrics
            var metrics = new HttpRequestMessage(HttpMethod.Get, "/metrics");
            metrics.Headers.Add("Authorization", "Bearer a-token-from-a-file");
            Assert.Equal(HttpStatusCode.OK, (await http.SendAsync(metrics)).StatusCode);
            Assert.Equal(HttpStatusCode.Unauthorized, (await http.GetAsync("/metrics")).StatusCode);
        }
        finally
        {
            // a stop as an orchestrator asks it (SIGTERM): the logs are flushed
            await Processes.Run("kill", ["-TERM", app.Id.ToString()]);
            if (!app.WaitForExit(20_000)) app.Kill(entireProcessTree: true);
        }
        var lines = (await output).Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.NotEmpty(lines);
        var entries = lines.Select(l => JsonDocument.Parse(l).RootElement).ToList();
        Assert.All(entries, e => Assert.True(e.TryGetProperty("LogLevel", out _) && e.TryGetProperty("Timestamp", out _), e.ToString()));
        var ofTheRequest = entries.Where(e => e.TryGetProperty("Scopes", out var scopes) && scopes.EnumerateArray()
            .Any(s => s.ValueKind == JsonValueKind.Object && s.TryGetProperty("RequestId", out var id) && id.GetString() == requestId)).ToList();
        Assert.True(ofTheRequest.Count > 0, $"no log line carries the request id {requestId}\n{await output}\n{await error}");
        Assert.Contains(ofTheRequest, e => e.GetProperty("Message").GetString()!.Contains("/health/ready"));
    }
}
