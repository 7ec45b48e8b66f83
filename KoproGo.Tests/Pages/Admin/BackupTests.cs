using System.Net;
using KoproGo.Tests.Support;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace KoproGo.Tests.Pages.Admin;

/// <summary>
/// `./koprogo backup` and `./koprogo restore` on the demo: the database and the documents come back identical in a new
/// database and a new folder, and a damaged or wrongly-keyed backup is refused with a message saying why.
/// </summary>
public class BackupTests(App app) : AppTest(app)
{
    private static readonly string Script = Path.Combine(Samples.RepositoryRoot(), "koprogo");

    private static Task<(int Code, string Out, string Err)> Run(string file, IEnumerable<string> args, IDictionary<string, string>? env = null) =>
        Processes.Run(file, args, env);

    /// <summary>A new age key pair: the identity file's path and its public key.</summary>
    private static async Task<(string Identity, string Recipient)> KeyPair(string folder)
    {
        var identity = Path.Combine(folder, $"key-{Guid.NewGuid():N}.txt");
        var (code, _, err) = await Run("/usr/bin/age-keygen", ["-o", identity]);
        Assert.True(code == 0, err);
        return (identity, (await File.ReadAllLinesAsync(identity)).First(l => l.StartsWith("# public key: "))["# public key: ".Length..]);
    }

    /// <summary>
    /// Every table of the database with its row count and a checksum of its rows; the scheduler's own tables aside (its
    /// running instance checks in every few seconds, after the backup as well).
    /// </summary>
    private async Task<IReadOnlyList<(string Table, long Rows, string Sum)>> Fingerprint(string database)
    {
        var builder = new Npgsql.NpgsqlConnectionStringBuilder(App.DataSource.ConnectionString) { Database = database };
        await using var source = Npgsql.NpgsqlDataSource.Create(builder.ConnectionString);
        var tables = await Db.Query<string>(source, "select tablename from pg_tables where schemaname = 'public' and tablename not like 'qrtz%' order by tablename");
        var result = new List<(string, long, string)>();
        foreach (var table in tables)
            result.Add((await Db.Query<(string, long, string)>(source,
                $"select '{table}', count(*), coalesce(md5(string_agg(t::text, '|' order by t::text)), '') from \"{table}\" t")).Single());
        return result;
    }

    [Fact]
    public async Task A_backup_of_the_demo_restores_identical_and_a_damaged_or_foreign_one_is_refused()
    {
        var folder = Directory.CreateTempSubdirectory("koprogo-backup").FullName;
        var (identity, recipient) = await KeyPair(folder);
        // a document on disk, so the folder has something to carry
        var syndic = await SignedIn("syndic@demo.koprogo.be");
        var building = await Scalar<long>("select id from buildings where slug = 'residence-les-tilleuls'");
        var pdf = Samples.MinimalPdf;
        Assert.Equal(HttpStatusCode.Redirect, (await syndic.Upload($"/buildings/{building}/documents?handler=upload", "Upload", "reglement.pdf", pdf,
            ("Input.Title", "Règlement"), ("Input.Category", "regulation"), ("Input.Visibility", "owners"))).StatusCode);
        var database = new Npgsql.NpgsqlConnectionStringBuilder(App.DataSource.ConnectionString).Database!;
        // the mail the upload queued goes out first, so that nothing changes the database between the backup and the comparison
        for (var i = 0; i < 300 && await Scalar<long>("select count(*) from outbox_messages where status = 'pending' and next_attempt_at <= now()") > 0; i++)
            await Task.Delay(100);

        var backups = Path.Combine(folder, "backups");
        var made = await Run(Script, ["backup", "--database", database, "--documents", App.DocumentsFolder, "--to", backups],
            new Dictionary<string, string> { ["KOPROGO_BACKUP_RECIPIENT"] = recipient });
        Assert.True(made.Code == 0, made.Err);
        var file = Assert.Single(Directory.GetFiles(backups));
        Assert.Matches(@"koprogo-\d{8}T\d{6}Z\.tar\.age$", file);
        Assert.Equal("age-encryption.org/v1", System.Text.Encoding.ASCII.GetString((await File.ReadAllBytesAsync(file))[..21]));

        var restoredDb = $"koprogo_restore_{Guid.NewGuid():N}"[..30];
        var restoredDocs = Path.Combine(folder, "documents");
        var restored = await Run(Script, ["restore", file, "--identity", identity, "--database", restoredDb, "--documents", restoredDocs]);
        Assert.True(restored.Code == 0, restored.Err);
        var fingerprint = await Fingerprint(database);
        Assert.Contains(fingerprint, t => t.Table == "journal_lines" && t.Rows > 0);
        Assert.Equal(fingerprint, await Fingerprint(restoredDb));
        var originals = Directory.GetFiles(App.DocumentsFolder, "*", SearchOption.AllDirectories).Select(f => Path.GetRelativePath(App.DocumentsFolder, f)).Order().ToList();
        Assert.NotEmpty(originals);
        Assert.Equal(originals, Directory.GetFiles(restoredDocs, "*", SearchOption.AllDirectories).Select(f => Path.GetRelativePath(restoredDocs, f)).Order());
        foreach (var name in originals)
            Assert.Equal(await File.ReadAllBytesAsync(Path.Combine(App.DocumentsFolder, name)), await File.ReadAllBytesAsync(Path.Combine(restoredDocs, name)));

        // into a database that is not empty: refused
        var again = await Run(Script, ["restore", file, "--identity", identity, "--database", restoredDb, "--documents", Path.Combine(folder, "other")]);
        Assert.NotEqual(0, again.Code);
        Assert.Contains("not empty", again.Err);
        // another key cannot read it
        var (stranger, _) = await KeyPair(folder);
        var foreign = await Run(Script, ["restore", file, "--identity", stranger, "--database", $"{restoredDb}_x", "--documents", Path.Combine(folder, "x")]);
        Assert.NotEqual(0, foreign.Code);
        Assert.Contains("cannot decrypt", foreign.Err);
        // a flipped byte in the middle: refused, nothing restored
        var bytes = await File.ReadAllBytesAsync(file);
        bytes[bytes.Length / 2] ^= 0x55;
        var damaged = Path.Combine(folder, "damaged.tar.age");
        await File.WriteAllBytesAsync(damaged, bytes);
        var broken = await Run(Script, ["restore", damaged, "--identity", identity, "--database", $"{restoredDb}_y", "--documents", Path.Combine(folder, "y")]);
        Assert.NotEqual(0, broken.Code);
        Assert.Contains("damaged", broken.Err);
        Assert.False(Directory.Exists(Path.Combine(folder, "y")) && Directory.EnumerateFileSystemEntries(Path.Combine(folder, "y")).Any());
        // without a public key configured, the backup says what to do
        var unkeyed = await Run(Script, ["backup", "--database", database, "--to", backups], new Dictionary<string, string> { ["KOPROGO_BACKUP_RECIPIENT"] = "" });
        Assert.NotEqual(0, unkeyed.Code);
        Assert.Contains("KOPROGO_BACKUP_RECIPIENT", unkeyed.Err);

        await using var admin = Npgsql.NpgsqlDataSource.Create(new Npgsql.NpgsqlConnectionStringBuilder(App.DataSource.ConnectionString) { Database = "postgres" }.ConnectionString);
        foreach (var name in new[] { restoredDb, $"{restoredDb}_x", $"{restoredDb}_y" })
            await Db.Scalar<int?>(admin, $"drop database if exists \"{name}\" with (force)");
        Directory.Delete(folder, recursive: true);
    }

