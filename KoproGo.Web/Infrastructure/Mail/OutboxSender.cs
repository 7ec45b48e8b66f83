using System.Net;
using System.Net.Mail;
using System.Text;
using Dapper;
using Microsoft.Extensions.Options;
using Npgsql;

namespace KoproGo.Web.Infrastructure.Mail;

/// <summary>
/// Sends the outbox over SMTP. Each message is claimed with <c>for update skip locked</c>, so several instances never
/// send the same one; a failure is retried later with a doubling delay, and marked failed after the last attempt.
/// </summary>
public sealed class OutboxSender(NpgsqlDataSource source, IOptions<MailOptions> options, ILogger<OutboxSender> log) : BackgroundService
{
    private sealed record Message(long Id, string ToAddress, string? ToName, string Subject, string HtmlBody, string TextBody, int Attempts);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(TimeSpan.FromSeconds(options.Value.PollSeconds));
        do
        {
            try
            {
                while (await SendNext(stoppingToken)) { }
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                log.LogError(e, "The outbox could not be read");
            }
        }
        while (await timer.WaitForNextTickAsync(stoppingToken));
    }

    /// <summary>Sends the oldest due message, if any; false when nothing is due.</summary>
    public async Task<bool> SendNext(CancellationToken cancellationToken)
    {
        var o = options.Value;
        await using var conn = await source.OpenConnectionAsync(cancellationToken);
        await using var tx = await conn.BeginTransactionAsync(cancellationToken);
        var message = await conn.QuerySingleOrDefaultAsync<Message>("""
            select id, to_address, to_name, subject, html_body, text_body, attempts from outbox_messages
            where status = 'pending' and next_attempt_at <= now()
            order by id limit 1
            for update skip locked
            """, transaction: tx);
        if (message is null) return false;
        var attachments = await conn.QueryAsync<MailAttachment>(
            "select file_name, content_type, content from outbox_attachments where message_id = @Id order by id", message, tx);
        try
        {
            await Send(o, message, attachments, cancellationToken);
            await conn.ExecuteAsync("update outbox_messages set status = 'sent', sent_at = now(), attempts = attempts + 1, last_error = null where id = @Id",
                message, tx);
        }
        catch (Exception e) when (e is SmtpException or IOException or System.Net.Sockets.SocketException or InvalidOperationException or TimeoutException)
        {
            var attempts = message.Attempts + 1;
            var delay = TimeSpan.FromSeconds(Math.Min(3600, o.RetryBaseSeconds * Math.Pow(2, attempts - 1)));
            await conn.ExecuteAsync("""
                update outbox_messages
                set attempts = @attempts, last_error = @error, next_attempt_at = now() + @delay,
                    status = case when @attempts >= @max then 'failed' else 'pending' end
                where id = @Id
                """, new { message.Id, attempts, error = e.GetBaseException().Message, delay, max = o.MaxAttempts }, tx);
            log.LogWarning("Mail {Id} not sent (attempt {Attempts}): {Error}", message.Id, attempts, e.GetBaseException().Message);
        }
        await tx.CommitAsync(cancellationToken);
        return true;
    }

    private static async Task Send(MailOptions o, Message m, IEnumerable<MailAttachment> attachments, CancellationToken cancellationToken)
    {
        using var client = new SmtpClient(o.Host, o.Port) { EnableSsl = o.EnableSsl, Timeout = 15_000 };
        if (o.User is not null) client.Credentials = new NetworkCredential(o.User, o.Password);
        using var mail = new MailMessage
        {
            From = new MailAddress(o.From),
            Subject = m.Subject,
            SubjectEncoding = Encoding.UTF8,
            HeadersEncoding = Encoding.UTF8,
            Body = m.TextBody,
            BodyEncoding = Encoding.UTF8,
        };
        mail.To.Add(new MailAddress(m.ToAddress, m.ToName, Encoding.UTF8));
        mail.AlternateViews.Add(AlternateView.CreateAlternateViewFromString(m.HtmlBody, Encoding.UTF8, "text/html"));
        foreach (var a in attachments)
            mail.Attachments.Add(new Attachment(new MemoryStream(a.Content), a.FileName, a.ContentType));
        await client.SendMailAsync(mail, cancellationToken);
    }
}
