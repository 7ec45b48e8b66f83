using KoproGo.Web.Infrastructure;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace KoproGo.Web.Pages.Community;

/// <summary>
/// The syndic's moderation queue for the notice board: what members flagged and is not settled yet, then what is
/// hidden, each with a link to act on the post (hide or restore).
/// </summary>
public sealed class ModerationModel(Db db) : PageModel
{
    public sealed record Flagged(long NoticeId, long? CommentId, string Title, string Excerpt, long Flags, string Reasons, bool Hidden);

    public CommunityBuilding Building { get; private set; } = null!;
    public IReadOnlyList<Flagged> Queue { get; private set; } = [];
    public IReadOnlyList<Flagged> Hidden { get; private set; } = [];

    public async Task<IActionResult> OnGet(long id)
    {
        if (await CommunityBuilding.Find(db, User.Viewer(), id) is not { Moderator: true } building) return NotFound();
        Building = building;
        Queue = await db.Query<Flagged>("""
            select f.notice_id, f.comment_id, n.title, left(coalesce(c.body, n.body), 200) as excerpt, count(*) as flags,
                   string_agg(f.reason, ' · ' order by f.created_at) as reasons, coalesce(c.hidden_at, n.hidden_at) is not null as hidden
            from notice_flags f join notices n on n.id = f.notice_id left join notice_comments c on c.id = f.comment_id
            where n.building_id = @id and f.settled_at is null
            group by f.notice_id, f.comment_id, n.title, n.body, c.body, c.hidden_at, n.hidden_at order by min(f.created_at)
            """, new { id });
        Hidden = await db.Query<Flagged>("""
            select n.id as notice_id, null::bigint as comment_id, n.title, left(n.body, 200) as excerpt, 0::bigint as flags, coalesce(n.hidden_reason, '') as reasons, true as hidden
            from notices n where n.building_id = @id and n.hidden_at is not null
            union all
            select n.id, c.id, n.title, left(c.body, 200), 0, coalesce(c.hidden_reason, ''), true
            from notice_comments c join notices n on n.id = c.notice_id where n.building_id = @id and c.hidden_at is not null
            order by 1 desc limit 100
            """, new { id });
        return Page();
    }
}
