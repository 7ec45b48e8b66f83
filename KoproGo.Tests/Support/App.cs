using KoproGo.Web.Infrastructure;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;

namespace KoproGo.Tests.Support;

/// <summary>
/// The real app on a real Kestrel port (so Chromium can reach it too), on the real PostgreSQL test database that
/// ./koprogo test provisions. One instance serves every test of the "app" collection; <see cref="Reset"/> puts the
/// demo data back between tests.
/// </summary>
public sealed class App : WebApplicationFactory<Program>, IAsyncLifetime
{
    public static string ConnectionString =>
        Environment.GetEnvironmentVariable("KOPROGO_TEST_CONNECTION")
        ?? throw new InvalidOperationException("KOPROGO_TEST_CONNECTION is not set: run the tests with ./koprogo test.");

    private readonly Dictionary<string, string?> settings;

    /// <summary>The bearer token /metrics asks for.</summary>
    public const string MetricsToken = "test-metrics-token";

    /// <summary>Where this instance keeps document files.</summary>
    public string DocumentsFolder { get; } = Directory.CreateTempSubdirectory("koprogo-documents").FullName;

    /// <summary>The SMTP server this instance sends to.</summary>
    public SmtpServer Smtp { get; } = new();

    /// <summary>The identity provider this instance lets people sign in through (started by the tests that use it).</summary>
    public TestIdentityProvider IdentityProvider { get; } = new();

    public App() : this(new Dictionary<string, string?>()) { }

    internal App(Dictionary<string, string?> overrides)
    {
        settings = new Dictionary<string, string?>
        {
            ["ConnectionStrings:Main"] = ConnectionString,
            ["KoproGo:LoginPermitPerMinute"] = "100000",
            ["KoproGo:DemoData"] = "false",
            ["Logging:LogLevel:Default"] = "Warning",
            ["KoproGo:Mail:Port"] = Smtp.Port.ToString(),
            ["KoproGo:Mail:PollSeconds"] = "0.1",
            ["KoproGo:Mail:RetryBaseSeconds"] = "0.3",
            ["KoproGo:Mail:BaseUrl"] = "http://koprogo.test",
            ["KoproGo:Documents:Path"] = DocumentsFolder,
            // the tests play the reverse proxy too (X-Forwarded-For, -Proto), from loopback
            ["KoproGo:TrustedProxies"] = "127.0.0.1, ::1",
            [KoproGo.Web.Infrastructure.Metrics.TokenSetting] = MetricsToken,
        };
        // No job fires on its own schedule during the tests (the 5-minute ones would land in the middle of any test,
        // the morning ones when the suite runs at 9:00): tests start jobs themselves. The link purge keeps its real
        // schedule, which the registry test reads (it runs at 03:15 and touches only month-old links).
        foreach (var job in KoproGo.Web.Infrastructure.Scheduling.Scheduler.Jobs.Where(j => j.Key != "purge-account-links"))
            settings[$"KoproGo:Jobs:{job.Key}:Cron"] = "0 0 0 1 1 ? 2099";
        foreach (var (key, value) in IdentityProvider.Settings) settings[key] = value;
        foreach (var (key, value) in overrides) settings[key] = value;
        UseKestrel(0);
    }

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseEnvironment("Testing");
        foreach (var (key, value) in settings) builder.UseSetting(key, value);
    }

    public string BaseUrl { get; private set; } = "";

    public async Task InitializeAsync()
    {
        await Smtp.Start();
        StartServer();
        BaseUrl = ServerUrl();
        await Reset();
    }

    public override async ValueTask DisposeAsync()
    {
        await base.DisposeAsync();
        Smtp.Dispose();
        await IdentityProvider.DisposeAsync();
        Directory.Delete(DocumentsFolder, recursive: true);
    }

    Task IAsyncLifetime.DisposeAsync() => DisposeAsync().AsTask();

    /// <summary>The address Kestrel listens on, once started.</summary>
    public string ServerUrl() =>
        Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First().Replace("[::1]", "127.0.0.1");

    /// <summary>Empties every tenant table and loads the demo data again (a few milliseconds).</summary>
    public async Task Reset()
    {
        // A background job of the previous test (letters, bank matching) may still be at work: stop it between two
        // items, then empty the tables; should it still hold a lock, try again.
        var scheduler = await Services.GetRequiredService<Quartz.ISchedulerFactory>().GetScheduler();
        var interrupted = false;
        foreach (var job in KoproGo.Web.Infrastructure.Scheduling.Scheduler.Jobs)
            interrupted |= await scheduler.Interrupt(new Quartz.JobKey(job.Key));
        if (interrupted) await Task.Delay(300);
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                await ResetOnce();
                return;
            }
            catch (PostgresException e) when (e.SqlState == PostgresErrorCodes.DeadlockDetected && attempt < 10)
            {
                await Task.Delay(100 * attempt);
            }
        }
    }

    private async Task ResetOnce()
    {
        var source = Services.GetRequiredService<NpgsqlDataSource>();
        await using var conn = await source.OpenConnectionAsync();
        await using var tx = await conn.BeginTransactionAsync();
        await using (var truncate = new NpgsqlCommand(
            "truncate organisations, buildings, lots, owners, lot_ownerships, users, user_roles, audit_log, outbox_messages, account_tokens, job_runs, job_fires, notifications, documents, assemblies, agenda_items, agenda_item_documents, assembly_members, votes, agenda_requests, assembly_requests, assembly_request_signatures, board_members, decisions, polls, poll_answers, financial_years, provision_plans, suppliers, distribution_keys, distribution_key_lots, journal_entries, journal_lines, invoices, invoice_lines, charges, fund_calls, fund_call_items, fund_call_lots, bank_imports, bank_lines, payments, outbox_attachments, sel_exchanges, sel_transfers, sel_ratings, community_members, skills, shared_objects, object_loans, notices, notice_comments, notice_flags, resources, bookings, swap_items, login_failures, user_sessions restart identity cascade", conn, tx))
            await truncate.ExecuteNonQueryAsync();
        await DemoData.Load(conn, tx);
        await tx.CommitAsync();
        Smtp.Clear();
        foreach (var folder in Directory.GetDirectories(DocumentsFolder)) Directory.Delete(folder, recursive: true);
    }

    /// <summary>A new visitor whose browser asks for English (signed-in users then get the language of their account).</summary>
    public Session NewSession(string language = "en") => Session.Open(BaseUrl, language);

    public NpgsqlDataSource DataSource => Services.GetRequiredService<NpgsqlDataSource>();
}

