using KoproGo.Web.Infrastructure;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.Extensions.Localization;

namespace KoproGo.Web.Pages.Community;

/// <summary>
/// The building's notice board: posts by type, pinned ones first, hidden once expired or hidden by the syndic; members
/// and the syndic's team post.
/// </summary>
public sealed class NoticesModel(Db db, IStringLocalizer<SharedResource> l) : PageModel
{
    public sealed record Row(long Id, string Kind, string Title, string Body, DateOnly? EventOn, DateOnly? ExpiresOn, bool Pinned, string Author, DateTime CreatedAt, long Comments);

    public sealed class PostInput
    {
        public string? Kind { get; set; } = "announcement";
        public string? Title { get; set; }
        public string? Body { get; set; }
        public string? EventOn { get; set; }
        public string? ExpiresOn { get; set; }
    }

    [BindProperty] public PostInput Input { get; set; } = new();
    [BindProperty(SupportsGet = true)] public string? Kind { get; set; }

    public CommunityBuilding Building { get; private set; } = null!;
    public IReadOnlyList<Row> Rows { get; private set; } = [];
    public long ToModerate { get; private set; }
    public bool CanPost => Building.MemberId is not null || User.Viewer().IsSyndic;

    /// <summary>The name under a post or comment: a member as a neighbour ("Pieter J."), the syndic's team by name.</summary>
    public static string AuthorSql(string user, string buildingId) => $"""
        coalesce((select nb.name from neighbours nb where nb.building_id = {buildingId} and {CommunityBuilding.UserIsMember(user, "nb")} limit 1),
                 {user}.display_name)
        """;

    private async Task<bool> Load(long id)
    {
        if (await CommunityBuilding.Find(db, User.Viewer(), id) is not { } building) return false;
        Building = building;
        var kind = Labels.NoticeKinds.Contains(Kind) ? Kind : null;
        Rows = await db.Query<Row>($"""
            select n.id, n.kind, n.title, n.body, n.event_on, n.expires_on, n.pinned, {AuthorSql("u", "n.building_id")} as author, n.created_at,
                   (select count(*) from notice_comments c where c.notice_id = n.id and c.hidden_at is null) as comments
            from notices n join users u on u.id = n.author_id
            where n.building_id = @id and n.hidden_at is null and (n.expires_on is null or n.expires_on >= @today)
              and (@kind::text is null or n.kind = @kind)
            order by n.pinned desc, n.created_at desc limit 100
            """, new { id, kind, today = BrusselsTime.Today });
        if (building.Moderator)
            ToModerate = await db.Scalar<long>("""
                select count(distinct (f.notice_id, f.comment_id)) from notice_flags f join notices n on n.id = f.notice_id
                where n.building_id = @id and f.settled_at is null
                """, new { id });
        return true;
    }

    public async Task<IActionResult> OnGet(long id) => await Load(id) ? Page() : NotFound();

    public async Task<IActionResult> OnPost(long id)
    {
        if (!await Load(id)) return NotFound();
        if (!CanPost) return Forbid();
        var check = new FormCheck(ModelState, l, nameof(Input));
        var kind = check.Choice(nameof(Input.Kind), Input.Kind, Labels.NoticeKinds);
        var title = check.Required(nameof(Input.Title), Input.Title, 120);
        var body = check.Required(nameof(Input.Body), Input.Body, 4000);
        var eventOn = check.Date(nameof(Input.EventOn), Input.EventOn, required: kind == "event");
        var expiresOn = check.Date(nameof(Input.ExpiresOn), Input.ExpiresOn, required: false);
        if (expiresOn < BrusselsTime.Today) check.Error(nameof(Input.ExpiresOn), "The post would be hidden at once: choose a date from today.");
        if (kind != "event") eventOn = null;
        if (!ModelState.IsValid) return Page();
        var noticeId = await db.Scalar<long>("""
            insert into notices (building_id, author_id, kind, title, body, event_on, expires_on) values (@id, @user, @kind, @title, @body, @eventOn, @expiresOn) returning id
            """, new { id, user = User.Viewer().UserId, kind, title, body, eventOn, expiresOn });
        TempData["Notice"] = "Your post is on the board.";
        return Redirect($"/notices/{noticeId}");
    }
}
