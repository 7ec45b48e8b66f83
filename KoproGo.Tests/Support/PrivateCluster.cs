using Npgsql;

namespace KoproGo.Tests.Support;

/// <summary>
/// A PostgreSQL cluster of a test's own (Debian's PostgreSQL, on a free loopback port), for what the shared test
/// cluster must not undergo: being stopped and started under load. Run as root, it runs the server as postgres.
/// </summary>
public sealed class PrivateCluster : IAsyncLifetime
{
    private static readonly string Bin = Directory.GetDirectories("/usr/lib/postgresql").Select(d => Path.Combine(d, "bin")).Where(d => File.Exists(Path.Combine(d, "initdb")))
        .OrderByDescending(d => d).First();
    private const string Password = "private-cluster";

    private readonly string folder = Directory.CreateTempSubdirectory("koprogo-cluster").FullName;
    public int Port { get; } = Processes.FreePort();
    private string Data => Path.Combine(folder, "data");

    public string ConnectionString(string database = "koprogo") =>
        new NpgsqlConnectionStringBuilder { Host = "127.0.0.1", Port = Port, Username = "koprogo", Password = Password, Database = database }.ConnectionString;

    private static bool Root => Environment.UserName == "root";

    // as the postgres user when the tests run as root (initdb and the server refuse root)
    private static Task<(int Code, string Out, string Err)> AsServer(string tool, params string[] args) => Root
        ? Processes.Run("runuser", ["-u", "postgres", "--", Path.Combine(Bin, tool), .. args])
        : Processes.Run(Path.Combine(Bin, tool), args);

    public async Task InitializeAsync()
    {
        var passwordFile = Path.Combine(folder, "password");
        await File.WriteAllTextAsync(passwordFile, Password);
        if (Root) await Processes.Run("chown", ["-R", "postgres", folder]);
        var init = await AsServer("initdb", "-D", Data, "-U", "koprogo", $"--pwfile={passwordFile}", "--auth-host=scram-sha-256", "--auth-local=trust",
            "-E", "UTF8", "--locale=C.UTF-8");
        Assert.True(init.Code == 0, init.Out + init.Err);
        await File.AppendAllTextAsync(Path.Combine(Data, "postgresql.conf"), $"""

            listen_addresses = '127.0.0.1'
            port = {Port}
            unix_socket_directories = '{folder}'
            fsync = off
            synchronous_commit = off
            full_page_writes = off
            max_connections = 60
            shared_buffers = 32MB
            timezone = 'Europe/Brussels'
            """);
        await Start();
        await using var admin = NpgsqlDataSource.Create(ConnectionString("postgres"));
        await Db.Scalar<int?>(admin, "create database koprogo");
    }

    public async Task Start()
    {
        var started = await AsServer("pg_ctl", "-D", Data, "-l", Path.Combine(folder, "server.log"), "-w", "-t", "60", "start");
        Assert.True(started.Code == 0, started.Out + started.Err);
    }

    /// <summary>Stops the server as an administrator would for a restart: sessions are ended at once.</summary>
    public async Task Stop()
    {
        var stopped = await AsServer("pg_ctl", "-D", Data, "-m", "fast", "-w", "-t", "60", "stop");
        Assert.True(stopped.Code == 0, stopped.Out + stopped.Err);
    }

    public async Task DisposeAsync()
    {
        NpgsqlConnection.ClearAllPools();
        await AsServer("pg_ctl", "-D", Data, "-m", "immediate", "-w", "-t", "60", "stop");
        Directory.Delete(folder, recursive: true);
    }
}
