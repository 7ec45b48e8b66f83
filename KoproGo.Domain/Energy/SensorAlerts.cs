namespace KoproGo.Domain.Energy;

/// <summary>A period's summary of a sensor's readings (an hour, a day, a month): its last value, their mean.</summary>
public sealed record ReadingBucket(DateTimeOffset StartsAt, double FirstValue, double LastValue, double Mean);

/// <summary>What a chart or a bill shows of a sensor over periods.</summary>
public static class MeterSeries
{
    /// <summary>A meter giving its index (water, gas, electricity, heat, allocators): what matters is the consumption between readings.
    /// A thermometer's value stands for itself.</summary>
    public static bool IsIndex(string kind) => kind != "temperature";

    /// <summary>
    /// Each period's consumption for an index meter: its last index less the last index of the period before (the first
    /// period with nothing before it: its own first index). A drop of the index is a reset or a replaced meter: that
    /// period counts what was measured since its lowest point (its last index less its first), never a negative figure.
    /// </summary>
    public static double[] Consumption(IReadOnlyList<ReadingBucket> buckets, double? lastBefore)
    {
        var result = new double[buckets.Count];
        var previous = lastBefore;
        for (var i = 0; i < buckets.Count; i++)
        {
            var b = buckets[i];
            var used = b.LastValue - (previous ?? b.FirstValue);
            result[i] = used >= 0 ? used : Math.Max(0, b.LastValue - b.FirstValue);
            previous = b.LastValue;
        }
        return result;
    }

    /// <summary>The figure charted for each period: consumption for an index meter, the mean for a thermometer.</summary>
    public static double[] Figures(string kind, IReadOnlyList<ReadingBucket> buckets, double? lastBefore) =>
        IsIndex(kind) ? Consumption(buckets, lastBefore) : buckets.Select(b => b.Mean).ToArray();
}

public enum AlertCondition { Above, Below, Leak, Spike, Silent }

/// <summary>
/// When a sensor's alert rule holds. Each check is a pure function of the readings the job hands it; an alert is an
/// episode (it starts when the rule first holds, ends when it no longer does), so each is notified once each way.
/// </summary>
public static class SensorAlerts
{
    /// <summary>The night in which water, gas or heat should stop flowing for a while: from midnight to 6:00 in Brussels.</summary>
    public const int NightEndsAtHour = 6;

    /// <summary>How many weeks back the same weekday is averaged to judge a day's consumption.</summary>
    public const int SpikeWeeks = 4;

    public static string Code(AlertCondition c) => c.ToString().ToLowerInvariant();

    public static AlertCondition? Parse(string? code) =>
        Enum.GetValues<AlertCondition>().Cast<AlertCondition?>().FirstOrDefault(c => Code(c!.Value) == code);

    /// <summary>Whether the condition applies to a kind: a leak and a spike judge a consumption (index meters only).</summary>
    public static bool AppliesTo(AlertCondition condition, string kind) =>
        condition is not (AlertCondition.Leak or AlertCondition.Spike) || MeterSeries.IsIndex(kind);

    /// <summary>
    /// Over (or under) a threshold for a while: the latest readings all breach it, and the run of breaching readings
    /// (the oldest first) spans at least <paramref name="duration"/>. One reading back within bounds ends the run.
    /// </summary>
    public static bool Sustained(IReadOnlyList<(DateTimeOffset At, double Value)> oldestFirst, Func<double, bool> breaches, TimeSpan duration)
    {
        if (oldestFirst.Count == 0 || !breaches(oldestFirst[^1].Value)) return false;
        var runStart = oldestFirst.Count - 1;
        while (runStart > 0 && breaches(oldestFirst[runStart - 1].Value)) runStart--;
        return oldestFirst[^1].At - oldestFirst[runStart].At >= duration;
    }

    /// <summary>
    /// A leak: during the night, the hourly consumption never fell to zero for <paramref name="hours"/> hours in a row
    /// (a dripping tap, a running toilet). The hours are the night's, in order; a missing hour counts as no flow.
    /// </summary>
    public static bool Leak(IReadOnlyList<double> nightHours, int hours)
    {
        var run = 0;
        foreach (var used in nightHours)
        {
            run = used > 0 ? run + 1 : 0;
            if (run >= hours) return true;
        }
        return false;
    }

    /// <summary>
    /// A day's consumption more than <paramref name="percent"/> % above the average of the same weekday over the last
    /// four weeks. Without at least one earlier week to compare with, or with an average of zero, nothing is judged.
    /// </summary>
    public static bool Spike(double day, IReadOnlyList<double> sameWeekdays, double percent) =>
        sameWeekdays.Count > 0 && sameWeekdays.Average() is var average && average > 0 && day > average * (1 + percent / 100);

    /// <summary>Silent: nothing heard for <paramref name="after"/> (a sensor never heard from is silent since it was added).</summary>
    public static bool Silent(DateTimeOffset lastHeard, DateTimeOffset now, TimeSpan after) => now - lastHeard >= after;

    /// <summary>The night to judge for leaks at <paramref name="nowInBrussels"/>: the last one that has ended (today's
    /// once 6:00 is past, else yesterday's), as its date.</summary>
    public static DateOnly LastNight(DateTime nowInBrussels) =>
        DateOnly.FromDateTime(nowInBrussels.Hour >= NightEndsAtHour ? nowInBrussels : nowInBrussels.AddDays(-1));
}
