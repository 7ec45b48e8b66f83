using KoproGo.Domain.Works;
using KoproGo.Web.Infrastructure;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace KoproGo.Web.Pages.Problems;

/// <summary>
/// The problem reports the viewer may see: the syndic's across the firm (filters by building, state, category, urgency,
/// overdue), a neighbour's own and those shown to their building. Newest first, 25 a page.
/// </summary>
public sealed class IndexModel(Db db) : PageModel
{
    private const int PageSize = 25;

    [BindProperty(SupportsGet = true)] public long? Building { get; set; }
    [BindProperty(SupportsGet = true)] public string? State { get; set; }
    [BindProperty(SupportsGet = true)] public string? Category { get; set; }
    [BindProperty(SupportsGet = true)] public string? Urgency { get; set; }
    [BindProperty(SupportsGet = true)] public bool Overdue { get; set; }
    // from the query string only: "page" is also the route value naming the Razor page
    [FromQuery(Name = "page")] public int? PageNumber { get; set; }

    public IReadOnlyList<ProblemData.Report> Reports { get; private set; } = [];
    public IReadOnlyList<ProblemData.Place> Buildings { get; private set; } = [];
    public bool MayReport { get; private set; }
    public Paging Paging { get; private set; } = null!;

    public async Task OnGet()
    {
        var viewer = User.Viewer();
        // a filter value not offered is read as no filter rather than as an empty list
        if (State is not null && !ProblemReports.States.Contains(State)) State = null;
        if (Category is not null && !ProblemReports.Categories.Contains(Category)) Category = null;
        if (Urgency is not null && !ProblemReports.Urgencies.Contains(Urgency)) Urgency = null;
        Buildings = await db.Query<ProblemData.Place>($"""
            select b.id as building_id, b.name as building_name from buildings b
            where b.organisation_id = @OrgId and exists (select 1 from problem_reports r where r.building_id = b.id and {ProblemData.Visible})
            order by b.name
            """, viewer.Params());
        MayReport = (await ProblemData.Buildings(db, viewer)).Count > 0;
        var where = $"""
            {ProblemData.Visible} and (@building::bigint is null or r.building_id = @building) and (@state::text is null or r.state = @state)
            and (@category::text is null or r.category = @category) and (@urgency::text is null or r.urgency = @urgency)
            and (not @overdue or ({ProblemData.OverdueSql}))
            """;
        var page = Paging.Clamp(PageNumber ?? 1);
        var parameters = ProblemData.Params(viewer, new { building = Building, state = State, category = Category, urgency = Urgency, overdue = Overdue, limit = PageSize, offset = (page - 1) * PageSize });
        var total = await db.Scalar<long>($"select count(*) from {ProblemData.From} where {where}", parameters);
        Reports = await db.Query<ProblemData.Report>($"""
            select {ProblemData.Columns} from {ProblemData.From} where {where} order by r.created_at desc, r.id desc limit @limit offset @offset
            """, parameters);
        Paging = new Paging(page, PageSize, total, "/problems", new Dictionary<string, string?>
        {
            ["building"] = Building?.ToString(), ["state"] = State, ["category"] = Category, ["urgency"] = Urgency, ["overdue"] = Overdue ? "true" : null,
        });
    }
}
