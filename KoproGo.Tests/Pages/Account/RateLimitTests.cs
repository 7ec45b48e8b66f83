using System.Net;
using KoproGo.Tests.Support;

namespace KoproGo.Tests.Pages.Account;

public class RateLimitTests(App app) : AppTest(app)
{
    [Fact]
    public async Task The_sign_in_page_answers_429_once_an_address_used_up_its_attempts_for_the_minute()
    {
        // no proxy trusted: a client that writes its own X-Forwarded-For is still counted by its real address
        await using var limited = new App(new Dictionary<string, string?> { ["KoproGo:LoginPermitPerMinute"] = "3", ["KoproGo:TrustedProxies"] = "" });
        await limited.InitializeAsync();
        var session = limited.NewSession();
        void Disguised(HttpRequestMessage r) => r.Headers.Add("X-Forwarded-For", $"198.51.100.{Random.Shared.Next(1, 255)}");
        for (var i = 0; i < 3; i++)
            Assert.Equal(HttpStatusCode.OK, (await session.GetRaw("/account/login", Disguised)).StatusCode);
        var refused = await session.GetRaw("/account/login", Disguised);
        Assert.Equal(HttpStatusCode.TooManyRequests, refused.StatusCode);
        Assert.Contains("wait a minute", (await Session.Parse(refused)).MainText());
        // Other pages are not limited.
        Assert.Equal(HttpStatusCode.OK, (await session.GetRaw("/public/residence-les-tilleuls")).StatusCode);
    }
}
