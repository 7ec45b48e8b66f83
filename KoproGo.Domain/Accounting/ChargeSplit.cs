using KoproGo.Domain.Money;

namespace KoproGo.Domain.Accounting;

/// <summary>An owner's share of one lot on the day of the expense (e.g. 1/2 each for a couple).</summary>
public sealed record OwnerShare(long OwnerId, int Numerator, int Denominator);

/// <summary>A lot with its weight in the distribution key (its quota, or the key's own weight) and its owners that day.</summary>
public sealed record LotWeight(long LotId, decimal Weight, IReadOnlyList<OwnerShare> Owners);

public sealed record ChargePart(long LotId, long OwnerId, decimal Amount);

/// <summary>
/// Charges of a lot are the lot's share of the expense by the distribution key, then split among that lot's owners by
/// their shares (art. 3.86 §1 and the regulation's keys). Both steps use largest-remainder rounding to the cent, so the
/// lots' parts sum to the expense and each lot's owners' parts sum to the lot's part: the total is exact to the cent.
/// </summary>
public static class ChargeSplit
{
    public static IReadOnlyList<ChargePart> Split(decimal total, IReadOnlyList<LotWeight> lots)
    {
        if (lots.Any(l => l.Owners.Count == 0)) throw new ArgumentException("every lot needs at least one owner on that day", nameof(lots));
        var byLot = Allocation.LargestRemainder(total, lots.Select(l => l.Weight).ToArray());
        var parts = new List<ChargePart>();
        for (var i = 0; i < lots.Count; i++)
        {
            var owners = lots[i].Owners;
            var byOwner = Allocation.LargestRemainder(byLot[i], owners.Select(o => (decimal)o.Numerator / o.Denominator).ToArray());
            for (var j = 0; j < owners.Count; j++) parts.Add(new ChargePart(lots[i].LotId, owners[j].OwnerId, byOwner[j]));
        }
        return parts;
    }

    /// <summary>The parts added up per owner (a call for funds asks each owner one amount for all their lots).</summary>
    public static IReadOnlyList<(long OwnerId, decimal Amount)> PerOwner(IEnumerable<ChargePart> parts) =>
        parts.GroupBy(p => p.OwnerId).Select(g => (g.Key, g.Sum(p => p.Amount))).ToList();
}
