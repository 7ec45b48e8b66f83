namespace KoproGo.Domain.Buildings;

/// <summary>
/// How the lots' quotas (quotités) compare with the building's declared total of shares.
/// The lots' quotas must sum exactly to the total (Code civil art. 3.85 §1: each lot has its share of the common parts).
/// </summary>
public readonly record struct QuotaBalance(int TotalShares, long Allocated)
{
    public long Difference => Allocated - TotalShares;
    public bool IsBalanced => Difference == 0;
    public bool IsOverAllocated => Difference > 0;
    public long Unallocated => Math.Max(0, -Difference);

    public static QuotaBalance Of(int totalShares, IEnumerable<int> lotQuotas) =>
        new(totalShares, lotQuotas.Sum(q => (long)q));
}
