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
    public async Task With_a_dkim_key_configured_a_mail_is_signed_and_an_independent_verifier_accepts_it()
    {
        using var rsa = System.Security.Cryptography.RSA.Create(2048);
        var keyFile = Path.GetTempFileName();
        var raw = Path.GetTempFileName();
        try
        {
            await File.WriteAllTextAsync(keyFile, rsa.ExportRSAPrivateKeyPem());
            var options = new KoproGo.Web.Infrastructure.Mail.MailOptions { DkimKeyFile = keyFile, DkimDomain = "koprogo.be", DkimSelector = "mail2026" };
            var message = new KoproGo.Web.Infrastructure.Mail.OutboxSender.Message(7, "sophie.lambert@example.be", "Sophie Lambert", "Convocation à l'assemblée",
                "<p>Résidence Les Tilleuls</p>", "Résidence Les Tilleuls", 0, DateTime.UtcNow, null);
            var mail = KoproGo.Web.Infrastructure.Mail.OutboxSender.Compose(options, message,
                [new KoproGo.Web.Infrastructure.Mail.MailAttachment("convocation.pdf", "application/pdf", [0x25, 0x50, 0x44, 0x46])]);
            await using (var file = File.Create(raw)) await mail.WriteToAsync(file);
            Assert.Contains("d=koprogo.be", mail.Headers[MimeKit.HeaderId.DkimSignature]);
            // Debian's python3-dkim checks the bytes as they would be sent, given the key as DNS would give mail2026._domainkey.koprogo.be
            var record = "v=DKIM1; k=rsa; p=" + Convert.ToBase64String(rsa.ExportSubjectPublicKeyInfo());
            var script = "import dkim,sys; m=open(sys.argv[1],'rb').read(); "
                + "print(dkim.verify(m, dnsfunc=lambda name, timeout=5: sys.argv[2].encode() if name == b'mail2026._domainkey.koprogo.be.' else b''))";
            async Task<string> Verify()
            {
                using var verify = System.Diagnostics.Process.Start(new System.Diagnostics.ProcessStartInfo("/usr/bin/python3", ["-c", script, raw, record])
                    { RedirectStandardOutput = true, RedirectStandardError = true })!;
                var output = (await verify.StandardOutput.ReadToEndAsync()).Trim() + await verify.StandardError.ReadToEndAsync();
                await verify.WaitForExitAsync();
                return output;
            }
            Assert.Equal("True", await Verify());
            // a byte changed in the body, and the verifier refuses it: the check can fail
            await File.WriteAllTextAsync(raw, (await File.ReadAllTextAsync(raw)).Replace("Tilleuls", "Tilleulz"));
            Assert.Equal("False", await Verify());
        }
        finally
        {
            File.Delete(keyFile);
            File.Delete(raw);
        }
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
