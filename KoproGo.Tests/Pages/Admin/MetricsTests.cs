using System.Globalization;
using System.Net;
using KoproGo.Tests.Support;
using Npgsql;

namespace KoproGo.Tests.Pages.Admin;

/// <summary>/metrics for Prometheus (behind its token), and the request id in answers and in the mails a request queued.</summary>
public class MetricsTests(App app) : AppTest(app)
{
    public static async Task<string> Scrape(App app)
    {
        var response = await app.NewSession().GetRaw("/metrics", r => r.Headers.Add("Authorization", $"Bearer {App.MetricsToken}"));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return await response.Content.ReadAsStringAsync();
    }

    /// <summary>
    /// An app of the test's own to scrape. The metrics of instruments with the same name are merged across the apps of
    /// one process (every app's meter provider listens to every app's ASP.NET Core meters), and a disposed app's
    /// instruments end the merged metric in the providers of the apps still running: after another test disposed an
    /// app, the shared one's series are gone. (One app per process in production.)
    /// </summary>
    public static async Task<App> OwnApp()
    {
        var app = new App();
        await app.InitializeAsync();
        return app;
    }

    /// <summary>The value of the one series of <paramref name="name"/> whose labels include every one given (label="value").</summary>
    public static double Value(string scrape, string name, params string[] labels)
    {
        var lines = scrape.Split('\n').Where(l => (l.StartsWith(name + "{") || l.StartsWith(name + " ")) && labels.All(l.Contains)).ToList();
        Assert.True(lines.Count == 1, $"{lines.Count} series of {name} with {string.Join(", ", labels)}");
        return double.Parse(lines[0][(lines[0].LastIndexOf(' ') + 1)..], CultureInfo.InvariantCulture);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("Bearer wrong-token")]
    [InlineData("Basic dGVzdC1tZXRyaWNzLXRva2VuOg==")]
    [InlineData("Bearer test-metrics-token-and-more")]
    public async Task Metrics_are_only_for_who_shows_the_token(string? authorization)
    {
        var response = await App.NewSession().GetRaw("/metrics", r =>
        {
            if (authorization is not null) r.Headers.TryAddWithoutValidation("Authorization", authorization);
        });
        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Equal("Bearer", response.Headers.WwwAuthenticate.Single().Scheme);
        Assert.DoesNotContain("koprogo_", await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task Metrics_count_pages_sql_the_runtime_the_jobs_and_the_outbox()
    {
        await using var own = await OwnApp();
        var syndic = own.NewSession();
        await syndic.SignIn("syndic@demo.koprogo.be");
        await syndic.Get("/buildings/1");
        var before = Value(await Scrape(own), "http_server_request_duration_seconds_count", "http_route=\"buildings/{id:long}\"", "http_response_status_code=\"200\"", "http_request_method=\"GET\"");
        await syndic.Get("/buildings/1");
        await syndic.Get("/buildings/2");
        Assert.Equal(HttpStatusCode.NotFound, (await syndic.GetRaw("/buildings/999999")).StatusCode);
        await RunJob("purge-account-links");
        // the arrears recovery failed twice since its last success; the backup last succeeded three hours ago
        await Query<int>("""
            insert into job_runs (job_key, instance, started_at, duration_ms, succeeded, error) values
              ('arrears-recovery', 'a', now() - interval '3 days', 10, true, null),
              ('arrears-recovery', 'a', now() - interval '2 days', 10, false, 'SMTP down'),
              ('arrears-recovery', 'a', now() - interval '1 day', 10, false, 'SMTP down'),
              ('backup', 'a', date_trunc('second', now()) - interval '3 hours', 5000, true, null)
            returning 1
            """);
        var backupAt = await Scalar<double>("select extract(epoch from date_trunc('second', now()) - interval '3 hours')::float8");
        // a mail due twenty minutes ago that no instance sends (held here, as a stuck sender would); a sender may take it
        // between its insert and the lock: then another one
        await using var holder = await own.DataSource.OpenConnectionAsync();
        NpgsqlTransaction hold;
        while (true)
        {
            var stuck = await Scalar<long>("""
                insert into outbox_messages (to_address, language, kind, subject, html_body, text_body, next_attempt_at)
                values ('sophie@example.be', 'fr', 'account', 'Test', '<p>Test</p>', 'Test', now() - interval '20 minutes') returning id
                """);
            hold = await holder.BeginTransactionAsync();
            await using var lockIt = new NpgsqlCommand("select status from outbox_messages where id = @stuck for update", holder, hold);
            lockIt.Parameters.AddWithValue("stuck", stuck);
            if ((string?)await lockIt.ExecuteScalarAsync() == "pending") break;
            await hold.RollbackAsync();
        }
        await Task.Delay(1100); // past the gauges' one-second cache

        var scrape = await Scrape(own);
        Assert.Equal(before + 2, Value(scrape, "http_server_request_duration_seconds_count", "http_route=\"buildings/{id:long}\"", "http_response_status_code=\"200\"", "http_request_method=\"GET\""));
        // (a page not found is answered by the status page, and counted under its route)
        Assert.True(Value(scrape, "http_server_request_duration_seconds_count", "http_route=\"status/{code:int}\"", "http_response_status_code=\"404\"") >= 1);
        Assert.Contains("http_server_request_duration_seconds_bucket{", scrape);
        Assert.True(Value(scrape, "db_client_operation_duration_seconds_count", "db_client_connection_pool_name=\"main\"") > 0);
        Assert.True(Value(scrape, "db_client_connection_max", "db_client_connection_pool_name=\"main\"") <= 10);
        Assert.True(Value(scrape, "dotnet_process_memory_working_set_bytes") > 10_000_000);
        Assert.Contains("dotnet_gc_collections_total{", scrape);
        Assert.Contains("dotnet_thread_pool_thread_count_total", scrape);
        Assert.True(Value(scrape, "koprogo_job_runs_total", "job_key=\"purge-account-links\"", "outcome=\"succeeded\"") >= 1);
        Assert.Equal(2, Value(scrape, "koprogo_job_failures_in_a_row", "job_key=\"arrears-recovery\""));
        Assert.Equal(0, Value(scrape, "koprogo_job_failures_in_a_row", "job_key=\"budget-alerts\""));
        Assert.Equal(backupAt, Value(scrape, "koprogo_job_last_success_seconds", "job_key=\"backup\""), 0.001);
        Assert.Equal(0, Value(scrape, "koprogo_job_last_success_seconds", "job_key=\"etat-date-deadlines\""));
        Assert.True(Value(scrape, "koprogo_outbox_pending") >= 1);
        Assert.InRange(Value(scrape, "koprogo_outbox_overdue_seconds"), 20 * 60 - 5, 30 * 60);
        Assert.InRange(Value(scrape, "koprogo_documents_disk_free"), 0.000001, 1);
        await hold.RollbackAsync();
    }

    [Fact]
    public async Task The_request_id_of_an_answer_is_in_the_mail_it_queued()
    {
        var response = await App.NewSession().Post("/account/forgot", ("Input.Email", "owner@demo.koprogo.be"));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var requestId = response.Headers.GetValues("X-Request-Id").Single();
        Assert.False(string.IsNullOrWhiteSpace(requestId));
        var mail = await App.Smtp.WaitFor(m => m.To.Contains("owner@demo.koprogo.be"));
        Assert.Equal(requestId, mail.Headers["x-request-id"]);
        // every answer has its own
        var other = await App.NewSession().GetRaw("/account/login");
        Assert.NotEqual(requestId, other.Headers.GetValues("X-Request-Id").Single());
    }
}
