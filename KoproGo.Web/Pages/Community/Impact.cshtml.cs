using KoproGo.Domain.Community;
using KoproGo.Web.Infrastructure;
using KoproGo.Web.Infrastructure.Pdf;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace KoproGo.Web.Pages.Community;

/// <summary>A bar of a chart and the chart drawn as SVG on the server (no script).</summary>
public sealed record Bar(string Label, int Value);
public sealed record BarChart(string Id, string Title, IReadOnlyList<Bar> Bars);

/// <summary>
/// What the community brings to a building, for the syndic and the board (the association): exchanges, credits
/// exchanged, objects lent, active members and events, month by month over a quarter or a year, with SVG charts, and
/// the quarter's report as PDF.
/// </summary>
public sealed class ImpactModel(Db db, PdfRenderer pdf) : PageModel
{
    public sealed record Month(DateOnly Start, int Exchanges, int Credits, int ObjectsLent, int ActiveMembers, int Events, int Bookings);
    public sealed record Report(string BuildingName, int Year, int Quarter, DateOnly First, DateOnly Last, IReadOnlyList<Month> Months, int ActiveMembers)
    {
        public int Exchanges => Months.Sum(m => m.Exchanges);
        public int Credits => Months.Sum(m => m.Credits);
        public int ObjectsLent => Months.Sum(m => m.ObjectsLent);
        public int Events => Months.Sum(m => m.Events);
        public int Bookings => Months.Sum(m => m.Bookings);
    }

    [BindProperty(SupportsGet = true)] public int? Year { get; set; }
    [BindProperty(SupportsGet = true)] public int? Quarter { get; set; }
    public CommunityBuilding Building { get; private set; } = null!;
    public Report Figures { get; private set; } = null!;

    public IEnumerable<BarChart> Charts(Func<string, string> text, System.Globalization.CultureInfo culture)
    {
        IReadOnlyList<Bar> Bars(Func<Month, int> value) => Figures.Months.Select(m => new Bar(m.Start.ToString("MMM", culture), value(m))).ToList();
        yield return new("chart-exchanges", text("Exchanges completed"), Bars(m => m.Exchanges));
        yield return new("chart-credits", text("Credits exchanged"), Bars(m => m.Credits));
        yield return new("chart-objects", text("Objects lent"), Bars(m => m.ObjectsLent));
        yield return new("chart-members", text("Active members"), Bars(m => m.ActiveMembers));
    }

    private async Task<bool> Load(long id)
    {
        var viewer = User.Viewer();
        if (await CommunityBuilding.Find(db, viewer, id) is not { } building || !(building.Moderator || viewer.BoardBuildingIds.Contains(id))) return false;
        Building = building;
        var today = BrusselsTime.Today;
        var year = Year is >= 2000 and <= 2200 ? Year.Value : today.Year;
        var quarter = Quarter is >= 1 and <= 4 ? Quarter.Value : Quarters.Number(today);
        var (first, last) = Quarters.Of(year, quarter);
        Figures = await Measure(db, building, year, quarter, first, last);
        (Year, Quarter) = (year, quarter);
        return true;
    }

    /// <summary>
    /// Who took part in something and on which day (Brussels): both parties of a completed exchange, the lender and the
    /// borrower of an object handed over, a member's post, a member's confirmed booking — but not who objected to statistics.
    /// </summary>
    private static readonly string ActivitySql = $"""
        select a.day, a.member_id from (
        select (completed_at at time zone 'Europe/Brussels')::date as day, unnest(array[provider_id, requester_id]) as member_id
        from sel_exchanges where building_id = @id and status = 'completed'
        union all
        select (k.lent_at at time zone 'Europe/Brussels')::date, unnest(array[k.borrower_id, s.member_id])
        from object_loans k join shared_objects s on s.id = k.object_id where s.building_id = @id and k.lent_at is not null
        union all
        select (n.created_at at time zone 'Europe/Brussels')::date, m.id from notices n join users u on u.id = n.author_id
             join community_members m on m.building_id = n.building_id and {CommunityBuilding.UserIsMember("u", "m")}
        where n.building_id = @id
        union all
        select (lower(k.during) at time zone 'Europe/Brussels')::date, k.member_id from bookings k join resources r on r.id = k.resource_id
        where r.building_id = @id and k.status = 'confirmed'
        ) a join community_members am on am.id = a.member_id
        where not {Pages.Privacy.DataRights.Refuses(Pages.Privacy.DataRights.MemberUser("am"), KoproGo.Domain.Privacy.DataPurpose.Statistics)}
        """;

    /// <summary>The figures of each month of the quarter; a member is active in a month when they took part in anything.</summary>
    private static async Task<Report> Measure(Db db, CommunityBuilding building, int year, int quarter, DateOnly first, DateOnly last)
    {
        var months = await db.Query<Month>($"""
            with months as (select generate_series(@first::date, @last::date, interval '1 month')::date as start),
            activity as ({ActivitySql})
            select m.start,
                   (select count(*) from sel_exchanges x where x.building_id = @id and x.status = 'completed'
                      and date_trunc('month', x.completed_at at time zone 'Europe/Brussels')::date = m.start)::int as exchanges,
                   (select coalesce(sum(t.credits), 0) from sel_transfers t where t.building_id = @id
                      and date_trunc('month', t.transferred_at at time zone 'Europe/Brussels')::date = m.start)::int as credits,
                   (select count(*) from object_loans k join shared_objects s on s.id = k.object_id where s.building_id = @id
                      and date_trunc('month', k.lent_at at time zone 'Europe/Brussels')::date = m.start)::int as objects_lent,
                   (select count(distinct a.member_id) from activity a where date_trunc('month', a.day)::date = m.start)::int as active_members,
                   (select count(*) from notices n where n.building_id = @id and n.kind = 'event' and n.hidden_at is null
                      and date_trunc('month', n.event_on)::date = m.start)::int as events,
                   (select count(*) from bookings k join resources r on r.id = k.resource_id where r.building_id = @id and k.status = 'confirmed'
                      and date_trunc('month', lower(k.during) at time zone 'Europe/Brussels')::date = m.start)::int as bookings
            from months m order by m.start
            """, new { id = building.Id, first, last });
        var active = await db.Scalar<int>($"""
            with activity as ({ActivitySql}) select count(distinct member_id)::int from activity where day between @first and @last
            """, new { id = building.Id, first, last });
        return new Report(building.Name, year, quarter, first, last, months, active);
    }

    public async Task<IActionResult> OnGet(long id) => await Load(id) ? Page() : NotFound();

    public async Task<IActionResult> OnGetPdf(long id, CancellationToken cancellationToken)
    {
        if (!await Load(id)) return NotFound();
        var language = Languages.Current;
        var title = Languages.Text(language, "Impact report of the community");
        return await pdf.Download("/Pdf/ImpactReport.cshtml", this, language,
            new PdfFrame(title, BrusselsTime.Today.ToString("d"), $"{Building.Name} · Q{Quarter} {Year}"), $"impact-{Year}-Q{Quarter}.pdf", cancellationToken);
    }
}
