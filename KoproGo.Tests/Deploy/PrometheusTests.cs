using System.Diagnostics;
using System.Text.Json;
using System.Text.RegularExpressions;
using KoproGo.Tests.Pages.Admin;
using KoproGo.Tests.Support;

namespace KoproGo.Tests.Deploy;

/// <summary>
/// deploy/prometheus and deploy/grafana against Debian's Prometheus: the configuration and the alert rules load, the
/// rules' unit tests pass, a real Prometheus scrapes the running app with its token and evaluates the rules, and every
/// metric the dashboards and alerts read is one the app exports.
/// </summary>
public partial class PrometheusTests(App app) : AppTest(app)
{
    private static readonly string Deploy = Path.Combine(Samples.RepositoryRoot(), "deploy");

    /// <summary>deploy/prometheus copied to a folder, the token's path pointing to a file there and the app as its target.</summary>
    private static string Configuration(string folder, App? scraped)
    {
        File.WriteAllText(Path.Combine(folder, "metrics-token"), App.MetricsToken);
        File.Copy(Path.Combine(Deploy, "prometheus", "alerts.yml"), Path.Combine(folder, "alerts.yml"));
        var config = File.ReadAllText(Path.Combine(Deploy, "prometheus", "prometheus.yml"))
            .Replace("/run/secrets/metrics-token", Path.Combine(folder, "metrics-token"));
        if (scraped is not null)
        {
            // the app of the tests in place of compose's DNS names, scraped every second
            var target = new Uri(scraped.BaseUrl).Authority;
            config = DnsTargets().Replace(config, $"static_configs:\n      - targets: [\"{target}\"]\n")
                .Replace("scrape_interval: 15s", "scrape_interval: 1s").Replace("evaluation_interval: 15s", "evaluation_interval: 1s");
            Assert.Contains(target, config);
        }
        var file = Path.Combine(folder, "prometheus.yml");
        File.WriteAllText(file, config);
        return file;
    }

    [GeneratedRegex(@"dns_sd_configs:\n(\s{6,}.*\n)+")]
    private static partial Regex DnsTargets();

    [Fact]
    public async Task Promtool_accepts_the_configuration_and_the_rules_and_the_rules_pass_their_unit_tests()
    {
        var folder = Directory.CreateTempSubdirectory("koprogo-prometheus").FullName;
        var config = await Processes.Run("promtool", ["check", "config", Configuration(folder, scraped: null)]);
        Assert.True(config.Code == 0, config.Out + config.Err);
        var rules = await Processes.Run("promtool", ["check", "rules", Path.Combine(Deploy, "prometheus", "alerts.yml")]);
        Assert.True(rules.Code == 0, rules.Out + rules.Err);
        Assert.Contains("SUCCESS: 10 rules found", rules.Out + rules.Err);
        var unit = await Processes.Run("promtool", ["test", "rules", Path.Combine(Deploy, "prometheus", "alerts.test.yml")]);
        Assert.True(unit.Code == 0, unit.Out + unit.Err);
        Directory.Delete(folder, recursive: true);
    }

    [Fact]
    public async Task Prometheus_scrapes_the_app_with_its_token_and_evaluates_the_alert_rules()
    {
        await using var own = await MetricsTests.OwnApp();
        var folder = Directory.CreateTempSubdirectory("koprogo-prometheus").FullName;
        var port = Processes.FreePort();
        var start = new ProcessStartInfo("prometheus") { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var a in new[] { $"--config.file={Configuration(folder, own)}", $"--storage.tsdb.path={Path.Combine(folder, "data")}",
                     $"--web.listen-address=127.0.0.1:{port}" })
            start.ArgumentList.Add(a);
        using var prometheus = Process.Start(start)!;
        var log = prometheus.StandardError.ReadToEndAsync();
        try
        {
            using var http = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{port}") };
            async Task<JsonElement> Api(string path)
            {
                var json = JsonDocument.Parse(await http.GetStringAsync(path)).RootElement;
                Assert.Equal("success", json.GetProperty("status").GetString());
                return json.GetProperty("data");
            }
            async Task<JsonElement> Until(string path, Func<JsonElement, bool> ready)
            {
                for (var i = 0; i < 300; i++)
                {
                    try
                    {
                        var data = await Api(path);
                        if (ready(data)) return data;
                    }
                    catch (HttpRequestException) { }
                    await Task.Delay(100);
                }
                Assert.Fail($"Prometheus: {path} never ready\n{(prometheus.HasExited ? await log : "")}");
                return default;
            }
            var targets = await Until("/api/v1/targets", d => d.GetProperty("activeTargets").EnumerateArray()
                .Any(t => t.GetProperty("labels").GetProperty("job").GetString() == "koprogo" && t.GetProperty("health").GetString() == "up"));
            var koprogo = targets.GetProperty("activeTargets").EnumerateArray().Single(t => t.GetProperty("labels").GetProperty("job").GetString() == "koprogo");
            Assert.Equal("", koprogo.GetProperty("lastError").GetString());
            var pending = await Until("/api/v1/query?query=" + Uri.EscapeDataString("max(koprogo_outbox_pending{job=\"koprogo\"})"),
                d => d.GetProperty("result").GetArrayLength() == 1);
            Assert.Equal("0", pending.GetProperty("result")[0].GetProperty("value")[1].GetString());
            // every rule loaded and evaluated without error; with the demo, "backup older than 26 h" is firing
            var rules = await Until("/api/v1/rules", d => d.GetProperty("groups").EnumerateArray().SelectMany(g => g.GetProperty("rules").EnumerateArray())
                .Any(r => r.GetProperty("name").GetString() == "BackupTooOld" && r.GetProperty("state").GetString() != "inactive"));
            var all = rules.GetProperty("groups").EnumerateArray().SelectMany(g => g.GetProperty("rules").EnumerateArray()).ToList();
            Assert.Equal(10, all.Count);
            Assert.All(all, r => Assert.Equal("ok", r.GetProperty("health").GetString()));
            Assert.Contains(all, r => r.GetProperty("name").GetString() == "PostgreSQLDown" && r.GetProperty("state").GetString() != "inactive");
            Assert.Contains(all, r => r.GetProperty("name").GetString() == "InstanceDown" && r.GetProperty("state").GetString() == "inactive");
        }
        finally
        {
            prometheus.Kill();
            await prometheus.WaitForExitAsync();
            Directory.Delete(folder, recursive: true);
        }
    }

