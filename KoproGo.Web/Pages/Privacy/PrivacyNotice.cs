using KoproGo.Domain.Privacy;
using KoproGo.Web.Infrastructure;

namespace KoproGo.Web.Pages.Privacy;

/// <summary>An organisation's privacy notice as the persons read it: the controller, the register's activities, their rights.</summary>
public sealed record PrivacyNotice(long Id, int Version, DateTime PublishedAt, string Additions, string Firm, string? CompanyNumber, string ContactEmail)
{
    public IReadOnlyList<ProcessingActivity> Activities { get; set; } = [];

    /// <summary>The current version of the organisation's notice, with its activities; null before the first is published.</summary>
    public static async Task<PrivacyNotice?> Current(Db db, long organisationId)
    {
        var notice = await db.QuerySingleOrDefault<PrivacyNotice>("""
            select n.id, n.version, n.published_at, n.additions, g.name as firm, g.company_number,
                   coalesce((select u.email from users u join user_roles r on r.user_id = u.id
                             where u.organisation_id = g.id and r.role = 'Syndic' and u.disabled_at is null order by u.id limit 1), '') as contact_email
            from privacy_notices n join organisations g on g.id = n.organisation_id
            where n.organisation_id = @organisationId order by n.version desc limit 1
            """, new { organisationId });
        if (notice is not null) notice.Activities = await ProcessingRegister.Of(db, organisationId);
        return notice;
    }

    /// <summary>Where a person goes once signed in: the notice first when they have not accepted its current version.</summary>
    public static async Task<string> After(Db db, long userId, string target)
    {
        var (current, accepted) = await db.QuerySingle<(int?, int?)>("""
            select (select max(n.version) from privacy_notices n where n.organisation_id = u.organisation_id),
                   (select max(n.version) from privacy_acceptances a join privacy_notices n on n.id = a.notice_id where a.user_id = u.id)
            from users u where u.id = @userId
            """, new { userId });
        return Notices.MustAccept(current, accepted) ? $"/account/notice?returnUrl={Uri.EscapeDataString(target)}" : target;
    }
}
