using System.Net;
using KoproGo.Tests.Support;

namespace KoproGo.Tests.Pages.Account;

public class RateLimitTests(App app) : AppTest(app)
{
    [Fact]
    public async Task The_sign_in_page_answers_429_once_an_address_used_up_its_attempts_for_the_minute()
    {
        await using var limited = new App(new Dictionary<string, string?> { ["KoproGo:LoginPermitPerMinute"] = "3" });
        await limited.InitializeAsync();
        var session = limited.NewSession();
        for (var i = 0; i < 3; i++)
            Assert.Equal(HttpStatusCode.OK, (await session.GetRaw("/account/login")).StatusCode);
        var refused = await session.GetRaw("/account/login");
        Assert.Equal(HttpStatusCode.TooManyRequests, refused.StatusCode);
        Assert.Contains("wait a minute", (await Session.Parse(refused)).MainText());
        // Other pages are not limited.
        Assert.Equal(HttpStatusCode.OK, (await session.GetRaw("/public/residence-les-tilleuls")).StatusCode);
    }
}
