using Dapper;
using KoproGo.Web.Infrastructure;

namespace KoproGo.Web.Pages.Accounting;

/// <summary>The building an accounting page is about, as the caller may see it, and what the caller may do there.</summary>
public sealed class AccountingBuilding
{
    public long Id { get; init; }
    public string Name { get; init; } = "";
    public string Language { get; init; } = "fr";
    public string? Iban { get; init; }
    public decimal? BoardApprovalThreshold { get; init; }

    /// <summary>Enters invoices, payments, entries, calls: the syndic and the accountant (<see cref="Enters"/>).</summary>
    public bool CanEnter { get; private set; }

    /// <summary>
    /// Whether the viewer enters the accounts of a building they see: staff who see all the firm's buildings. A page that
    /// sends its statements with <see cref="Find(Db, Viewer, long, string, object, Func{SqlMapper.GridReader, Task}, bool)"/>
    /// asks this to choose them, before the building (and its <see cref="CanEnter"/>) is read.
    /// </summary>
    public static bool Enters(Viewer viewer) => viewer.SeesAllBuildings;
    /// <summary>Approves invoices, closes years: the syndic.</summary>
    public bool CanApprove { get; private set; }
    /// <summary>Sits on the board: reads everything, approves invoices above the threshold.</summary>
    public bool IsBoard { get; private set; }

    /// <summary>An owner of the building (not staff, not board): reads only the accounts of closed years.</summary>
    public bool OwnerOnly { get; init; }

    /// <summary>
    /// Staff of the organisation and the building's board; with <paramref name="owners"/>, also an owner holding a lot
    /// in the building today (<see cref="OwnerOnly"/>, for the approved accounts). Null for anyone else (the page answers 404).
    /// </summary>
    public static async Task<AccountingBuilding?> Find(Db db, Viewer viewer, long id, bool owners = false) =>
        WithRights(await db.QuerySingleOrDefault<AccountingBuilding>(Sql(owners), viewer.Params(new { id })), viewer, id);

    /// <summary>
    /// <see cref="Find"/> and the page's own statements (<paramref name="pageSql"/>, about @buildingId) in one round trip:
    /// <paramref name="readPage"/> reads their results when the building is visible. For a building the caller may not
    /// see, they have run and their results are dropped unread: nothing of them reaches the caller.
    /// </summary>
    public static async Task<AccountingBuilding?> Find(Db db, Viewer viewer, long id, string pageSql, object pageParameters,
        Func<SqlMapper.GridReader, Task> readPage, bool owners = false)
    {
        var parameters = viewer.Params(pageParameters);
        parameters.Add("id", id);
        await using var results = await db.QueryMultiple($"{Sql(owners)};\n{pageSql}", parameters);
        var building = WithRights(await results.ReadSingleOrDefaultAsync<AccountingBuilding>(), viewer, id);
        if (building is not null) await readPage(results);
        return building;
    }

    /// <summary><see cref="Find"/> and the building's financial years, the latest first, in one round trip.</summary>
    public static async Task<(AccountingBuilding? Building, IReadOnlyList<Year> Years)> FindWithYears(Db db, Viewer viewer, long id, bool owners = false)
    {
        IReadOnlyList<Year> years = [];
        var building = await Find(db, viewer, id, YearsSql, new { buildingId = id }, async results => years = (await results.ReadAsync<Year>()).AsList(), owners);
        return (building, years);
    }

    // two statements, not one with "@owners and …": PostgreSQL then plans the staff's (most pages) once, not at each view
    private static readonly string StaffSql = BuildingSql(owners: false), StaffOrOwnerSql = BuildingSql(owners: true);
    private static string Sql(bool owners) => owners ? StaffOrOwnerSql : StaffSql;
    private static string BuildingSql(bool owners) => $"""
        select b.id, b.name, b.language, b.iban, b.board_approval_threshold, not ({Viewer.VisibleBuilding}) as owner_only
        from buildings b
        where b.id = @id and ({Viewer.VisibleBuilding}{(owners ? $" or (b.organisation_id = @OrgId and {Ownerships.ViewerHoldsLotIn("b.id")})" : "")})
        """;

    private static AccountingBuilding? WithRights(AccountingBuilding? b, Viewer viewer, long id)
    {
        if (b is null || b.OwnerOnly) return b;
        b.CanApprove = viewer.IsSyndic;
        b.CanEnter = Enters(viewer);
        b.IsBoard = viewer.BoardBuildingIds.Contains(id);
        return b;
    }

    public sealed record Year(long Id, DateOnly StartsOn, DateOnly EndsOn, DateTime? ClosedAt)
    {
        public bool Closed => ClosedAt is not null;
        public string Label => StartsOn.Month == 1 && StartsOn.Day == 1 && EndsOn == StartsOn.AddYears(1).AddDays(-1)
            ? StartsOn.Year.ToString() : $"{StartsOn:d} – {EndsOn:d}";
    }

    /// <summary>SQL of the building @buildingId's financial years, the latest first.</summary>
    public const string YearsSql = "select id, starts_on, ends_on, closed_at from financial_years where building_id = @buildingId order by starts_on desc";

    /// <summary>The year asked for, else the one covering today, else the latest.</summary>
    public static Year? Pick(IReadOnlyList<Year> years, long? yearId) =>
        years.FirstOrDefault(y => y.Id == yearId)
        ?? years.FirstOrDefault(y => y.StartsOn <= BrusselsTime.Today && BrusselsTime.Today <= y.EndsOn)
        ?? years.FirstOrDefault();
}
