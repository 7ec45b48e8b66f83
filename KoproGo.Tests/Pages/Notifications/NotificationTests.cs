using System.Text.RegularExpressions;
using System.Net;
using KoproGo.Tests.Support;

namespace KoproGo.Tests.Pages.Notifications;

public class NotificationTests(App app) : AppTest(app)
{
    /// <summary>The syndic records Sophie Lambert (owner@demo) as the buyer of A6.1: she has an account, so she is told.</summary>
    private async Task SellA61ToSophie()
    {
        var lot = await Scalar<long>("select id from lots where number = 'A6.1'");
        var sophie = await Scalar<long>("select id from owners where first_name = 'Sophie'");
        var response = await (await SignedIn("syndic@demo.koprogo.be")).Post($"/lots/{lot}/owners", ("EffectiveFrom", "2025-03-01"),
            ("Rows[0].OwnerId", sophie.ToString()), ("Rows[0].Share", "100%"), ("Rows[0].Right", "full"));
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
    }

    [Fact]
    public async Task A_new_owner_is_notified_in_the_app_and_by_mail_in_their_language()
    {
        await SellA61ToSophie();
        var owner = await SignedIn("owner@demo.koprogo.be");
        var count = await owner.GetRaw("/notifications?handler=count");
        Assert.Equal("1", await count.Content.ReadAsStringAsync());
        var page = await owner.Get("/notifications");
        Assert.Contains("A6.1", page.QuerySelector(".notifications li.unread")!.TextContent);

        var mail = await App.Smtp.WaitFor(m => m.To.Contains("owner@demo.koprogo.be"));
        Assert.Equal("Vos lots ont changé", mail.Subject);
        Assert.Contains("Résidence Les Tilleuls", mail.Text);
        Assert.Contains("/account/unsubscribe?token=", mail.Text);

        var id = await Scalar<long>("select id from notifications");
        Assert.Equal(HttpStatusCode.Redirect, (await owner.Post($"/notifications?handler=read&id={id}")).StatusCode);
        Assert.Equal("", await (await owner.GetRaw("/notifications?handler=count")).Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task The_link_in_the_mail_turns_notification_mails_off_after_a_confirmation_and_cannot_be_forged()
    {
        await SellA61ToSophie();
        var link = (await App.Smtp.WaitFor(m => m.To.Contains("owner@demo.koprogo.be"))).Link("/account/unsubscribe");
        var visitor = App.NewSession();
        Assert.Equal(HttpStatusCode.OK, (await visitor.GetRaw(link)).StatusCode);
        Assert.True(await Scalar<bool>("select email_notifications from users where email = 'owner@demo.koprogo.be'"));
        var token = System.Web.HttpUtility.ParseQueryString(new Uri("http://x" + link).Query)["token"]!;
        Assert.Equal(HttpStatusCode.OK, (await visitor.Post("/account/unsubscribe", ("token", token))).StatusCode);
        Assert.False(await Scalar<bool>("select email_notifications from users where email = 'owner@demo.koprogo.be'"));

        var forged = await visitor.Post("/account/unsubscribe", ("token", token[..^4] + "AAAA"));
        Assert.Equal(HttpStatusCode.Gone, forged.StatusCode);
        Assert.Equal(HttpStatusCode.Gone, (await visitor.GetRaw("/account/unsubscribe?token=1")).StatusCode);
    }

    [Fact]
    public async Task A_notification_mail_has_a_message_id_and_the_one_click_unsubscribe_headers_that_a_mail_provider_uses()
    {
        await SellA61ToSophie();
        var mail = await App.Smtp.WaitFor(m => m.To.Contains("owner@demo.koprogo.be"));
        Assert.Matches(@"^<\d+\.\d{17}@koprogo\.be>$", mail.Headers["message-id"]);
        Assert.Equal("List-Unsubscribe=One-Click", mail.Headers["list-unsubscribe-post"]);
        var url = Regex.Match(mail.Headers["list-unsubscribe"], "^<(.+)>$").Groups[1].Value;
        Assert.Equal("/account/unsubscribe", new Uri(url).AbsolutePath);
        // RFC 8058: the provider posts to that address, without cookie or form token
        var provider = App.NewSession();
        var posted = await provider.Post(new Uri(url).PathAndQuery, [new("List-Unsubscribe", "One-Click")], withToken: false);
        Assert.Equal(HttpStatusCode.OK, posted.StatusCode);
        Assert.False(await Scalar<bool>("select email_notifications from users where email = 'owner@demo.koprogo.be'"));
    }

    [Fact]
    public async Task Someone_who_turned_mail_off_is_notified_in_the_app_only()
    {
        await (await SignedIn("owner@demo.koprogo.be")).Post("/account/preferences", ("Input.Language", "fr"), ("Input.EmailNotifications", "false"));
        await SellA61ToSophie();
        Assert.Equal(1L, await Scalar<long>("select count(*) from notifications"));
        Assert.Equal(0L, await Scalar<long>("select count(*) from outbox_messages"));
    }

    [Fact]
    public async Task Nobody_reads_or_marks_someone_elses_notifications()
    {
        await SellA61ToSophie();
        var id = await Scalar<long>("select id from notifications");
        var other = await SignedIn("syndic2@demo.koprogo.be");
        Assert.Empty((await other.Get("/notifications")).QuerySelectorAll(".notifications li"));
        await other.Post($"/notifications?handler=read&id={id}");
        await other.Post("/notifications?handler=readall");
        Assert.Null(await Scalar<DateTime?>("select read_at from notifications where id = @id", new { id }));
    }
}
