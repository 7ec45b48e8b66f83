using KoproGo.Domain.Works;
using KoproGo.Web.Infrastructure;

namespace KoproGo.Web.Pages.Problems;

/// <summary>Who may see and report problems where, and the reports as the pages read them.</summary>
public static class ProblemData
{
    /// <summary>SQL condition: the viewer lives in the building <paramref name="buildingId"/> (a lot held today, or a resident's role there).</summary>
    private static string LivesIn(string buildingId) => $"""
        ({Ownerships.ViewerHoldsLotIn(buildingId)}
         or exists (select 1 from user_roles rr where rr.user_id = @ViewerUserId and rr.role = 'Resident' and rr.building_id = {buildingId}))
        """;

    /// <summary>
    /// SQL condition on a report aliased <c>r</c>: the viewer's organisation, and the viewer is its reporter, follows it,
    /// is staff, sits on the building's board, or lives in the building and the syndic showed it to the building.
    /// </summary>
    public static readonly string Visible = $"""
        r.organisation_id = @OrgId and (@SeesAllBuildings or r.building_id = any(@BoardBuildingIds) or r.reporter_id = @ViewerUserId
            or exists (select 1 from problem_report_followers f where f.report_id = r.id and f.user_id = @ViewerUserId)
            or (r.shown_to_building and {LivesIn("r.building_id")}))
        """;

    /// <summary>SQL condition on a building aliased <c>b</c>: the viewer may report a problem there.</summary>
    public static readonly string MayReportIn = $"""
        b.organisation_id = @OrgId and (@SeesAllBuildings or b.id = any(@BoardBuildingIds) or {LivesIn("b.id")})
        """;

    public sealed record Place(long BuildingId, string BuildingName);

    /// <summary>The buildings where the viewer may report, by name.</summary>
    public static Task<IReadOnlyList<Place>> Buildings(Db db, Viewer viewer) => db.Query<Place>(
        $"select b.id as building_id, b.name as building_name from buildings b where {MayReportIn} order by b.name", viewer.Params());

    public sealed record LotChoice(long Id, string Number);

    /// <summary>The lots a report may be about: any of the building for staff, else the viewer's own lots there today.</summary>
    public static Task<IReadOnlyList<LotChoice>> Lots(Db db, Viewer viewer, long buildingId) => db.Query<LotChoice>($"""
        select l.id, l.number from lots l where l.building_id = @buildingId and l.organisation_id = @OrgId
          and (@SeesAllBuildings or exists (select 1 from lot_ownerships o where o.lot_id = l.id and o.owner_id = @ViewerOwnerId and {Ownerships.HeldToday}))
        order by l.number collate natural_sort
        """, viewer.Params(new { buildingId }));

    public sealed class Report
    {
        public long Id { get; init; }
        public long BuildingId { get; init; }
        public string BuildingName { get; init; } = "";
        public long? LotId { get; init; }
        public string? LotNumber { get; init; }
        public string Place { get; init; } = "";
        public long? ReporterId { get; init; }
        public string? ReporterName { get; init; }
        public string Title { get; init; } = "";
        public string Description { get; init; } = "";
        public string Category { get; init; } = "";
        public string Urgency { get; init; } = "";
        public string State { get; init; } = "";
        public bool ShownToBuilding { get; init; }
        public DateTime CreatedAt { get; init; }
        public DateTime WaitingSince { get; init; }
        public DateTime? TakenAt { get; init; }
        public DateTime? ResolvedAt { get; init; }
        public DateTime? ClosedAt { get; init; }
        public DateTime? CancelledAt { get; init; }
        public string? CancelReason { get; init; }
        public int DelayHours { get; init; }
        public long Followers { get; init; }

        public bool Overdue => ProblemReports.IsOverdue(State, Utc(WaitingSince), TimeSpan.FromHours(DelayHours), DateTimeOffset.UtcNow);

        /// <summary>Where, as the pages say it: the lot's number, else the place in the common parts.</summary>
        public string Where => LotNumber ?? Place;
    }

    private static DateTimeOffset Utc(DateTime t) => new(DateTime.SpecifyKind(t, DateTimeKind.Utc));

    /// <summary>The delay of the report's building and urgency in hours, the Domain's default when the building set none.</summary>
    public const string DelayHoursSql = """
        coalesce((select d.hours from problem_report_delays d where d.building_id = r.building_id and d.urgency = r.urgency),
            case r.urgency when 'emergency' then @emergency when 'high' then @high when 'normal' then @normal else @low end)
        """;

    /// <summary>SQL condition on a report aliased <c>r</c>: <see cref="ProblemReports.IsOverdue"/> (its building's delay, else the default).</summary>
    public static readonly string OverdueSql = $"r.state = 'open' and now() - r.waiting_since > make_interval(hours => {DelayHoursSql})";

    /// <summary>The default delays as query parameters (hours), for <see cref="DelayHoursSql"/>.</summary>
    public static object DefaultDelays => new
    {
        emergency = (int)ProblemReports.DefaultDelay("emergency").TotalHours, high = (int)ProblemReports.DefaultDelay("high").TotalHours,
        normal = (int)ProblemReports.DefaultDelay("normal").TotalHours, low = (int)ProblemReports.DefaultDelay("low").TotalHours,
    };

    /// <summary>The columns of <see cref="Report"/> over reports <c>r</c> joined to buildings <c>b</c>, lots <c>l</c> and users <c>u</c>.</summary>
    public static readonly string Columns = $"""
        r.id, r.building_id, b.name as building_name, r.lot_id, l.number as lot_number, r.place, r.reporter_id, u.display_name as reporter_name,
        r.title, r.description, r.category, r.urgency, r.state, r.shown_to_building, r.created_at, r.waiting_since, r.taken_at,
        r.resolved_at, r.closed_at, r.cancel_reason, r.cancelled_at, {DelayHoursSql} as delay_hours,
        (select count(*) from problem_report_followers f where f.report_id = r.id) as followers
        """;

    public const string From = """
        problem_reports r join buildings b on b.id = r.building_id left join lots l on l.id = r.lot_id left join users u on u.id = r.reporter_id
        """;

    /// <summary>One report the viewer may see, or null (another firm's, or not theirs to see: the same answer).</summary>
    public static Task<Report?> Find(Db db, Viewer viewer, long id) => db.QuerySingleOrDefault<Report?>(
        $"select {Columns} from {From} where r.id = @id and {Visible}", Params(viewer, new { id }));

    /// <summary>The viewer's scope (<see cref="Viewer.Params"/>) and the default delays, for queries over <see cref="Columns"/>.</summary>
    public static Dapper.DynamicParameters Params(Viewer viewer, object? values = null)
    {
        var parameters = viewer.Params(values);
        parameters.AddDynamicParams(DefaultDelays);
        return parameters;
    }
}
