namespace KoproGo.Domain.Money;

/// <summary>
/// Splits an amount in euros over weights (quotas, ownership shares) to the cent, so that the parts always sum to the
/// total. Rounding rule: every part is first rounded down to the cent, then the cents left over go one each to the parts
/// with the largest remainders (largest-remainder method); ties go to the earlier part, so the result is repeatable.
/// </summary>
public static class Allocation
{
    public static decimal[] LargestRemainder(decimal total, IReadOnlyList<decimal> weights)
    {
        if (weights.Count == 0) throw new ArgumentException("at least one weight is needed", nameof(weights));
        if (weights.Any(w => w < 0)) throw new ArgumentException("weights cannot be negative", nameof(weights));
        if (decimal.Round(total, 2) != total) throw new ArgumentException("the total must be in whole cents", nameof(total));
        var weightSum = weights.Sum();
        if (weightSum == 0) throw new ArgumentException("the weights sum to zero", nameof(weights));

        var totalCents = (long)(total * 100);
        var sign = Math.Sign(totalCents);
        var absCents = Math.Abs(totalCents);
        var cents = new long[weights.Count];
        var remainders = new decimal[weights.Count];
        long given = 0;
        for (var i = 0; i < weights.Count; i++)
        {
            var exact = absCents * weights[i] / weightSum;
            cents[i] = (long)decimal.Floor(exact);
            remainders[i] = exact - cents[i];
            given += cents[i];
        }
        var order = Enumerable.Range(0, weights.Count).OrderByDescending(i => remainders[i]).ThenBy(i => i).ToArray();
        for (var k = 0; k < absCents - given; k++) cents[order[k % order.Length]]++;
        return cents.Select(c => sign * c / 100m).ToArray();
    }
}
