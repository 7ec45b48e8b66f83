using System.Diagnostics;
using System.Net;
using System.Net.Sockets;

namespace KoproGo.Tests.Support;

/// <summary>Programs of the machine (a script, a Debian tool) that tests run, and the ports they listen on.</summary>
public static class Processes
{
    /// <summary>A loopback port free at the moment of asking.</summary>
    public static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    /// <summary>Waits until a server <paramref name="process"/> just started listens on <paramref name="port"/> (10 s at most).</summary>
    public static async Task WaitListening(Process process, int port, string name)
    {
        for (var i = 0; i < 100; i++)
        {
            try
            {
                using var client = new TcpClient();
                await client.ConnectAsync(IPAddress.Loopback, port);
                return;
            }
            catch (SocketException)
            {
                if (process.HasExited) Assert.Fail($"{name} stopped: " + await process.StandardError.ReadToEndAsync());
                await Task.Delay(100);
            }
        }
        Assert.Fail($"{name} did not listen within 10 s");
    }

    /// <summary>
    /// Waits until <paramref name="baseUrl"/>/health/ready answers 200 (60 s at most): the app behind it reached its
    /// database with every migration applied. <paramref name="describe"/> says what the process printed, for a failure.
    /// </summary>
    public static async Task WaitHealthy(string baseUrl, Process process, Func<string> describe)
    {
        using var http = new HttpClient { BaseAddress = new Uri(baseUrl), Timeout = TimeSpan.FromSeconds(5) };
        for (var i = 0; i < 600; i++)
        {
            if (process.HasExited) Assert.Fail($"{process.StartInfo.FileName} ended ({process.ExitCode})\n{describe()}");
            try
            {
                if ((await http.GetAsync("/health/ready")).StatusCode == HttpStatusCode.OK) return;
            }
            catch (HttpRequestException) { }
            await Task.Delay(100);
        }
        Assert.Fail($"{baseUrl} never became ready\n{describe()}");
    }

    /// <summary>Runs the program to its end and returns its exit code and what it printed.</summary>
    public static async Task<(int Code, string Out, string Err)> Run(string file, IEnumerable<string> args,
        IDictionary<string, string>? env = null, string? workingDirectory = null)
    {
        var start = new ProcessStartInfo(file) { RedirectStandardOutput = true, RedirectStandardError = true };
        if (workingDirectory is not null) start.WorkingDirectory = workingDirectory;
        foreach (var a in args) start.ArgumentList.Add(a);
        foreach (var (k, v) in env ?? new Dictionary<string, string>()) start.Environment[k] = v;
        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        return (process.ExitCode, await output, await error);
    }
}
