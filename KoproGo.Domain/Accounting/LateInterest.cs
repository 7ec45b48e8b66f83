namespace KoproGo.Domain.Accounting;

/// <summary>
/// Late-payment interest: at the rate of the building's regulation, or else the Belgian legal rate of each calendar
/// year (loi du 5 mai 1865 relative au prêt à intérêt, art. 2; the rate is published yearly in the Moniteur belge), as
/// simple interest per day: owed × rate × days / 365. A period over several years takes each year's rate for its own
/// days. Rounded once, at the end, to the cent (half away from zero).
/// </summary>
public static class LateInterest
{
    /// <summary>
    /// The legal rates this code was written with; the application reads them from the database, where the platform's
    /// administrators add each new year's rate (no code change).
    /// </summary>
    public static readonly IReadOnlyDictionary<int, decimal> LegalRates = new Dictionary<int, decimal>
    {
        [2024] = 0.0525m,
        [2025] = 0.0400m,
        [2026] = 0.0450m,
    };

    /// <summary>
    /// The legal rate of <paramref name="year"/>: the published one, or, while the year's rate is not entered yet, the
    /// latest earlier one (provisional). A year before every known rate is not guessed.
    /// </summary>
    public static decimal LegalRate(int year, IReadOnlyDictionary<int, decimal> rates)
    {
        if (rates.TryGetValue(year, out var rate)) return rate;
        var earlier = rates.Keys.Where(y => y < year).DefaultIfEmpty(int.MinValue).Max();
        return earlier == int.MinValue
            ? throw new InvalidOperationException($"No legal interest rate is known for {year}")
            : rates[earlier];
    }

    /// <summary>Whether the rate used for <paramref name="year"/> is a stand-in for a rate not entered yet.</summary>
    public static bool IsProvisional(int year, IReadOnlyDictionary<int, decimal> rates) => !rates.ContainsKey(year);

    /// <summary>Interest on <paramref name="owed"/> for the days after <paramref name="dueDate"/> up to and including <paramref name="until"/>.</summary>
    public static decimal Compute(decimal owed, DateOnly dueDate, DateOnly until, decimal? regulationRate = null,
        IReadOnlyDictionary<int, decimal>? legalRates = null)
    {
        if (owed <= 0 || until <= dueDate) return 0m;
        var interest = 0m;
        var day = dueDate.AddDays(1);
        while (day <= until)
        {
            var yearEnd = new DateOnly(day.Year, 12, 31);
            var last = until < yearEnd ? until : yearEnd;
            var days = last.DayNumber - day.DayNumber + 1;
            var rate = regulationRate ?? LegalRate(day.Year, legalRates ?? LegalRates);
            interest += owed * rate * days / 365m;
            day = last.AddDays(1);
        }
        return Math.Round(interest, 2, MidpointRounding.AwayFromZero);
    }
}
