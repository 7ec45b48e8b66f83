using KoproGo.Tests.Support;
using Microsoft.Extensions.DependencyInjection;

namespace KoproGo.Tests.Pages.Account;

/// <summary>The outbox and its sender against a real SMTP server that goes down and comes back.</summary>
public class MailDeliveryTests(App app) : AppTest(app)
{
    [Fact]
    public async Task Mail_queued_while_the_server_is_down_arrives_once_when_it_is_back()
    {
        App.Smtp.Stop();
        try
        {
            string[] people = ["owner@demo.koprogo.be", "syndic@demo.koprogo.be", "accountant@demo.koprogo.be"];
            foreach (var email in people) await App.NewSession().Post("/account/forgot", ("Input.Email", email));
            for (var i = 0; i < 100 && await Scalar<long>("select count(*) from outbox_messages where attempts >= 1") < 3; i++) await Task.Delay(100);
            Assert.Equal(3L, await Scalar<long>("select count(*) from outbox_messages where status = 'pending' and attempts >= 1 and last_error is not null"));
        }
        finally
        {
            await App.Smtp.Start();
        }
        for (var i = 0; i < 150 && await Scalar<long>("select count(*) from outbox_messages where status = 'sent'") < 3; i++) await Task.Delay(100);
        Assert.Equal(3L, await Scalar<long>("select count(*) from outbox_messages where status = 'sent'"));
        await Task.Delay(500);
        var delivered = App.Smtp.Messages();
        Assert.Equal(3, delivered.Count);
        Assert.Equal(3, delivered.Select(m => m.To).Distinct().Count());
        Assert.All(delivered, m => Assert.False(string.IsNullOrWhiteSpace(m.Text)));
    }

    [Fact]
    public async Task A_mail_queued_twice_with_the_same_key_is_sent_once()
    {
        await using var scope = App.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<KoproGo.Web.Infrastructure.Db>();
        var outbox = scope.ServiceProvider.GetRequiredService<KoproGo.Web.Infrastructure.Mail.Outbox>();
        var reminder = new KoproGo.Web.Infrastructure.Mail.MailRequest("owner@demo.koprogo.be", "Sophie Lambert", "fr",
            KoproGo.Web.Infrastructure.Mail.MailKinds.Notification, "Notification",
            new KoproGo.Web.Infrastructure.Notifier.Mail("Rappel", "Votre prêt se termine demain.", null)) { DedupeKey = "loan-42-due-2026-11-22" };
        await db.Begin();
        Assert.NotNull(await outbox.Enqueue(db, reminder));
        Assert.Null(await outbox.Enqueue(db, reminder));
        await db.Commit();
        await db.Release();
        Assert.Equal(1L, await Scalar<long>("select count(*) from outbox_messages"));
    }

    [Fact]
    public async Task The_language_chosen_in_the_preferences_is_the_language_of_the_next_mail()
    {
        var owner = await SignedIn("owner@demo.koprogo.be");
        var response = await owner.Post("/account/preferences", ("Input.Language", "de"), ("Input.EmailNotifications", "false"));
        Assert.Equal(System.Net.HttpStatusCode.Redirect, response.StatusCode);
        Assert.False(await Scalar<bool>("select email_notifications from users where email = 'owner@demo.koprogo.be'"));
        await App.NewSession().Post("/account/forgot", ("Input.Email", "owner@demo.koprogo.be"));
        var mail = await App.Smtp.WaitFor(m => m.To.Contains("owner@demo.koprogo.be"));
        Assert.Equal("Wählen Sie ein neues KoproGo-Passwort", mail.Subject);
    }

    [Fact]
    public async Task The_development_mailbox_does_not_exist_outside_development()
    {
        var syndic = await SignedIn("syndic@demo.koprogo.be");
        Assert.Equal(System.Net.HttpStatusCode.NotFound, (await syndic.GetRaw("/dev/mailbox")).StatusCode);
    }
}