    [Fact]
    public async Task Old_backups_are_kept_seven_daily_four_weekly_twelve_monthly()
    {
        var folder = Directory.CreateTempSubdirectory("koprogo-backups").FullName;
        var (_, recipient) = await KeyPair(folder);
        var backups = Path.Combine(folder, "backups");
        Directory.CreateDirectory(backups);
        // a backup every night of the last 400 days, as names only (their content is not read by the pruning)
        var now = DateTime.UtcNow;
        for (var d = 1; d <= 400; d++)
            await File.WriteAllTextAsync(Path.Combine(backups, $"koprogo-{now.AddDays(-d):yyyyMMdd}T013000Z.tar.age"), "");
        var database = new Npgsql.NpgsqlConnectionStringBuilder(App.DataSource.ConnectionString).Database!;
        var made = await Run(Script, ["backup", "--database", database, "--documents", Path.Combine(folder, "docs"), "--to", backups],
            new Dictionary<string, string> { ["KOPROGO_BACKUP_RECIPIENT"] = recipient });
        Assert.True(made.Code == 0, made.Err);
        var kept = Directory.GetFiles(backups).Select(Path.GetFileName).Select(n => DateTime.ParseExact(n![8..24], "yyyyMMdd'T'HHmmss'Z'", null)).ToList();
        // the one just made and the six nights before it; then a backup per week and per month, nothing older than a year
        Assert.Contains(kept, k => k.Date == now.Date);
        Assert.All(Enumerable.Range(1, 6), d => Assert.Contains(kept, k => k.Date == now.AddDays(-d).Date));
        Assert.InRange(kept.Count, 12, 7 + 4 + 12);
        Assert.True(kept.Min() > now.AddMonths(-13), "nothing older than the twelve months kept");
        Assert.True(kept.Min() < now.AddMonths(-10), "a backup of each of the last twelve months");
        Directory.Delete(folder, recursive: true);
    }

    [Fact]
    public async Task The_nightly_job_runs_the_configured_command_and_a_failure_alerts_the_administrators()
    {
        async Task Run(string command)
        {
            var configuration = new Microsoft.Extensions.Configuration.ConfigurationBuilder()
                .AddInMemoryCollection(new Dictionary<string, string?> { ["KoproGo:Backup:Command"] = command }).Build();
            await using var scope = App.Services.CreateAsyncScope();
            var job = ActivatorUtilities.CreateInstance<KoproGo.Web.Pages.Admin.BackupJob>(scope.ServiceProvider, (Microsoft.Extensions.Configuration.IConfiguration)configuration);
            await job.Execute(null!, CancellationToken.None);
        }
        var admin = await Scalar<long>("select id from users where email = 'admin@demo.koprogo.be'");
        Task<long> Alerts() => Scalar<long>("select count(*) from notifications where user_id = @admin and title = 'The nightly backup failed'", new { admin });

        await Run("true");
        Assert.Equal(0, await Alerts());
        await Assert.ThrowsAsync<InvalidOperationException>(() => Run("echo 'no space left on device' >&2; exit 3"));
        Assert.Equal(1, await Alerts());
        Assert.Contains("no space left on device", await Scalar<string>("select body from notifications where user_id = @admin order by id desc limit 1", new { admin }));
    }
}
