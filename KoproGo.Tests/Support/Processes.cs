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
