using Microsoft.Extensions.Options;

namespace KoproGo.Web.Infrastructure.Mail;

/// <summary>Who pays attention to a mail: legal ones always go out, notifications only to those who want them.</summary>
public static class MailKinds
{
    public const string Legal = "legal";
    public const string Account = "account";
    public const string Notification = "notification";
}

/// <summary>The building and syndic shown at the foot of a mail about a building.</summary>
public sealed record MailFooter(string BuildingName, string SyndicName, string SyndicEmail, string SyndicPhone)
{
    public static Task<MailFooter> Of(Db db, long buildingId) => db.QuerySingle<MailFooter>(
        "select name as building_name, syndic_name, syndic_email, syndic_phone from buildings where id = @buildingId", new { buildingId });
}

/// <summary>A mail a feature wants sent: the template under Emails/ and its model, rendered in the recipient's language.</summary>
public sealed record MailAttachment(string FileName, string ContentType, byte[] Content);

public sealed record MailRequest(string ToAddress, string? ToName, string Language, string Kind, string Template, object Model)
{
    public long? OrganisationId { get; init; }
    public long? BuildingId { get; init; }
    public MailFooter? Footer { get; init; }
    /// <summary>Set by scheduled jobs: a second mail with the same key is not queued.</summary>
    public string? DedupeKey { get; init; }
    /// <summary>Files sent with the mail (a call for funds as PDF, an invitation as ICS).</summary>
    public IReadOnlyList<MailAttachment> Attachments { get; init; } = [];
    /// <summary>For notifications: the signed token of the one-click link that turns them off.</summary>
    public string? UnsubscribeToken { get; init; }
}

/// <summary>Queues mail inside the caller's transaction; <see cref="OutboxSender"/> sends it.</summary>
public sealed class Outbox(RazorRenderer renderer, IOptions<MailOptions> options, IHttpContextAccessor http)
{
    public string Link(string pathAndQuery) => options.Value.BaseUrl.TrimEnd('/') + pathAndQuery;

    /// <summary>The host of the public address: what makes an identifier (a calendar event's UID) unique to this installation.</summary>
    public string PublicHost => new Uri(options.Value.BaseUrl).Host;

    /// <summary>Renders and queues the mail; null when a mail with the same dedupe key was queued before.</summary>
    public async Task<long?> Enqueue(Db db, MailRequest mail)
    {
        var unsubscribeUrl = mail.UnsubscribeToken is null ? null : Link($"/account/unsubscribe?token={Uri.EscapeDataString(mail.UnsubscribeToken)}");
        var rendered = await renderer.Render($"/Emails/{mail.Template}.cshtml", mail.Model, mail.Language, new Dictionary<string, object?>
        {
            ["Footer"] = mail.Footer,
            ["UnsubscribeUrl"] = unsubscribeUrl,
        });
        var subject = rendered.ViewData["Subject"] as string
            ?? throw new InvalidOperationException($"Emails/{mail.Template}.cshtml sets no ViewData[\"Subject\"]");
        var id = await db.Scalar<long?>("""
            insert into outbox_messages (organisation_id, building_id, to_address, to_name, language, kind, subject, html_body, text_body, dedupe_key, unsubscribe_url, request_id)
            values (@OrganisationId, @BuildingId, @ToAddress, @ToName, @Language, @Kind, @subject, @html, @text, @DedupeKey, @unsubscribeUrl, @requestId)
            on conflict (dedupe_key) do nothing
            returning id
            """, new
        {
            mail.OrganisationId, mail.BuildingId, mail.ToAddress, mail.ToName, mail.Language, mail.Kind, subject,
            html = rendered.Html, text = HtmlToText.Convert(rendered.Html), mail.DedupeKey, unsubscribeUrl,
            // null for the mails of scheduled jobs: they have no request
            requestId = http.HttpContext?.TraceIdentifier,
        });
        foreach (var a in id is null ? [] : mail.Attachments)
            await db.Execute("insert into outbox_attachments (message_id, file_name, content_type, content) values (@id, @FileName, @ContentType, @Content)",
                new { id, a.FileName, a.ContentType, a.Content });
        return id;
    }
}
