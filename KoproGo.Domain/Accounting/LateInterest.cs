namespace KoproGo.Domain.Accounting;

/// <summary>
/// Late-payment interest: at the rate of the building's regulation, or else the Belgian legal rate of each calendar
/// year, as simple interest per day: owed × rate × days / 365. A period over several years takes each year's rate for
/// its own days. Rounded once, at the end, to the cent (half away from zero).
/// </summary>
public static class LateInterest
{
    /// <summary>The Belgian legal interest rate by year (loi du 5 mai 1865, published yearly in the Moniteur belge).</summary>
    public static readonly IReadOnlyDictionary<int, decimal> LegalRates = new Dictionary<int, decimal>
    {
        [2024] = 0.0525m,
        [2025] = 0.0400m,
        [2026] = 0.0450m,
    };

    /// <summary>Interest on <paramref name="owed"/> for the days after <paramref name="dueDate"/> up to and including <paramref name="until"/>.</summary>
    public static decimal Compute(decimal owed, DateOnly dueDate, DateOnly until, decimal? regulationRate = null)
    {
        if (owed <= 0 || until <= dueDate) return 0m;
        var interest = 0m;
        var day = dueDate.AddDays(1);
        while (day <= until)
        {
            var yearEnd = new DateOnly(day.Year, 12, 31);
            var last = until < yearEnd ? until : yearEnd;
            var days = last.DayNumber - day.DayNumber + 1;
            var rate = regulationRate ?? (LegalRates.TryGetValue(day.Year, out var legal)
                ? legal
                : throw new InvalidOperationException($"No legal interest rate is known for {day.Year}"));
            interest += owed * rate * days / 365m;
            day = last.AddDays(1);
        }
        return Math.Round(interest, 2, MidpointRounding.AwayFromZero);
    }
}
