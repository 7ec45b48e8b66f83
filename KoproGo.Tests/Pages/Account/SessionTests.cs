using System.Net;
using KoproGo.Tests.Support;

namespace KoproGo.Tests.Pages.Account;

/// <summary>Sign-ins are sessions on the server: what ends them, or narrows their rights, counts at the next request.</summary>
public class SessionTests(App app) : AppTest(app)
{
    private const string AuthCookie = "koprogo-auth";

    /// <summary>Another browser holding a copy of this one's sign-in cookie (as a stolen or forgotten one would be).</summary>
    private Session CopyOf(Session session)
    {
        var copy = App.NewSession();
        copy.SetCookie(AuthCookie, session.Cookie(AuthCookie)!);
        return copy;
    }

    private static async Task AssertSignedOut(Session session, string url = "/my")
    {
        var response = await session.GetRaw(url);
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Contains("/account/login?ReturnUrl=", response.Headers.Location!.OriginalString);
    }

    [Fact]
    public async Task Signing_out_ends_the_session_on_the_server_so_a_copy_of_the_cookie_stops_working()
    {
        var owner = await SignedIn("owner@demo.koprogo.be");
        var copy = CopyOf(owner);
        await copy.Get("/my");

        Assert.Equal(HttpStatusCode.Redirect, (await owner.Post("/account/logout")).StatusCode);

        await AssertSignedOut(copy);
        Assert.Equal("signed_out", await Scalar<string>("""
            select s.ended_reason from user_sessions s join users u on u.id = s.user_id where u.email = 'owner@demo.koprogo.be'
            """));
    }

    [Fact]
    public async Task My_sessions_lists_each_device_and_signs_out_another_one()
    {
        var phone = App.NewSession();
        phone.Client.DefaultRequestHeaders.TryAddWithoutValidation("User-Agent",
            "Mozilla/5.0 (Linux; Android 9; SM-A105F) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/120.0 Mobile Safari/537.36");
        await phone.SignIn("owner@demo.koprogo.be");
        var laptop = App.NewSession("fr");
        laptop.Client.DefaultRequestHeaders.TryAddWithoutValidation("User-Agent", "Mozilla/5.0 (X11; Linux x86_64; rv:128.0) Gecko/20100101 Firefox/128.0");
        await laptop.SignIn("owner@demo.koprogo.be");

        var page = await laptop.Get("/account/sessions");
        var rows = page.QuerySelectorAll("tbody tr").ToList();
        Assert.Equal(2, rows.Count);
        var current = rows.Single(r => r.QuerySelector("form") is null);
        Assert.Contains("Firefox sur Linux", current.TextContent);
        Assert.Contains("Cet appareil", current.TextContent);
        var other = rows.Single(r => r.QuerySelector("form") is not null);
        Assert.Contains("Chrome sur Android", other.TextContent);
        Assert.Contains("127.0.0.0/24", other.TextContent);

        var response = await laptop.Post(other.QuerySelector("form")!.GetAttribute("action")!);
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        await AssertSignedOut(phone);
        await laptop.Get("/my");
        Assert.Single((await laptop.Get("/account/sessions")).QuerySelectorAll("tbody tr"));
        Assert.Equal("ended_from_another_device", await Scalar<string>("select ended_reason from user_sessions where ended_at is not null"));
    }

    [Fact]
    public async Task Signing_out_everywhere_else_keeps_only_this_device()
    {
        var first = await SignedIn("syndic@demo.koprogo.be");
        var second = await SignedIn("syndic@demo.koprogo.be");
        var here = await SignedIn("syndic@demo.koprogo.be");
        var otherUser = await SignedIn("accountant@demo.koprogo.be");

        Assert.Equal(HttpStatusCode.Redirect, (await here.Post("/account/sessions?handler=EndOthers")).StatusCode);

        await AssertSignedOut(first, "/dashboard");
        await AssertSignedOut(second, "/dashboard");
        await here.Get("/dashboard");
        await otherUser.Get("/dashboard");
    }

    [Fact]
    public async Task A_changed_or_reset_password_signs_out_the_other_devices()
    {
        var elsewhere = await SignedIn("owner@demo.koprogo.be");
        var here = await SignedIn("owner@demo.koprogo.be");
        const string next = "A much longer passphrase 2026";
        Assert.Equal(HttpStatusCode.Redirect, (await here.Post("/account/password",
            ("Input.Current", Session.DemoPassword), ("Input.New", next), ("Input.Confirm", next))).StatusCode);
        await AssertSignedOut(elsewhere);
        await here.Get("/my");

        // a reset through the mailed link ends every earlier session, this one too
        await App.NewSession().Post("/account/forgot", ("Input.Email", "owner@demo.koprogo.be"));
        var link = (await App.Smtp.WaitFor(m => m.To.Contains("owner@demo.koprogo.be"))).Link("/account/set-password");
        var reset = App.NewSession();
        Assert.Equal(HttpStatusCode.Redirect, (await reset.Post(link, ("Input.New", "Yet another passphrase 2026"), ("Input.Confirm", "Yet another passphrase 2026"))).StatusCode);
        await AssertSignedOut(here);
        await reset.Get("/my");
    }

