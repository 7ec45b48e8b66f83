using System.Diagnostics;
using System.Net;
using System.Security.Cryptography;
using AngleSharp.Dom;
using AngleSharp.Html.Dom;

namespace KoproGo.Tests.Support;

/// <summary>
/// A real OpenID Connect provider (node-oidc-provider from npm, KoproGo.Tests/Oidc/provider.mjs) for the app's sign-in
/// through an identity provider. Its port is chosen before the app starts (the app's settings name it); the process
/// starts on first use, once the app's own address, which the provider must know as the client's redirect URI, is known.
/// </summary>
public sealed class TestIdentityProvider : IAsyncDisposable
{
    public const string Name = "Test ID";
    public const string StrongLevel = "http://eidas.europa.eu/LoA/high";
    public const string LowLevel = "urn:koprogo:test:loa:low";

    private readonly int port = Processes.FreePort();
    private readonly string clientSecret = Convert.ToHexString(RandomNumberGenerator.GetBytes(16));
    private readonly SemaphoreSlim starting = new(1, 1);
    private Process? process;

    public string Authority => $"http://127.0.0.1:{port}";

    /// <summary>The app's settings for this provider (KoproGo:Oidc).</summary>
    public IEnumerable<KeyValuePair<string, string?>> Settings =>
    [
        new("KoproGo:Oidc:Authority", Authority),
        new("KoproGo:Oidc:ClientId", "koprogo"),
        new("KoproGo:Oidc:ClientSecret", clientSecret),
        new("KoproGo:Oidc:Name", Name),
        new("KoproGo:Oidc:StrongLevels", StrongLevel),
        // asked in order of preference; the provider answers with the level the person actually reached
        new("KoproGo:Oidc:AcrValues", $"{StrongLevel} {LowLevel}"),
    ];

    public async Task EnsureStarted(string appBaseUrl)
    {
        await starting.WaitAsync();
        try
        {
            if (process is { HasExited: false }) return;
            var script = Path.Combine(Samples.RepositoryRoot(), "KoproGo.Tests", "Oidc", "provider.mjs");
            process = Process.Start(new ProcessStartInfo("node", [script, port.ToString(), appBaseUrl.TrimEnd('/') + "/signin-oidc", clientSecret])
            {
                RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false,
            })!;
            process.ErrorDataReceived += (_, _) => { };
            process.BeginErrorReadLine();
            var ready = process.StandardOutput.ReadLineAsync();
            if (await Task.WhenAny(ready, Task.Delay(TimeSpan.FromSeconds(30))) != ready || await ready != "ready")
                throw new InvalidOperationException("The OpenID Connect provider did not start: is oidc-provider installed (./koprogo test does it)?");
        }
        finally { starting.Release(); }
    }

    public ValueTask DisposeAsync()
    {
        if (process is { HasExited: false }) process.Kill(entireProcessTree: true);
        process?.Dispose();
        return ValueTask.CompletedTask;
    }

    /// <summary>
    /// Goes through the provider as a person with a browser would, from the app's redirect to it: signs in there as
    /// <paramref name="person"/> at <paramref name="level"/> ("low" or "high") — or cancels when the person is null —,
    /// allows KoproGo, and follows the redirects back through the app's callback; returns the app's answer after that
    /// (a redirect onwards or a page).
    /// </summary>
    public async Task<HttpResponseMessage> Visit(Session session, HttpResponseMessage toProvider, string? person, string level = "low")
    {
        var response = toProvider;
        for (var step = 0; step < 20; step++)
        {
            var at = response.RequestMessage!.RequestUri!;
            if (IsRedirect(response))
            {
                var next = new Uri(at, response.Headers.Location!);
                var backAtApp = next.Port != port && !next.AbsolutePath.StartsWith("/signin-oidc") && !next.AbsolutePath.StartsWith("/account/external/done");
                if (backAtApp && at.Port != port) return response;
                response = await session.Client.GetAsync(next);
                continue;
            }
            if (at.Port != port) return response;
            Assert.True(response.StatusCode == HttpStatusCode.OK, $"the provider answered {(int)response.StatusCode}: {await response.Content.ReadAsStringAsync()}");
            var page = await Session.Parse(response);
            var form = page.QuerySelector<IHtmlFormElement>(person is null ? "form[action$='/cancel']" : "form")!;
            var fields = person is null || form.QuerySelector("input[name=person]") is null ? new Dictionary<string, string>()
                : new Dictionary<string, string> { ["person"] = person, ["level"] = level };
            response = await session.Client.PostAsync(new Uri(at, form.GetAttribute("action")), new FormUrlEncodedContent(fields));
        }
        throw new InvalidOperationException("Too many steps between the app and the provider");
    }

    private static bool IsRedirect(HttpResponseMessage response) => (int)response.StatusCode is >= 300 and < 400 && response.Headers.Location is not null;
}
