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

    private Dictionary<string, string> Settings() => new()
    {
        ["KOPROGO_SECRETS"] = Secrets,
        ["KoproGo__Documents__Path"] = Path.Combine(folder, "documents"),
    };

    [Fact]
    public async Task Two_instances_starting_at_once_on_an_empty_database_apply_each_migration_once()
    {
        var migrations = Directory.GetFiles(Path.Combine(Samples.RepositoryRoot(), "migrations"), "*.sql").Length;
        await using var first = AppProcess.Command(Settings(), "--migrate-only");
        await using var second = AppProcess.Command(Settings(), "--migrate-only");
        foreach (var instance in new[] { first, second })
        {
            await instance.WaitForExit();
            Assert.True(instance.ExitCode == 0, instance.Output + instance.Errors);
        }
        await using var source = NpgsqlDataSource.Create(await File.ReadAllTextAsync(Path.Combine(Secrets, "ConnectionStrings__Main")));
        Assert.Equal(migrations, await Db.Scalar<long>(source, "select count(*) from schema_migrations"));
        // each migration applied by one of the two, the other found it done
        var applied = (first.Output + second.Output).Split('\n').Where(l => l.Contains("Applied migration")).ToList();
        Assert.Equal(migrations, applied.Count);
        Assert.Equal(migrations, applied.Select(l => l[l.IndexOf("Applied migration", StringComparison.Ordinal)..]).Distinct().Count());
    }

    [Fact]
    public async Task A_new_installation_gets_its_administrator_from_the_command_line_its_secrets_from_files_and_json_logs_with_the_request_id()
    {
        // a new installation: its first administrator is made from the command line and chooses a password by the link
        await using (var refused = AppProcess.Command(Settings(), "--create-admin", "not-an-address"))
        {
            await refused.WaitForExit();
            Assert.Equal(2, refused.ExitCode);
            Assert.Contains("a valid e-mail address is needed", refused.Output);
        }
        await using var create = AppProcess.Command(Settings(), "--create-admin", "ada@example.be", "Ada Lovelace");
        await create.WaitForExit();
        Assert.True(create.ExitCode == 0, create.Output + create.Errors);
        var link = create.Output.Split('\n').Single(l => l.Contains("/account/set-password?token="));
        await using var app = AppProcess.Serve(Settings());
        await app.WaitReady();
        const string password = "Une phrase de passe pour Ada";
        Assert.Equal(HttpStatusCode.Redirect, (await Session.Open(app.BaseUrl, language: null).Post(new Uri(link.Trim()).PathAndQuery, ("Input.New", password), ("Input.Confirm", password))).StatusCode);
        var admin = Session.Open(app.BaseUrl, language: null);
        await admin.SignIn("ada@example.be", password);
        Assert.Equal(HttpStatusCode.OK, (await admin.GetRaw("/admin/jobs")).StatusCode);

        using var http = new HttpClient { BaseAddress = new Uri(app.BaseUrl) };
        var ready = await http.GetAsync("/health/ready");
        Assert.Equal(HttpStatusCode.OK, ready.StatusCode);
        var requestId = ready.Headers.GetValues("X-Request-Id").Single();
        // the token of the secret file opens /metrics
        var metrics = new HttpRequestMessage(HttpMethod.Get, "/metrics");
        metrics.Headers.Add("Authorization", "Bearer a-token-from-a-file");
        Assert.Equal(HttpStatusCode.OK, (await http.SendAsync(metrics)).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await http.GetAsync("/metrics")).StatusCode);
        await app.Stop();

        var lines = app.Output.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.NotEmpty(lines);
        var entries = lines.Select(l => JsonDocument.Parse(l).RootElement).ToList();
        Assert.All(entries, e => Assert.True(e.TryGetProperty("LogLevel", out _) && e.TryGetProperty("Timestamp", out _), e.ToString()));
        var ofTheRequest = entries.Where(e => e.TryGetProperty("Scopes", out var scopes) && scopes.EnumerateArray()
            .Any(s => s.ValueKind == JsonValueKind.Object && s.TryGetProperty("RequestId", out var id) && id.GetString() == requestId)).ToList();
        Assert.True(ofTheRequest.Count > 0, $"no log line carries the request id {requestId}\n{app.Output}\n{app.Errors}");
        Assert.Contains(ofTheRequest, e => e.GetProperty("Message").GetString()!.Contains("/health/ready"));
    }
}
