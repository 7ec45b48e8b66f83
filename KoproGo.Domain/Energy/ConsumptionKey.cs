using KoproGo.Domain.Money;

namespace KoproGo.Domain.Energy;

/// <summary>A lot's quota and what its meters measured over the period (kWh, m³, allocator units).</summary>
public sealed record LotConsumption(long LotId, decimal Quota, decimal Consumption);

/// <summary>
/// Heating and water costs split by consumption, the specific key the regulation sets for them (Code civil art. 3.85
/// §1 and the regulation's keys; "heating by meter readings"): a fixed part by the quotas (the building is heated as a
/// whole: common parts, losses through walls) and a variable part by the lots' measured consumption, e.g. 30/70. The
/// key is a weight per lot, so it is used like any other key (invoices, settlement) and the parts are rounded to the cent
/// by the largest remainder: they always sum to the amount.
/// </summary>
public static class ConsumptionKey
{
    /// <summary>The usual split of heating costs when the building sets none: 30% by quotas, 70% by consumption.</summary>
    public const decimal DefaultFixedShare = 0.30m;

    /// <summary>
    /// Each lot's weight: fixedShare × its quota share + (1 − fixedShare) × its consumption share. When nothing was
    /// consumed at all, the whole amount goes by quotas (there is no consumption to share by).
    /// </summary>
    public static decimal[] Weights(decimal fixedShare, IReadOnlyList<LotConsumption> lots)
    {
        if (fixedShare is < 0 or > 1) throw new ArgumentOutOfRangeException(nameof(fixedShare), "the fixed part is a share between 0 and 1");
        if (lots.Count == 0) throw new ArgumentException("at least one lot is needed", nameof(lots));
        if (lots.Any(l => l.Quota < 0 || l.Consumption < 0)) throw new ArgumentException("quotas and consumptions cannot be negative", nameof(lots));
        var quotas = lots.Sum(l => l.Quota);
        if (quotas == 0) throw new ArgumentException("the lots' quotas sum to zero", nameof(lots));
        var consumed = lots.Sum(l => l.Consumption);
        var byQuota = consumed == 0 ? 1m : fixedShare;
        return lots.Select(l => byQuota * l.Quota / quotas + (consumed == 0 ? 0 : (1 - fixedShare) * l.Consumption / consumed)).ToArray();
    }

    /// <summary>Each lot's part of the amount, in the lots' order, to the cent, summing to the amount.</summary>
    public static decimal[] Split(decimal amount, decimal fixedShare, IReadOnlyList<LotConsumption> lots) =>
        Allocation.LargestRemainder(amount, Weights(fixedShare, lots));
}

/// <summary>What a meter measured between two readings, and what looks wrong in it.</summary>
public static class MeterReadings
{
    /// <summary>Beyond this change against the lot's previous comparable period, a consumption is listed as an anomaly.</summary>
    public const decimal AnomalyThreshold = 0.30m;

    public enum Anomaly { None, Negative, MuchHigher, MuchLower }

    /// <summary>
    /// Consumption from two index readings of the same meter. A replaced meter counts what the old one measured until
    /// its removal plus the new one from its first index.
    /// </summary>
    public static decimal Consumption(decimal previousIndex, decimal currentIndex) => currentIndex - previousIndex;

    public static decimal AcrossReplacement(decimal previousIndex, decimal oldMeterFinalIndex, decimal newMeterFirstIndex, decimal currentIndex) =>
        oldMeterFinalIndex - previousIndex + (currentIndex - newMeterFirstIndex);

    /// <summary>A negative consumption (a reset or a wrong reading), or more than 30% above or below the comparable period.</summary>
    public static Anomaly Check(decimal consumption, decimal? previousPeriod)
    {
        if (consumption < 0) return Anomaly.Negative;
        if (previousPeriod is not > 0) return Anomaly.None;
        var change = (consumption - previousPeriod.Value) / previousPeriod.Value;
        return change > AnomalyThreshold ? Anomaly.MuchHigher : change < -AnomalyThreshold ? Anomaly.MuchLower : Anomaly.None;
    }

    /// <summary>An index lower than the one before: the meter was reset (or replaced without being recorded so), or misread.</summary>
    public static bool Reset(decimal previousIndex, decimal index) => index < previousIndex;

    /// <summary>The year that ends with a reading day, both days included, and the year before it: the comparable period.</summary>
    public static ((DateOnly From, DateOnly To) Year, (DateOnly From, DateOnly To) YearBefore) YearTo(DateOnly readOn) =>
        ((readOn.AddYears(-1).AddDays(1), readOn), (readOn.AddYears(-2).AddDays(1), readOn.AddYears(-1)));

    /// <summary>Where a lot has a firm's meter and a live sensor of the same kind, their consumptions should agree within this share.</summary>
    public const decimal CrossCheckTolerance = 0.10m;

    public static bool Disagree(decimal imported, decimal live)
    {
        var larger = Math.Max(imported, live);
        return larger > 0 && Math.Abs(imported - live) / larger > CrossCheckTolerance;
    }
}