    [Fact]
    public async Task Every_metric_the_dashboards_and_the_alerts_read_is_one_the_app_exports()
    {
        await using var own = await MetricsTests.OwnApp();
        // a page, a job run and a mail sent, so that their series exist
        var owner = own.NewSession();
        await owner.SignIn("owner@demo.koprogo.be");
        await RunJob("purge-account-links");
        await own.NewSession().Post("/account/forgot", ("Input.Email", "owner@demo.koprogo.be"));
        for (var i = 0; i < 150 && await Scalar<long>("select count(*) from outbox_messages where status = 'pending'") > 0; i++) await Task.Delay(100);
        await Task.Delay(300);
        var scrape = await MetricsTests.Scrape(own);
        var exported = scrape.Split('\n').Where(l => l.StartsWith("# TYPE ")).Select(l => l.Split(' ')[2]).ToHashSet();

        var expressions = new List<(string Where, string Expression)>();
        foreach (var file in Directory.GetFiles(Path.Combine(Deploy, "grafana", "dashboards"), "*.json"))
        {
            var dashboard = JsonDocument.Parse(await File.ReadAllTextAsync(file)).RootElement;
            Assert.False(string.IsNullOrEmpty(dashboard.GetProperty("uid").GetString()));
            Assert.Equal("Europe/Brussels", dashboard.GetProperty("timezone").GetString());
            var panels = dashboard.GetProperty("panels").EnumerateArray().ToList();
            Assert.NotEmpty(panels);
            foreach (var panel in panels)
                foreach (var target in panel.GetProperty("targets").EnumerateArray())
                    expressions.Add(($"{Path.GetFileName(file)}: {panel.GetProperty("title").GetString()}", target.GetProperty("expr").GetString()!));
        }
        expressions.AddRange(AlertExpressions().Matches(await File.ReadAllTextAsync(Path.Combine(Deploy, "prometheus", "alerts.yml")))
            .Select(m => ("alerts.yml", m.Groups[1].Value)));
        Assert.True(expressions.Count > 25, $"{expressions.Count} expressions");
        var ours = expressions.SelectMany(e => OurMetric().Matches(e.Expression).Select(m => (e.Where, Metric: m.Value))).ToList();
        Assert.NotEmpty(ours);
        Assert.All(ours, m => Assert.True(exported.Contains(HistogramSuffix().Replace(m.Metric, "")) || exported.Contains(m.Metric),
            $"{m.Where} reads {m.Metric}, which the app does not export"));
        // PostgreSQL's figures come from postgres_exporter in the deployment: only those may be foreign
        var foreign = expressions.SelectMany(e => AnyMetric().Matches(e.Expression).Select(m => m.Value))
            .Where(m => !OurPrefix().IsMatch(m)).Distinct().ToList();
        Assert.All(foreign, m => Assert.True(m.StartsWith("pg_") || m == "up", $"{m} comes from nowhere"));
    }

    [GeneratedRegex(@"expr: (?:\|\s*)?((?:.|\n)*?)\n\s+(?:for|labels):")]
    private static partial Regex AlertExpressions();

    // (a series' name is followed by its labels; the labels' names, in "by (...)", are not)
    [GeneratedRegex(@"\b(koprogo|http_server|db_client|dotnet|aspnetcore|kestrel)_[a-z_]+\b(?=\{)")]
    private static partial Regex OurMetric();

    [GeneratedRegex(@"^(koprogo|http_server|db_client|dotnet|aspnetcore|kestrel)_")]
    private static partial Regex OurPrefix();

    // any series' name: a word followed by its labels or a range
    [GeneratedRegex(@"\b[a-z_][a-z0-9_]*\b(?=\s*[\{\[])")]
    private static partial Regex AnyMetric();

    [GeneratedRegex(@"_(bucket|count|sum)$")]
    private static partial Regex HistogramSuffix();
}
