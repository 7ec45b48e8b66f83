using KoproGo.Domain;
using KoproGo.Domain.Privacy;
using KoproGo.Web.Infrastructure;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace KoproGo.Web.Pages.Privacy;

/// <summary>The syndic firm's requests about personal data: the open ones by deadline (art. 12 §3: one month), then the answered ones.</summary>
[Authorize(Policy = Policies.Manage)]
public sealed class RequestsModel(Db db) : PageModel
{
    private const int PageSize = 50;

    public sealed record Row(long Id, string Kind, string State, string Person, DateTime CreatedAt, DateOnly? DueOn, DateTime? AnsweredAt)
    {
        public DataRequestKind KindValue => DataRights.KindOf(Kind);
        public DataRequestState StateValue => DataRights.StateOf(State);
    }

    public IReadOnlyList<Row> Open { get; private set; } = [];
    public IReadOnlyList<Row> Answered { get; private set; } = [];
    public Paging Paging { get; private set; } = null!;
    public DateOnly Today { get; } = BrusselsTime.Today;

    private const string Select = """
        select r.id, r.kind, r.state, u.display_name as person, r.created_at, r.due_on, r.answered_at
        from privacy_requests r join users u on u.id = r.user_id
        """;

    public async Task OnGet(int page = 1)
    {
        page = Paging.Clamp(page);
        var viewer = User.Viewer();
        // Exports are answered by the job in minutes: the syndic sees them once made, among the answered ones.
        Open = await db.Query<Row>($"""
            {Select} where r.organisation_id = @OrgId and r.state in ('received', 'in_progress') and r.kind <> 'export' order by r.due_on, r.id
            """, viewer.Params());
        var total = await db.Scalar<long>("select count(*) from privacy_requests where organisation_id = @OrgId and state in ('done', 'refused')", viewer.Params());
        Answered = await db.Query<Row>($"""
            {Select} where r.organisation_id = @OrgId and r.state in ('done', 'refused') order by r.answered_at desc, r.id desc limit @PageSize offset @skip
            """, viewer.Params(new { PageSize, skip = (page - 1) * PageSize }));
        Paging = new Paging(page, PageSize, total, "/privacy/requests", new Dictionary<string, string?>());
    }
}
