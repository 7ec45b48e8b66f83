using System.Diagnostics;

namespace KoproGo.Tests.Support;

/// <summary>
/// Debian's Mosquitto on a free loopback port, with the users and ACL an installation has: the app reads every
/// building's topics; each building's gateway, whose user name is the building's slug, writes under its own only.
/// </summary>
public sealed class Mosquitto : IAsyncLifetime
{
    public const string AppUser = "koprogo-app";
    public const string Password = "test-broker-password";

    private readonly string folder = Directory.CreateTempSubdirectory("koprogo-mosquitto").FullName;
    private Process? process;

    public int Port { get; } = Processes.FreePort();

    public static readonly string[] Gateways = ["residence-les-tilleuls", "gebouw-de-linde"];

    public async Task InitializeAsync()
    {
        var passwords = Path.Combine(folder, "passwords");
        foreach (var user in Gateways.Prepend(AppUser))
        {
            var made = await Processes.Run("mosquitto_passwd", File.Exists(passwords) ? ["-b", passwords, user, Password] : ["-b", "-c", passwords, user, Password]);
            Assert.True(made.Code == 0, made.Out + made.Err);
        }
        await File.WriteAllTextAsync(Path.Combine(folder, "acl"), $"""
            user {AppUser}
            topic read koprogo/#

            pattern write koprogo/%u/#

            """);
        await File.WriteAllTextAsync(Path.Combine(folder, "mosquitto.conf"), $"""
            listener {Port} 127.0.0.1
            allow_anonymous false
            password_file {passwords}
            acl_file {Path.Combine(folder, "acl")}
            persistence true
            persistence_location {folder}/
            max_queued_messages 100000
            max_inflight_messages {KoproGo.Web.Pages.Energy.ReadingIngestion.QueueSize}

            """);
        if (Environment.UserName == "root") await Processes.Run("chown", ["-R", "mosquitto", folder]);
        await Start();
    }

    public async Task Start()
    {
        process = Process.Start(new ProcessStartInfo("mosquitto", ["-c", Path.Combine(folder, "mosquitto.conf")])
            { RedirectStandardOutput = true, RedirectStandardError = true })!;
        await Processes.WaitListening(process, Port, "mosquitto");
    }

    /// <summary>Stops the broker as a restart would (SIGTERM: it saves its sessions to disk).</summary>
    public async Task Stop()
    {
        if (process is null || process.HasExited) return;
        await Processes.Run("kill", ["-TERM", process.Id.ToString()]);
        await process.WaitForExitAsync();
    }

    public async Task DisposeAsync()
    {
        await Stop();
        Directory.Delete(folder, recursive: true);
    }
}
