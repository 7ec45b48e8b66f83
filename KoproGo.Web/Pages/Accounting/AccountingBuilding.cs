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

    /// <summary>Enters invoices, payments, entries, calls: the syndic and the accountant.</summary>
    public bool CanEnter { get; private set; }
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
    public static async Task<AccountingBuilding?> Find(Db db, Viewer viewer, long id, bool owners = false)
    {
        // two statements, not one with "@owners and …": PostgreSQL then plans the staff's (most pages) once, not at each view
        var b = await db.QuerySingleOrDefault<AccountingBuilding>($"""
            select b.id, b.name, b.language, b.iban, b.board_approval_threshold, not ({Viewer.VisibleBuilding}) as owner_only
            from buildings b
            where b.id = @id and ({Viewer.VisibleBuilding}{(owners ? $" or (b.organisation_id = @OrgId and {Ownerships.ViewerHoldsLotIn("b.id")})" : "")})
            """, viewer.Params(new { id }));
        if (b is null || b.OwnerOnly) return b;
        b.CanApprove = viewer.IsSyndic;
        b.CanEnter = viewer.SeesAllBuildings;
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

    public static Task<IReadOnlyList<Year>> Years(Db db, long buildingId) => db.Query<Year>(YearsSql, new { buildingId });

    /// <summary>The year asked for, else the one covering today, else the latest.</summary>
    public static Year? Pick(IReadOnlyList<Year> years, long? yearId) =>
        years.FirstOrDefault(y => y.Id == yearId)
        ?? years.FirstOrDefault(y => y.StartsOn <= BrusselsTime.Today && BrusselsTime.Today <= y.EndsOn)
        ?? years.FirstOrDefault();
}
