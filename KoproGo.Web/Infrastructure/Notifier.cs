using KoproGo.Web.Infrastructure.Mail;

namespace KoproGo.Web.Infrastructure;

/// <summary>
/// Tells people something happened: one call records a notification for each recipient (in their language) and queues
/// the same news by e-mail for those who want notifications by mail, all in the caller's transaction.
/// Title and body are resource keys with their arguments.
/// </summary>
public sealed class Notifier(Outbox outbox, Microsoft.AspNetCore.DataProtection.IDataProtectionProvider protection)
{
    public sealed record News(string TitleKey, object[] TitleArgs, string BodyKey, object[] BodyArgs, string? Link);

    public sealed record Mail(string Title, string Body, string? Link);

    private sealed record Recipient(long Id, long OrganisationId, string Email, string DisplayName, string Language, bool EmailNotifications);

    /// <param name="mailEveryone">Mail also those who read notifications in the app only (an emergency for the syndic).</param>
    public async Task Send(Db db, IEnumerable<long> userIds, News news, MailFooter? footer = null, bool mailEveryone = false)
    {
        foreach (var r in await Recipients(db, userIds))
        {
            var (title, body) = Texts(r.Language, news);
            await db.Execute("""
                insert into notifications (organisation_id, user_id, title, body, link) values (@OrganisationId, @Id, @title, @body, @Link)
                """, new { r.OrganisationId, r.Id, title, body, news.Link });
            if (r.EmailNotifications || mailEveryone)
                await outbox.Enqueue(db, new MailRequest(r.Email, r.DisplayName, r.Language, MailKinds.Notification, "Notification", MailOf(title, body, news))
                {
                    OrganisationId = r.OrganisationId,
                    Footer = footer,
                    UnsubscribeToken = Pages.Account.UnsubscribeModel.TokenFor(protection, r.Id),
                });
        }
    }

    /// <summary>
    /// Mails the news alone (no in-app copy) to each recipient in their language, whatever their notification preference:
    /// it answers something they did or hold (a booking's confirmation, a loan's reminder). With a dedupe key each
    /// recipient gets it once however often the caller runs; files go along as attachments.
    /// </summary>
    public async Task MailOnly(Db db, IEnumerable<long> userIds, News news, long buildingId, string? dedupeKey = null, IReadOnlyList<MailAttachment>? attachments = null)
    {
        var footer = await MailFooter.Of(db, buildingId);
        foreach (var r in await Recipients(db, userIds))
            await MailTo(db, new Address(r.Email, r.DisplayName, r.Language, r.OrganisationId), news, buildingId, dedupeKey, attachments, footer);
    }

    /// <summary>Someone written to by address, without an account here (a contractor).</summary>
    public sealed record Address(string Email, string Name, string Language, long OrganisationId);

    /// <summary>Mails the news to one address in its language (see <see cref="MailOnly"/>).</summary>
    /// <param name="footer">The building's footer when the caller already has it (one query for many recipients).</param>
    public async Task MailTo(Db db, Address to, News news, long buildingId, string? dedupeKey = null, IReadOnlyList<MailAttachment>? attachments = null,
        MailFooter? footer = null)
    {
        var (title, body) = Texts(to.Language, news);
        await outbox.Enqueue(db, new MailRequest(to.Email, to.Name, to.Language, MailKinds.Account, "Notification", MailOf(title, body, news))
        {
            OrganisationId = to.OrganisationId,
            BuildingId = buildingId,
            Footer = footer ?? await MailFooter.Of(db, buildingId),
            DedupeKey = dedupeKey is null ? null : $"{dedupeKey}:{to.Email}",
            Attachments = attachments ?? [],
        });
    }

    // Notification mails go to those who want them and neither objected to them nor restricted their data (GDPR art. 21, 18).
    private static readonly string RecipientsSql = $"""
        select u.id, u.organisation_id, u.email, u.display_name, u.language,
               u.email_notifications and not {Pages.Privacy.DataRights.Refuses("u.id", KoproGo.Domain.Privacy.DataPurpose.NotificationMails)} as email_notifications
        from users u where u.id = any(@ids) and u.disabled_at is null and u.password_hash is not null
        """;

    private static Task<IReadOnlyList<Recipient>> Recipients(Db db, IEnumerable<long> userIds) =>
        db.Query<Recipient>(RecipientsSql, new { ids = userIds.Distinct().ToArray() });

    /// <summary>Title and body in the recipient's language, the arguments formatted in their culture.</summary>
    private static (string Title, string Body) Texts(string language, News news) =>
        (string.Format(Languages.Culture(language), Languages.Text(language, news.TitleKey), news.TitleArgs),
         string.Format(Languages.Culture(language), Languages.Text(language, news.BodyKey), news.BodyArgs));

    private Mail MailOf(string title, string body, News news) => new(title, body, news.Link is null ? null : outbox.Link(news.Link));
}
