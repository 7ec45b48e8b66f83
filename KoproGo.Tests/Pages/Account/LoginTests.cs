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
    public async Task Five_failures_lock_the_account_even_for_the_right_password()
    {
        var session = App.NewSession();
        for (var i = 0; i < 5; i++)
            await session.Post("/account/login", ("Input.Email", "owner@demo.koprogo.be"), ("Input.Password", "guess" + i));
        var response = await session.Post("/account/login", ("Input.Email", "owner@demo.koprogo.be"), ("Input.Password", Session.DemoPassword));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("locked", (await Session.Parse(response)).FieldError("Input.Password"));
        Assert.True(await Scalar<bool>("select locked_until > now() from users where email = 'owner@demo.koprogo.be'"));
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
