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

    public async Task Send(Db db, IEnumerable<long> userIds, News news, MailFooter? footer = null)
    {
        var recipients = await db.Query<Recipient>("""
            select id, organisation_id, email, display_name, language, email_notifications from users
            where id = any(@ids) and disabled_at is null and password_hash is not null
            """, new { ids = userIds.Distinct().ToArray() });
        foreach (var r in recipients)
        {
            var title = string.Format(Languages.Culture(r.Language), Languages.Text(r.Language, news.TitleKey), news.TitleArgs);
            var body = string.Format(Languages.Culture(r.Language), Languages.Text(r.Language, news.BodyKey), news.BodyArgs);
            await db.Execute("""
                insert into notifications (organisation_id, user_id, title, body, link) values (@OrganisationId, @Id, @title, @body, @Link)
                """, new { r.OrganisationId, r.Id, title, body, news.Link });
            if (r.EmailNotifications)
                await outbox.Enqueue(db, new MailRequest(r.Email, r.DisplayName, r.Language, MailKinds.Notification, "Notification",
                    new Mail(title, body, news.Link is null ? null : outbox.Link(news.Link)))
                {
                    OrganisationId = r.OrganisationId,
                    Footer = footer,
                    UnsubscribeToken = Pages.Account.UnsubscribeModel.TokenFor(protection, r.Id),
                });
        }
    }
}
