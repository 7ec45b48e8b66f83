namespace KoproGo.Domain.Accounting;

/// <summary>
/// A financial year of the association (usually the calendar year, at most two years for the first one). Once the
/// accounts are closed, the year takes no more entries: a correction goes into the next year.
/// </summary>
public sealed record FinancialYear(DateOnly StartsOn, DateOnly EndsOn, bool Closed)
{
    public static bool IsValidPeriod(DateOnly startsOn, DateOnly endsOn) =>
        endsOn > startsOn && endsOn < startsOn.AddYears(2);

    public bool Covers(DateOnly date) => date >= StartsOn && date <= EndsOn;

    public bool AcceptsEntry(DateOnly date) => !Closed && Covers(date);

    /// <summary>The year that follows: the same length, from the next day.</summary>
    public (DateOnly StartsOn, DateOnly EndsOn) Next() => (EndsOn.AddDays(1), EndsOn.AddDays(1).AddYears(1).AddDays(-1));

    /// <summary>The result of the year: income (class 7) less expenses (class 6); positive is a surplus.</summary>
    public static decimal Result(decimal income, decimal expenses) => income - expenses;
}
