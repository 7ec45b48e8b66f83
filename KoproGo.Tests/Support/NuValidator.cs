using System.Diagnostics;
using System.Text.Json;

namespace KoproGo.Tests.Support;

/// <summary>The Nu Html Checker (vnu.jar from npm, on Debian's Java), run once over many pages.</summary>
public static class NuValidator
{
    public sealed record Problem(string Url, string Message, string Extract);

    /// <summary>Every error the validator finds in the pages (warnings are not errors and are left out).</summary>
    public static async Task<List<Problem>> Errors(IReadOnlyList<SiteCrawl.Page> pages)
    {
        var jar = Environment.GetEnvironmentVariable("KOPROGO_VNU_JAR") is { Length: > 0 } path && File.Exists(path)
            ? path
            : throw new InvalidOperationException("KOPROGO_VNU_JAR does not name vnu.jar: run the tests with ./koprogo test.");
        var folder = Directory.CreateTempSubdirectory("koprogo-vnu").FullName;
        try
        {
            var urlOf = new Dictionary<string, string>();
            for (var i = 0; i < pages.Count; i++)
            {
                var file = Path.Combine(folder, $"{i:D4}.html");
                await File.WriteAllTextAsync(file, pages[i].Html);
                urlOf[Path.GetFileName(file)] = pages[i].Url;
            }
            var start = new ProcessStartInfo("/usr/bin/java",
                ["-Xss8m", "-jar", jar, "--errors-only", "--format", "json", "--stdout", "--exit-zero-always", "--skip-non-html", folder])
            {
                RedirectStandardOutput = true,
                RedirectStandardError = true,
            };
            using var process = Process.Start(start)!;
            var output = process.StandardOutput.ReadToEndAsync();
            var errors = await process.StandardError.ReadToEndAsync();
            await process.WaitForExitAsync();
            var json = await output;
            if (process.ExitCode != 0 || json.Length == 0) throw new InvalidOperationException($"vnu failed: {errors}");
            using var report = JsonDocument.Parse(json);
            return report.RootElement.GetProperty("messages").EnumerateArray()
                .Where(m => m.GetProperty("type").GetString() == "error" || m.TryGetProperty("subType", out var s) && s.GetString() == "fatal")
                .Select(m => new Problem(
                    m.TryGetProperty("url", out var u) && urlOf.TryGetValue(Path.GetFileName(u.GetString()!), out var url) ? url : u.ToString(),
                    m.GetProperty("message").GetString()!,
                    m.TryGetProperty("extract", out var e) ? e.GetString()!.Trim() : ""))
                .ToList();
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }
}