[CollectionDefinition("app")]
public sealed class AppCollection : ICollectionFixture<App>;

/// <summary>Base of the tests that drive the app: each starts from fresh demo data.</summary>
[Collection("app")]
public abstract class AppTest(App app) : IAsyncLifetime
{
    protected App App { get; } = app;

    public Task InitializeAsync() => App.Reset();

    public Task DisposeAsync() => Task.CompletedTask;

    protected async Task<Session> SignedIn(string email)
    {
        var session = App.NewSession();
        await session.SignIn(email);
        return session;
    }

    protected Task<T> Scalar<T>(string sql, object? param = null) => Db.Scalar<T>(App.DataSource, sql, param);

    protected Task<IReadOnlyList<T>> Query<T>(string sql, object? param = null) => Db.Query<T>(App.DataSource, sql, param);

    protected async Task<T> Row<T>(string sql, object? param = null) => (await Query<T>(sql, param)).Single();

    /// <summary>
    /// Holds a convened meeting of <paramref name="assembly"/> now, every member present, and closes the vote on
    /// <paramref name="item"/> with everyone voting <paramref name="choice"/> ("for", "against").
    /// </summary>
    protected async Task VoteAtMeeting(Session syndic, long assembly, long item, string choice)
    {
        Assert.Equal(System.Net.HttpStatusCode.Redirect, (await syndic.Post($"/assemblies/{assembly}?handler=Convene")).StatusCode);
        await Scalar<int>("update assemblies set meeting_at = now() where id = @assembly returning 1", new { assembly });
        Assert.Equal(System.Net.HttpStatusCode.Redirect, (await syndic.Post($"/assemblies/{assembly}/live?handler=Open")).StatusCode);
        var members = await Query<long>("select owner_id from assembly_members where assembly_id = @assembly", new { assembly });
        foreach (var member in members)
            await syndic.Post($"/assemblies/{assembly}/live?handler=Attendance", ("OwnerId", member.ToString()), ("Attendance", "present"), ("ProxyHolder", ""), ("ProxyName", ""));
        await syndic.Post($"/assemblies/{assembly}/live?handler=OpenVote", ("itemId", item.ToString()));
        await syndic.Post($"/assemblies/{assembly}/live?handler=Votes", [.. members.Select(m => ($"Choices[{m}]", choice)).Prepend(("itemId", item.ToString()))]);
        Assert.Equal(System.Net.HttpStatusCode.Redirect, (await syndic.Post($"/assemblies/{assembly}/live?handler=CloseVote", ("itemId", item.ToString()))).StatusCode);
    }

    /// <summary>Runs a scheduled job by hand, as the platform administrator would, and waits until its run is recorded.</summary>
    protected async Task RunJob(string key)
    {
        var admin = await SignedIn("admin@demo.koprogo.be");
        // the manual runs only: a scheduled run (a trigger missed while the clock was elsewhere) may finish meanwhile
        const string ManualRuns = "select count(*) from job_runs where job_key = @key and manual";
        var runs = await Scalar<long>(ManualRuns, new { key });
        Assert.Equal(System.Net.HttpStatusCode.Redirect, (await admin.Post($"/admin/jobs?handler=run&key={key}")).StatusCode);
        for (var i = 0; i < 300 && await Scalar<long>(ManualRuns, new { key }) == runs; i++) await Task.Delay(100);
        Assert.True(await Scalar<long>(ManualRuns, new { key }) > runs, $"{key} did not run");
    }
}
