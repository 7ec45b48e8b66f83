using KoproGo.Web.Infrastructure;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.Extensions.Localization;
using Npgsql;

namespace KoproGo.Web.Pages.Community;

/// <summary>
/// One post of the notice board with its comments. Members comment and flag; the syndic pins, hides and restores
/// (posts and comments); the author deletes their own post.
/// </summary>
public sealed class NoticeModel(Db db, IStringLocalizer<SharedResource> l, Notifier notifier) : PageModel
{
    public sealed record Item(long Id, long BuildingId, long AuthorId, string Kind, string Title, string Body, DateOnly? EventOn, DateOnly? ExpiresOn,
        bool Pinned, DateTime? HiddenAt, string? HiddenReason, string Author, DateTime CreatedAt);
    public sealed record Comment(long Id, long AuthorId, string Author, string Body, DateTime CreatedAt, DateTime? HiddenAt, string? HiddenReason);

    public sealed class NoticeInput
    {
        public string? Comment { get; set; }
        public string? Reason { get; set; }
    }

    [BindProperty] public NoticeInput Input { get; set; } = new();
    public CommunityBuilding Building { get; private set; } = null!;
    public Item Notice { get; private set; } = null!;
    public IReadOnlyList<Comment> Comments { get; private set; } = [];
    public bool Member => Building.MemberId is not null || User.Viewer().IsSyndic;
    public bool Moderating => User.Viewer().IsSyndic;

    private async Task<bool> Load(long noticeId)
    {
        var item = await db.QuerySingleOrDefault<Item>($"""
            select n.id, n.building_id, n.author_id, n.kind, n.title, n.body, n.event_on, n.expires_on, n.pinned, n.hidden_at, n.hidden_reason,
                   {NoticesModel.AuthorSql("u", "n.building_id")} as author, n.created_at
            from notices n join users u on u.id = n.author_id join buildings b on b.id = n.building_id
            where n.id = @noticeId and b.organisation_id = @OrgId
            """, User.Viewer().Params(new { noticeId }));
        if (item is null || await CommunityBuilding.Find(db, User.Viewer(), item.BuildingId) is not { } building) return false;
        // A hidden post stays readable by its author and the moderators only.
        if (item.HiddenAt is not null && !building.Moderator && item.AuthorId != User.Viewer().UserId) return false;
        (Notice, Building) = (item, building);
        Comments = await db.Query<Comment>($"""
            select c.id, c.author_id, {NoticesModel.AuthorSql("u", "@buildingId")} as author, c.body, c.created_at, c.hidden_at, c.hidden_reason
            from notice_comments c join users u on u.id = c.author_id
            where c.notice_id = @noticeId and (c.hidden_at is null or @moderator) order by c.created_at
            """, new { noticeId, moderator = building.Moderator, buildingId = building.Id });
        return true;
    }

    public async Task<IActionResult> OnGet(long noticeId) => await Load(noticeId) ? Page() : NotFound();

    private IActionResult Back(string notice)
    {
        TempData["Notice"] = notice;
        return Redirect($"/notices/{Notice.Id}");
    }

    public async Task<IActionResult> OnPostComment(long noticeId)
    {
        if (!await Load(noticeId)) return NotFound();
        if (!Member || Notice.HiddenAt is not null) return Forbid();
        var check = new FormCheck(ModelState, l, nameof(Input));
        var body = check.Required(nameof(Input.Comment), Input.Comment, 2000);
        if (!ModelState.IsValid) return Page();
        await db.Execute("insert into notice_comments (notice_id, author_id, body) values (@noticeId, @user, @body)",
            new { noticeId, user = User.Viewer().UserId, body });
        if (Notice.AuthorId != User.Viewer().UserId)
            await notifier.Send(db, [Notice.AuthorId], new Notifier.News("New comment on your post", [], "A neighbour commented on \"{0}\".", [Notice.Title], $"/notices/{noticeId}"));
        return Back("Your comment is added.");
    }

    /// <summary>Any member flags a post or a comment once, with a reason; the syndic finds it in the moderation queue.</summary>
    public async Task<IActionResult> OnPostFlag(long noticeId, long? commentId)
    {
        if (!await Load(noticeId)) return NotFound();
        if (!Member || (commentId is not null && Comments.All(c => c.Id != commentId))) return NotFound();
        // Several small forms on the page share the reason field: a missing one is reported at the top of the page.
        var reason = new FormCheck(ModelState, l, "").Required("", Input.Reason, 500);
        if (!ModelState.IsValid) return Page();
        try
        {
            await db.Execute("insert into notice_flags (notice_id, comment_id, flagged_by, reason) values (@noticeId, @commentId, @user, @reason)",
                new { noticeId, commentId, user = User.Viewer().UserId, reason });
        }
        catch (PostgresException e) when (e.SqlState == PostgresErrorCodes.UniqueViolation)
        {
            ModelState.AddModelError("", l["You already flagged it; the syndic will look at it."]);
            return Page();
        }
        await notifier.Send(db, await Syndics.UserIds(db, Building.Id),
            new Notifier.News("A post is flagged", [], "A member flagged something under \"{0}\".", [Notice.Title], $"/buildings/{Building.Id}/moderation"));
        return Back("Thank you: the syndic will look at it.");
    }

    public async Task<IActionResult> OnPostPin(long noticeId)
    {
        if (!await Load(noticeId)) return NotFound();
        if (!Moderating) return Forbid();
        await db.Execute("update notices set pinned = not pinned where id = @noticeId", new { noticeId });
        return Back(Notice.Pinned ? "The post is no longer pinned." : "The post is pinned at the top of the board.");
    }

    /// <summary>The syndic hides a post or one of its comments, with a reason; the flags on it are settled.</summary>
    public async Task<IActionResult> OnPostHide(long noticeId, long? commentId)
    {
        if (!await Load(noticeId)) return NotFound();
        if (!Moderating) return Forbid();
        // Several small forms on the page share the reason field: a missing one is reported at the top of the page.
        var reason = new FormCheck(ModelState, l, "").Required("", Input.Reason, 500);
        if (!ModelState.IsValid) return Page();
        await db.Execute(commentId is null
            ? "update notices set hidden_at = now(), hidden_reason = @reason where id = @noticeId"
            : "update notice_comments set hidden_at = now(), hidden_reason = @reason where id = @commentId and notice_id = @noticeId",
            new { noticeId, commentId, reason });
        await Settle(noticeId, commentId);
        return Back("It is hidden from the members.");
    }

    public async Task<IActionResult> OnPostRestore(long noticeId, long? commentId)
    {
        if (!await Load(noticeId)) return NotFound();
        if (!Moderating) return Forbid();
        await db.Execute(commentId is null
            ? "update notices set hidden_at = null, hidden_reason = null where id = @noticeId"
            : "update notice_comments set hidden_at = null, hidden_reason = null where id = @commentId and notice_id = @noticeId",
            new { noticeId, commentId });
        await Settle(noticeId, commentId);
        return Back("It is visible again.");
    }

    private Task Settle(long noticeId, long? commentId) => db.Execute("""
        update notice_flags set settled_at = now() where notice_id = @noticeId and comment_id is not distinct from @commentId and settled_at is null
        """, new { noticeId, commentId });

    public async Task<IActionResult> OnPostDelete(long noticeId)
    {
        if (!await Load(noticeId)) return NotFound();
        if (Notice.AuthorId != User.Viewer().UserId) return Forbid();
        await db.Execute("delete from notices where id = @noticeId", new { noticeId });
        TempData["Notice"] = "Your post is deleted.";
        return Redirect($"/buildings/{Building.Id}/notices");
    }
}
