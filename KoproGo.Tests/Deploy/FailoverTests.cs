using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;
using KoproGo.Tests.Support;
using Npgsql;

namespace KoproGo.Tests.Deploy;

/// <summary>
/// Two instances on one database behind Debian's haproxy, one killed under load; and PostgreSQL restarted under load.
/// On a cluster of the tests' own, so that the shared one is never stopped.
/// </summary>
public class FailoverTests(PrivateCluster cluster) : IClassFixture<PrivateCluster>
{
    private const string Owner = "owner@demo.koprogo.be";

    private Dictionary<string, string> Settings(SmtpServer? smtp = null, string? documents = null)
    {
        var settings = new Dictionary<string, string>
        {
            ["ConnectionStrings__Main"] = cluster.ConnectionString(),
            ["KoproGo__DemoData"] = "true",
            ["KoproGo__Documents__Path"] = documents ?? Directory.CreateTempSubdirectory("koprogo-documents").FullName,
            ["KoproGo__TrustedProxies"] = "127.0.0.1",
            ["Logging__LogLevel__Default"] = "Warning",
        };
        if (smtp is not null)
        {
            settings["KoproGo__Mail__Port"] = smtp.Port.ToString();
            settings["KoproGo__Mail__PollSeconds"] = "0.2";
        }
        return settings;
    }

    private static Session NewSession(string baseUrl) => Session.Open(baseUrl, language: null, timeout: TimeSpan.FromSeconds(60));

    private async Task<long> Tilleuls()
    {
        await using var source = NpgsqlDataSource.Create(cluster.ConnectionString());
        return await Db.Scalar<long>(source, "select id from buildings where slug = 'residence-les-tilleuls'");
    }

    private sealed record TitleCount(string Title, long Count);

    private sealed record Outcome(DateTime Start, DateTime End, string What, bool Succeeded, string? Title);

