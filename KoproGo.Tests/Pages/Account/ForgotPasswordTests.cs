using System.Net;
using KoproGo.Tests.Support;

namespace KoproGo.Tests.Pages.Account;

public class ForgotPasswordTests(App app) : AppTest(app)
{
    private async Task<string> AskForLink(string email)
    {
        var response = await App.NewSession().Post("/account/forgot", ("Input.Email", email));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return (await Session.Parse(response)).MainText();
    }

    [Fact]
    public async Task A_reset_link_arrives_in_the_owners_language_and_sets_a_new_password_once()
    {
        await AskForLink("owner@demo.koprogo.be");
        var mail = await App.Smtp.WaitFor(m => m.To.Contains("owner@demo.koprogo.be"));
        Assert.Equal("Choisissez un nouveau mot de passe KoproGo", mail.Subject);
        Assert.Contains("Sophie Lambert", mail.Html);
        var link = mail.Link("/account/set-password");

        var session = App.NewSession();
        const string next = "Un nouveau mot de passe 2026";
        var response = await session.Post(link, ("Input.New", next), ("Input.Confirm", next));
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await session.GetRaw("/my")).StatusCode);
        await App.NewSession().SignIn("owner@demo.koprogo.be", next);

        var reused = await App.NewSession().GetRaw(link);
        Assert.Equal(HttpStatusCode.Gone, reused.StatusCode);
        Assert.Contains("already been used", (await Session.Parse(reused)).MainText());
    }

    [Fact]
    public async Task An_unknown_address_gets_the_same_answer_and_no_mail()
    {
        var unknown = await AskForLink("nobody@example.be");
        var known = await AskForLink("syndic@demo.koprogo.be");
        Assert.Equal(known, unknown);
        await App.Smtp.WaitFor(m => m.To.Contains("syndic@demo.koprogo.be"));
        Assert.Equal(1L, await Scalar<long>("select count(*) from outbox_messages"));
    }

    [Fact]
    public async Task An_expired_or_mangled_link_shows_a_clear_page()
    {
        await AskForLink("owner@demo.koprogo.be");
        var link = (await App.Smtp.WaitFor(m => m.To.Contains("owner@demo.koprogo.be"))).Link("/account/set-password");
        await Scalar<int>("update account_tokens set expires_at = now() - interval '1 minute' returning 1");
        var expired = await App.NewSession().GetRaw(link);
        Assert.Equal(HttpStatusCode.Gone, expired.StatusCode);
        Assert.Contains("expired", (await Session.Parse(expired)).MainText());
        var posted = await App.NewSession().Post(link, ("Input.New", "Whatever long enough 1"), ("Input.Confirm", "Whatever long enough 1"));
        Assert.Equal(HttpStatusCode.Gone, posted.StatusCode);

        var mangled = await App.NewSession().GetRaw("/account/set-password?token=../../etc/passwd");
        Assert.Equal(HttpStatusCode.Gone, mangled.StatusCode);
        Assert.Contains("not valid", (await Session.Parse(mangled)).MainText());
    }

    [Fact]
    public async Task A_malformed_address_is_refused_by_the_field()
    {
        var response = await App.NewSession().Post("/account/forgot", ("Input.Email", "owner@"));
        var page = await Session.Parse(response);
        Assert.NotNull(page.FieldError("Input.Email"));
        Assert.Equal("owner@", page.FieldValue("Input.Email"));
    }
}
