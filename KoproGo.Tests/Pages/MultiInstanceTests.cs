using System.Net;
using KoproGo.Tests.Support;

namespace KoproGo.Tests.Pages;

public class MultiInstanceTests(App app) : AppTest(app)
{
    [Fact]
    public async Task A_second_instance_reads_the_sign_in_cookie_of_the_first_through_the_keys_in_postgresql()
    {
        var first = await SignedIn("syndic@demo.koprogo.be");
        Assert.True(await Scalar<long>("select count(*) from data_protection_keys") > 0);
        var cookies = string.Join("; ", new[] { "koprogo-auth", "koprogo-lang" }.Select(name =>
            $"{name}={first.Cookie(name)}"));

        await using var second = new App(new Dictionary<string, string?>());
        second.StartServer();
        var client = new HttpClient(new SocketsHttpHandler { AllowAutoRedirect = false, UseCookies = false })
        {
            BaseAddress = new Uri(second.ServerUrl()),
        };
        var request = new HttpRequestMessage(HttpMethod.Get, "/dashboard");
        request.Headers.Add("Cookie", cookies);
        var response = await client.SendAsync(request);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("Résidence Les Tilleuls", await response.Content.ReadAsStringAsync());
    }
}