    [Fact]
    public async Task Behind_haproxy_losing_one_of_two_instances_loses_no_answered_post_no_session_no_job_and_no_mail()
    {
        using var smtp = new SmtpServer();
        await smtp.Start();
        var documents = Directory.CreateTempSubdirectory("koprogo-documents").FullName;
        // a clean-up job every two seconds on both instances: each fire must run on exactly one
        var settings = Settings(smtp, documents);
        settings["KoproGo__Jobs__purge-account-links__Cron"] = "*/2 * * * * ?";
        await using var first = AppProcess.Serve(settings);
        await first.WaitReady();
        await using var second = AppProcess.Serve(settings);
        await second.WaitReady();

        var proxyPort = Processes.FreePort();
        var config = Path.Combine(documents, "haproxy.cfg");
        await File.WriteAllTextAsync(config, $"""
            global
                maxconn 200
            defaults
                mode http
                timeout connect 1s
                timeout client 60s
                timeout server 60s
                # a request whose connection was refused (the instance is gone) goes to the other; one already sent is not repeated
                retries 3
                retry-on conn-failure
                option redispatch
            frontend web
                bind 127.0.0.1:{proxyPort}
                default_backend app
            backend app
                balance roundrobin
                # a new connection per request: one kept open to the killed instance would fail a request sent after the kill
                http-reuse never
                option httpchk GET /health/ready
                http-check expect status 200
                server first 127.0.0.1:{first.Port} check inter 500 fall 2 rise 1
                server second 127.0.0.1:{second.Port} check inter 500 fall 2 rise 1
            """ + "\n");
        using var haproxy = Process.Start(new ProcessStartInfo("haproxy", ["-f", config, "-db"]) { RedirectStandardOutput = true, RedirectStandardError = true })!;
        try
        {
            var proxy = $"http://127.0.0.1:{proxyPort}";
            var haproxyLog = haproxy.StandardError.ReadToEndAsync();
            await Processes.WaitHealthy(proxy, haproxy, () => haproxyLog.Wait(TimeSpan.FromSeconds(2)) ? haproxyLog.Result : "");
            var building = await Tilleuls();
            var sessions = new List<Session>();
            for (var w = 0; w < 4; w++)
            {
                var session = NewSession(proxy);
                await session.SignIn(Owner);
                sessions.Add(session);
            }
            // mail waiting to be sent while the load runs
            await using var source = NpgsqlDataSource.Create(cluster.ConnectionString());
            await Db.Scalar<int?>(source, """
                insert into outbox_messages (to_address, language, kind, subject, html_body, text_body)
                select 'sophie@example.be', 'fr', 'account', 'Failover mail ' || n, '<p>Test</p>', 'Test' from generate_series(1, 30) n
                """);

            var outcomes = new ConcurrentBag<Outcome>();
            var killedAt = DateTime.MaxValue;
            using var stop = new CancellationTokenSource(TimeSpan.FromSeconds(10));
            async Task Load(Session session, int worker)
            {
                for (var i = 0; !stop.IsCancellationRequested; i++)
                {
                    var start = DateTime.UtcNow;
                    try
                    {
                        var page = await session.GetRaw($"/buildings/{building}/notices");
                        outcomes.Add(new(start, DateTime.UtcNow, "view", page.StatusCode == HttpStatusCode.OK, null));
                    }
                    catch (HttpRequestException) { outcomes.Add(new(start, DateTime.UtcNow, "view", false, null)); }
                    var title = $"Failover {worker}-{i}";
                    start = DateTime.UtcNow;
                    try
                    {
                        var posted = await session.Post($"/buildings/{building}/notices", ("Input.Kind", "question"), ("Input.Title", title), ("Input.Body", "Charge"));
                        outcomes.Add(new(start, DateTime.UtcNow, "post", posted.StatusCode == HttpStatusCode.Redirect, title));
                    }
                    catch (Exception e) when (e is HttpRequestException or Xunit.Sdk.XunitException)
                    {
                        // the form's page (its token) or the post failed: the notice may or may not exist, never twice
                        outcomes.Add(new(start, DateTime.UtcNow, "post", false, title));
                    }
                }
            }
            var load = sessions.Select(Load).ToList();
            await Task.Delay(TimeSpan.FromSeconds(4));
            killedAt = DateTime.UtcNow;
            first.Kill();
            // (the process is gone once Kill returns: a request sent before then may have reached it)
            var goneAt = DateTime.UtcNow;
            await Task.WhenAll(load);

            var all = outcomes.ToList();
            var failed = all.Where(o => !o.Succeeded).ToList();
            Console.WriteLine($"failover: {all.Count} requests, {failed.Count} failed (in flight at the kill), {all.Count(o => o.Start > goneAt)} after it; the kill took {(goneAt - killedAt).TotalMilliseconds:F0} ms");
            // only requests in flight on the killed instance may fail: sent before it was gone, answered after the kill
            Assert.All(failed, o => Assert.True(o.Start <= goneAt && o.End >= killedAt,
                $"{o.What} {o.Title} failed: sent at {o.Start:HH:mm:ss.fff}, the instance was killed at {killedAt:HH:mm:ss.fff} and gone at {goneAt:HH:mm:ss.fff}"));
            Assert.True(failed.Count <= sessions.Count, $"{failed.Count} failed");
            Assert.True(all.Count(o => o.Succeeded && o.Start > goneAt) > 20, $"{all.Count(o => o.Succeeded && o.Start > goneAt)} answered after the kill");
            // every post answered with success is there once; none twice
            var titles = (await Db.Query<TitleCount>(source, "select title, count(*) from notices where title like 'Failover %' group by title"))
                .ToDictionary(t => t.Title, t => t.Count);
            Assert.All(all.Where(o => o.What == "post" && o.Succeeded), o => Assert.Equal(1, titles.GetValueOrDefault(o.Title!)));
            Assert.All(titles, t => Assert.Equal(1, t.Value));
            // the signed-in owners are still signed in, on the instance left
            foreach (var session in sessions)
                Assert.Equal(HttpStatusCode.OK, (await session.GetRaw("/my")).StatusCode);

            // the scheduled job keeps firing, on the instance left, each fire once
            for (var i = 0; i < 600 && await Db.Scalar<long>(source, "select count(*) from job_runs where job_key = 'purge-account-links' and started_at > @after",
                     new { after = killedAt.AddSeconds(1) }) == 0; i++)
                await Task.Delay(100);
            Assert.True(await Db.Scalar<long>(source, "select count(*) from job_runs where job_key = 'purge-account-links' and started_at > @after", new { after = killedAt.AddSeconds(1) }) > 0,
                "the job stopped with the instance");
            Assert.Equal(0, await Db.Scalar<long>(source, "select count(*) from (select scheduled_at from job_runs where job_key = 'purge-account-links' group by scheduled_at having count(*) > 1) twice"));
            // each run by the fire's claim in the database, the guarantee that does not rest on Quartz's clustering alone
            Assert.Equal(0, await Db.Scalar<long>(source, """
                select count(*) from job_runs r where job_key = 'purge-account-links'
                and not exists (select 1 from job_fires f where f.job_key = r.job_key and f.scheduled_at = r.scheduled_at and f.instance = r.instance)
                """));

            // every mail of the outbox sent, once
            for (var i = 0; i < 300 && await Db.Scalar<long>(source, "select count(*) from outbox_messages where subject like 'Failover mail %' and status <> 'sent'") > 0; i++)
                await Task.Delay(100);
            var delivered = smtp.Messages().Where(m => m.Subject.StartsWith("Failover mail ")).GroupBy(m => m.Subject).ToList();
            Assert.Equal(30, delivered.Count);
            Assert.All(delivered, g => Assert.Single(g));
        }
        finally
        {
            haproxy.Kill();
            await haproxy.WaitForExitAsync();
            Directory.Delete(documents, recursive: true);
        }
    }