    [Fact]
    public async Task A_withdrawn_account_and_a_removed_role_count_at_the_next_request()
    {
        var board = await SignedIn("board@demo.koprogo.be");
        var building = await Scalar<long>("""
            select r.building_id from user_roles r join users u on u.id = r.user_id where u.email = 'board@demo.koprogo.be' and r.role = 'BoardMember' limit 1
            """);
        await board.Get($"/buildings/{building}");

        // the mandate ends (the daily role sync removes the role): the board page closes at once, the rest stays open
        await Scalar<int>("""
            delete from user_roles r using users u where u.id = r.user_id and u.email = 'board@demo.koprogo.be' and r.role = 'BoardMember' returning 1
            """);
        Assert.Equal(HttpStatusCode.Forbidden, (await board.GetRaw($"/buildings/{building}")).StatusCode);
        await board.Get("/my");

        // the syndic withdraws the account: the next click signs out
        var syndic = await SignedIn("syndic@demo.koprogo.be");
        var userId = await Scalar<long>("select id from users where email = 'board@demo.koprogo.be'");
        Assert.Equal(HttpStatusCode.Redirect, (await syndic.Post($"/users?handler=Revoke&id={userId}")).StatusCode);
        await AssertSignedOut(board);
        Assert.Equal("account_withdrawn", await Scalar<string>("select ended_reason from user_sessions where user_id = @userId", new { userId }));
    }

    [Fact]
    public async Task A_session_unused_for_eight_hours_or_older_than_two_weeks_has_lapsed()
    {
        var idle = await SignedIn("owner@demo.koprogo.be");
        var old = await SignedIn("syndic@demo.koprogo.be");
        await Scalar<int>("""
            update user_sessions s set last_seen_at = now() - interval '8 hours 1 minute', created_at = now() - interval '9 hours'
            from users u where u.id = s.user_id and u.email = 'owner@demo.koprogo.be' returning 1
            """);
        await Scalar<int>("""
            update user_sessions s set last_seen_at = now(), created_at = now() - interval '14 days 1 minute'
            from users u where u.id = s.user_id and u.email = 'syndic@demo.koprogo.be' returning 1
            """);
        await AssertSignedOut(idle);
        await AssertSignedOut(old, "/dashboard");
    }

    [Fact]
    public async Task Nobody_signs_out_another_persons_session_by_guessing_its_number()
    {
        var syndic = await SignedIn("syndic@demo.koprogo.be");
        var syndic2 = await SignedIn("syndic2@demo.koprogo.be");
        var owner = await SignedIn("owner@demo.koprogo.be");
        foreach (var email in new[] { "syndic@demo.koprogo.be", "syndic2@demo.koprogo.be" })
        {
            var id = await Scalar<long>("select s.id from user_sessions s join users u on u.id = s.user_id where u.email = @email", new { email });
            Assert.Equal(HttpStatusCode.NotFound, (await owner.Post($"/account/sessions?handler=End&id={id}")).StatusCode);
        }
        await syndic.Get("/dashboard");
        await syndic2.Get("/dashboard");
        Assert.Equal(0L, await Scalar<long>("select count(*) from user_sessions where ended_at is not null"));
        // nor their own current one through the "other device" button
        var own = await Scalar<long>("select s.id from user_sessions s join users u on u.id = s.user_id where u.email = 'owner@demo.koprogo.be'");
        await owner.Post($"/account/sessions?handler=End&id={own}");
        await owner.Get("/my");
    }

    [Fact]
    public async Task The_database_keeps_an_ended_session_ended()
    {
        await SignedIn("owner@demo.koprogo.be");
        await Scalar<int>("update user_sessions set ended_at = now(), ended_reason = 'signed_out' returning 1");
        var error = await Assert.ThrowsAsync<Npgsql.PostgresException>(() => Scalar<int>("update user_sessions set ended_at = null, ended_reason = null returning 1"));
        Assert.Equal("user_sessions_ended_is_final", error.ConstraintName);
        Assert.Equal(32, await Scalar<int>("select length(key_hash) from user_sessions"));
    }
}
