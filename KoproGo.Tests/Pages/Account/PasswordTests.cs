using System.Net;
using KoproGo.Tests.Support;

namespace KoproGo.Tests.Pages.Account;

public class PasswordTests(App app) : AppTest(app)
{
    [Fact]
    public async Task Bad_input_is_explained_by_each_field_and_changes_nothing()
    {
        var session = await SignedIn("owner@demo.koprogo.be");
        var response = await session.Post("/account/password", ("Input.Current", "not-it"), ("Input.New", "short"), ("Input.Confirm", "other"));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var page = await Session.Parse(response);
        Assert.NotNull(page.FieldError("Input.Current"));
        Assert.NotNull(page.FieldError("Input.New"));
        Assert.NotNull(page.FieldError("Input.Confirm"));
        Assert.Equal("", page.FieldValue("Input.New"));
        await App.NewSession().SignIn("owner@demo.koprogo.be");
    }

    [Fact]
    public async Task A_changed_password_is_the_one_that_signs_in()
    {
        var session = await SignedIn("owner@demo.koprogo.be");
        const string next = "A much longer passphrase 2026";
        var response = await session.Post("/account/password", ("Input.Current", Session.DemoPassword), ("Input.New", next), ("Input.Confirm", next));
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.NotNull((await session.Get("/account/password")).QuerySelector(".notice[role=status]"));

        var old = await App.NewSession().Post("/account/login", ("Input.Email", "owner@demo.koprogo.be"), ("Input.Password", Session.DemoPassword));
        Assert.Equal(HttpStatusCode.OK, old.StatusCode);
        await App.NewSession().SignIn("owner@demo.koprogo.be", next);
    }
}