    [Fact]
    public async Task While_postgresql_restarts_the_app_answers_503_with_a_page_and_recovers_by_itself()
    {
        await using var app = AppProcess.Serve(Settings());
        await app.WaitReady();
        var building = await Tilleuls();
        var session = NewSession(app.BaseUrl);
        await session.SignIn(Owner);
        Assert.Equal(HttpStatusCode.OK, (await session.GetRaw($"/buildings/{building}/notices")).StatusCode);
        // under load: four other signed-in owners keep reading pages throughout
        var answers = new ConcurrentBag<(DateTime At, string Answer)>();
        using var stopLoad = new CancellationTokenSource();
        var readers = new List<Task>();
        for (var w = 0; w < 4; w++)
        {
            var reader = NewSession(app.BaseUrl);
            await reader.SignIn(Owner);
            readers.Add(Task.Run(async () =>
            {
                while (!stopLoad.IsCancellationRequested)
                {
                    try { answers.Add((DateTime.UtcNow, ((int)(await reader.GetRaw($"/buildings/{building}/notices")).StatusCode).ToString())); }
                    catch (HttpRequestException e) { answers.Add((DateTime.UtcNow, e.Message)); }
                }
            }));
        }
        await Task.Delay(500);

        await cluster.Stop();
        try
        {
            for (var i = 0; i < 3; i++)
            {
                var down = await session.GetRaw($"/buildings/{building}/notices");
                Assert.Equal(HttpStatusCode.ServiceUnavailable, down.StatusCode);
                Assert.Equal("5", down.Headers.GetValues("Retry-After").Single());
                var page = await Session.Parse(down);
                Assert.Equal("KoproGo est indisponible un instant", page.QuerySelector("h1")!.TextContent);
                Assert.Equal($"/buildings/{building}/notices", page.QuerySelector("main a")!.GetAttribute("href"));
            }
            // a form posted during the outage: refused the same way, nothing half-saved
            Assert.Equal(HttpStatusCode.ServiceUnavailable, (await session.Client.PostAsync($"/buildings/{building}/notices",
                new FormUrlEncodedContent([new("Input.Title", "Pendant la panne")]))).StatusCode);
            using var health = new HttpClient { BaseAddress = new Uri(app.BaseUrl) };
            Assert.Equal(HttpStatusCode.ServiceUnavailable, (await health.GetAsync("/health/ready")).StatusCode);
            Assert.Equal(HttpStatusCode.OK, (await health.GetAsync("/health/live")).StatusCode);
        }
        finally
        {
            await cluster.Start();
        }
        // back within five seconds of the database, without a restart of the app, the owner still signed in
        var clock = Stopwatch.StartNew();
        var status = HttpStatusCode.ServiceUnavailable;
        while (status != HttpStatusCode.OK && clock.Elapsed < TimeSpan.FromSeconds(5))
        {
            status = (await session.GetRaw($"/buildings/{building}/notices")).StatusCode;
            if (status != HttpStatusCode.OK) await Task.Delay(100);
        }
        Assert.Equal(HttpStatusCode.OK, status);
        var back = DateTime.UtcNow;
        await Task.Delay(500);
        stopLoad.Cancel();
        await Task.WhenAll(readers);
        // every answer under load was the page or the 503 page, never a server error or a broken connection; 200 again once back
        Assert.All(answers, a => Assert.Contains(a.Answer, new[] { "200", "503" }));
        Assert.Contains(answers, a => a.Answer == "503");
        Assert.All(answers.Where(a => a.At > back.AddMilliseconds(100)), a => Assert.Equal("200", a.Answer));
        Assert.Equal(HttpStatusCode.Redirect, (await session.Post($"/buildings/{building}/notices", ("Input.Kind", "question"), ("Input.Title", "Après la panne"), ("Input.Body", "Tout va bien"))).StatusCode);
        Assert.False(app.Output.Contains("Unhandled exception"), app.Output);
    }
}
