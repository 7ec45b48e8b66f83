using System.Net;
using KoproGo.Tests.Support;

namespace KoproGo.Tests.Pages.Users;

public class InvitationTests(App app) : AppTest(app)
{
    private async Task<(Session Syndic, long Owner)> InviteJean(string email = "jean.dupont@example.be", string language = "nl")
    {
        var syndic = await SignedIn("syndic@demo.koprogo.be");
        var owner = await Scalar<long>("select id from owners where last_name = 'Dupont'");
        var response = await syndic.Post("/users/invite", ("Input.Email", email), ("Input.Name", "Jean Dupont"), ("Input.Language", language),
            ("Input.Role", "Owner"), ("Input.OwnerId", owner.ToString()), ("Input.BuildingId", ""));
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        return (syndic, owner);
    }

    [Fact]
    public async Task An_invited_owner_gets_a_mail_in_their_language_chooses_a_password_and_sees_their_lots()
    {
        await InviteJean();
        var mail = await App.Smtp.WaitFor(m => m.To.Contains("jean.dupont@example.be"));
        Assert.Equal("Syndic Horizon SRL nodigt u uit op KoproGo", mail.Subject);
        var link = mail.Link("/account/set-password");

        var jean = App.NewSession();
        Assert.Equal(HttpStatusCode.OK, (await jean.GetRaw(link)).StatusCode);
        const string password = "Jean's own password 2026";
        var saved = await jean.Post(link, ("Input.New", password), ("Input.Confirm", password));
        Assert.Equal(HttpStatusCode.Redirect, saved.StatusCode);
        var my = await jean.Get("/my");
        Assert.Contains("A1.1", my.Texts("main tbody th"));
        Assert.Equal("invited", await Scalar<string>("select action from audit_log where entity = 'user'"));
    }

    [Fact]
    public async Task An_invitation_not_yet_accepted_cannot_sign_in()
    {
        await InviteJean();
        var response = await App.NewSession().Post("/account/login", ("Input.Email", "jean.dupont@example.be"), ("Input.Password", ""));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var guess = await App.NewSession().Post("/account/login", ("Input.Email", "jean.dupont@example.be"), ("Input.Password", "anything at all"));
        Assert.Contains("incorrect", (await Session.Parse(guess)).FieldError("Input.Password"));
    }

    [Fact]
    public async Task A_new_invitation_replaces_the_old_link_and_a_withdrawn_one_opens_nothing()
    {
        var (syndic, _) = await InviteJean();
        var first = (await App.Smtp.WaitFor(m => m.To.Contains("jean.dupont"))).Link("/account/set-password");
        var user = await Scalar<long>("select id from users where email = 'jean.dupont@example.be'");
        Assert.Equal(HttpStatusCode.Redirect, (await syndic.Post($"/users?handler=reinvite&id={user}")).StatusCode);
        await App.Smtp.WaitFor(m => m.To.Contains("jean.dupont") && m.Link("/account/set-password") != first);
        var old = await App.NewSession().GetRaw(first);
        Assert.Equal(HttpStatusCode.Gone, old.StatusCode);
        Assert.Contains("withdrawn", (await Session.Parse(old)).MainText());

        var second = App.Smtp.Messages().Last(m => m.To.Contains("jean.dupont")).Link("/account/set-password");
        Assert.Equal(HttpStatusCode.Redirect, (await syndic.Post($"/users?handler=revoke&id={user}")).StatusCode);
        Assert.Equal(HttpStatusCode.Gone, (await App.NewSession().GetRaw(second)).StatusCode);
        Assert.NotNull(await Scalar<DateTime?>("select disabled_at from users where id = @user", new { user }));
    }

    [Theory]
    [InlineData("Input.Email", "jean.dupont@")]
    [InlineData("Input.Email", "owner@demo.koprogo.be")]
    [InlineData("Input.Name", "")]
    [InlineData("Input.OwnerId", "")]
    [InlineData("Input.Role", "SuperAdmin")]
    public async Task Bad_invitations_are_refused_by_the_field_and_send_nothing(string field, string value)
    {
        var syndic = await SignedIn("syndic@demo.koprogo.be");
        var owner = await Scalar<long>("select id from owners where last_name = 'Dupont'");
        var fields = new Dictionary<string, string>
        {
            ["Input.Email"] = "jean.dupont@example.be", ["Input.Name"] = "Jean Dupont", ["Input.Language"] = "fr",
            ["Input.Role"] = "Owner", ["Input.OwnerId"] = owner.ToString(), [field] = value,
        };
        var response = await syndic.Post("/users/invite", fields);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var page = await Session.Parse(response);
        Assert.False(string.IsNullOrEmpty(page.FieldError(field)), $"no message by {field}");
        Assert.Equal(0L, await Scalar<long>("select count(*) from outbox_messages"));
        Assert.Equal(0L, await Scalar<long>("select count(*) from users where email = 'jean.dupont@example.be'"));
    }

    [Fact]
    public async Task Another_firm_cannot_reinvite_or_withdraw_our_accounts()
    {
        var owner = await Scalar<long>("select id from users where email = 'owner@demo.koprogo.be'");
        var other = await SignedIn("syndic2@demo.koprogo.be");
        Assert.Equal(HttpStatusCode.NotFound, (await other.Post($"/users?handler=revoke&id={owner}")).StatusCode);
        Assert.Null(await Scalar<DateTime?>("select disabled_at from users where id = @owner", new { owner }));
        Assert.Equal(HttpStatusCode.Forbidden, (await (await SignedIn("owner@demo.koprogo.be")).GetRaw("/users")).StatusCode);
    }
}
