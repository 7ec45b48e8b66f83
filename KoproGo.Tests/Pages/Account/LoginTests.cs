using System.Net;
using KoproGo.Tests.Support;

namespace KoproGo.Tests.Pages.Account;

public class LoginTests(App app) : AppTest(app)
{
    [Theory]
    [InlineData("syndic@demo.koprogo.be", "/dashboard")]
    [InlineData("accountant@demo.koprogo.be", "/dashboard")]
    [InlineData("board@demo.koprogo.be", "/dashboard")]
    [InlineData("owner@demo.koprogo.be", "/my")]
    [InlineData("admin@demo.koprogo.be", "/admin")]
    public async Task Each_role_lands_on_its_own_start_page(string email, string start)
    {
        var session = await SignedIn(email);
        var home = await session.GetRaw("/");
        Assert.Equal(HttpStatusCode.Redirect, home.StatusCode);
        Assert.Equal(start, home.Headers.Location!.OriginalString);
        Assert.Equal(HttpStatusCode.OK, (await session.GetRaw(start)).StatusCode);
    }

    [Fact]
    public async Task Anonymous_visitors_are_sent_to_the_sign_in_page()
    {
        var response = await App.NewSession().GetRaw("/buildings/1");
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.StartsWith("/account/login", response.Headers.Location!.PathAndQuery());
    }

    [Fact]
    public async Task A_wrong_password_keeps_the_email_and_says_so_by_the_field()
    {
        var session = App.NewSession();
        var response = await session.Post("/account/login", ("Input.Email", "syndic@demo.koprogo.be"), ("Input.Password", "wrong"));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var page = await Session.Parse(response);
        Assert.Equal("syndic@demo.koprogo.be", page.FieldValue("Input.Email"));
        Assert.Equal("", page.FieldValue("Input.Password"));
        Assert.Contains("incorrect", page.FieldError("Input.Password"));
    }

    [Fact]
    public async Task Unknown_and_known_addresses_get_the_same_answer()
    {
        var session = App.NewSession();
        var unknown = await Session.Parse(await session.Post("/account/login", ("Input.Email", "nobody@example.be"), ("Input.Password", "x")));
        var known = await Session.Parse(await session.Post("/account/login", ("Input.Email", "owner@demo.koprogo.be"), ("Input.Password", "x")));
        Assert.Equal(known.FieldError("Input.Password"), unknown.FieldError("Input.Password"));
    }

    [Fact]
    public async Task Empty_fields_are_named_next_to_each_field()
    {
        var page = await Session.Parse(await App.NewSession().Post("/account/login", ("Input.Email", ""), ("Input.Password", "")));
        Assert.NotNull(page.FieldError("Input.Email"));
        Assert.NotNull(page.FieldError("Input.Password"));
    }

    [Fact]
    public async Task Five_failures_slow_down_this_client_on_this_address_alike_for_known_and_unknown_ones_and_never_lock_the_owner_out()
    {
        async Task<string?> Answer(Session session, string email, string password) =>
            (await Session.Parse(await session.Post("/account/login", ("Input.Email", email), ("Input.Password", password)))).FieldError("Input.Password");
        var guesser = App.NewSession();
        var answers = new List<string?>();
        foreach (var email in new[] { "owner@demo.koprogo.be", "nobody@demo.koprogo.be" })
            for (var i = 0; i < 6; i++) answers.Add(await Answer(guesser, email, "guess" + i));
        // the same answers for a real account and for an address without one: nothing tells them apart
        Assert.Equal(answers[..6], answers[6..]);
        Assert.Equal(Enumerable.Repeat("E-mail address or password is incorrect.", 5), answers[..5]);
        Assert.Equal("Too many failed attempts: wait a few minutes before trying again.", answers[5]);
        // the right password from the same client waits too…
        Assert.Equal(answers[5], await Answer(guesser, "owner@demo.koprogo.be", Session.DemoPassword));
        // …but the owner, elsewhere, signs in: a stranger cannot lock them out
        var owner = App.NewSession();
        var signIn = await owner.Post("/account/login", [new("Input.Email", "owner@demo.koprogo.be"), new("Input.Password", Session.DemoPassword)],
            configure: r => r.Headers.Add("X-Forwarded-For", "192.0.2.44"));
        Assert.Equal(HttpStatusCode.Redirect, signIn.StatusCode);
        // once the wait is over (here: the last failure moved back in time), the right password works again from there too
        await Scalar<int>("update login_failures set last_failed_at = now() - interval '16 minutes' returning 1");
        Assert.Equal(HttpStatusCode.Redirect, (await guesser.Post("/account/login", ("Input.Email", "owner@demo.koprogo.be"), ("Input.Password", Session.DemoPassword))).StatusCode);
    }

    [Fact]
    public async Task Signing_out_ends_the_session()
    {
        var session = await SignedIn("syndic@demo.koprogo.be");
        var response = await session.Post("/account/logout");
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Equal(HttpStatusCode.Redirect, (await session.GetRaw("/dashboard")).StatusCode);
    }

    [Fact]
    public async Task A_form_posted_without_its_antiforgery_token_is_refused()
    {
        var session = await SignedIn("syndic@demo.koprogo.be");
        var response = await session.Post("/owners/new", [new("Input.Kind", "natural"), new("Input.LastName", "Forged")], withToken: false);
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal(0L, await Scalar<long>("select count(*) from owners where last_name = 'Forged'"));
    }
}

public static class UriExtensions
{
    public static string PathAndQuery(this Uri uri) => uri.IsAbsoluteUri ? uri.PathAndQuery : uri.OriginalString;
}
