using Dapper;
using MailKit.Net.Smtp;
using MailKit.Security;
using MimeKit;
using MimeKit.Cryptography;
using Microsoft.Extensions.Options;
using Npgsql;

namespace KoproGo.Web.Infrastructure.Mail;

/// <summary>
/// Sends the outbox over SMTP with MailKit. Each message is claimed with <c>for update skip locked</c>, so several
/// instances never send the same one; a failure is retried later with a doubling delay, and marked failed after the last
/// attempt. A message keeps its Message-ID across attempts.
/// </summary>
public sealed class OutboxSender(NpgsqlDataSource source, IOptions<MailOptions> options, ILogger<OutboxSender> log) : BackgroundService
{
    public sealed record Message(long Id, string ToAddress, string? ToName, string Subject, string HtmlBody, string TextBody, int Attempts,
        DateTime CreatedAt, string? UnsubscribeUrl, string? RequestId = null);

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
            select id, to_address, to_name, subject, html_body, text_body, attempts, created_at, unsubscribe_url, request_id from outbox_messages
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
            Metrics.MailsSent.Add(1);
        }
        catch (Exception e) when (e is MailKit.ProtocolException or MailKit.CommandException or AuthenticationException or SslHandshakeException
                                       or IOException or System.Net.Sockets.SocketException or InvalidOperationException or TimeoutException)
        {
            Metrics.MailAttemptsFailed.Add(1);
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
        var mail = Compose(o, m, attachments);
        using var client = new SmtpClient { Timeout = 15_000 };
        var security = o.Smtps ? SecureSocketOptions.SslOnConnect : o.EnableSsl ? SecureSocketOptions.StartTls : SecureSocketOptions.None;
        await client.ConnectAsync(o.Host, o.Port, security, cancellationToken);
        if (o.User is not null) await client.AuthenticateAsync(o.User, o.Password ?? "", cancellationToken);
        await client.SendAsync(mail, cancellationToken);
        await client.DisconnectAsync(quit: true, cancellationToken);
    }

    /// <summary>
    /// The message as it goes out: text and HTML alternatives, each file as an attachment with its name, a Message-ID
    /// made of the outbox id and its date (the same at every attempt, unique to this installation's sender domain), the
    /// one-click unsubscribe headers on notifications (RFC 8058), the id of the request that queued it (as in the logs), and a DKIM signature when a key is configured.
    /// </summary>
    public static MimeMessage Compose(MailOptions o, Message m, IEnumerable<MailAttachment> attachments)
    {
        var from = MailboxAddress.Parse(o.From);
        var mail = new MimeMessage { Subject = m.Subject, Date = m.CreatedAt };
        mail.From.Add(from);
        mail.To.Add(new MailboxAddress(m.ToName ?? "", m.ToAddress));
        mail.MessageId = $"{m.Id}.{m.CreatedAt.ToUniversalTime():yyyyMMddHHmmssfff}@{from.Domain}";
        if (m.RequestId is not null) mail.Headers.Add("X-Request-Id", m.RequestId);
        if (m.UnsubscribeUrl is not null)
        {
            mail.Headers.Add("List-Unsubscribe", $"<{m.UnsubscribeUrl}>");
            mail.Headers.Add("List-Unsubscribe-Post", "List-Unsubscribe=One-Click");
        }
        var body = new BodyBuilder { TextBody = m.TextBody, HtmlBody = m.HtmlBody };
        foreach (var a in attachments)
        {
            var part = (MimePart)body.Attachments.Add(a.FileName, a.Content, ContentType.Parse(a.ContentType));
            part.ContentTransferEncoding = ContentEncoding.Base64;
        }
        mail.Body = body.ToMessageBody();
        if (o.DkimKeyFile is not null && o.DkimDomain is not null && o.DkimSelector is not null)
        {
            var signer = new DkimSigner(o.DkimKeyFile, o.DkimDomain, o.DkimSelector)
            {
                HeaderCanonicalizationAlgorithm = DkimCanonicalizationAlgorithm.Relaxed,
                BodyCanonicalizationAlgorithm = DkimCanonicalizationAlgorithm.Relaxed,
            };
            mail.Prepare(EncodingConstraint.SevenBit);
            signer.Sign(mail, [HeaderId.From, HeaderId.To, HeaderId.Subject, HeaderId.Date, HeaderId.MessageId, HeaderId.ContentType]);
        }
        return mail;
    }
}
