using KoproGo.Domain.Accounting;
using KoproGo.Web.Infrastructure;

namespace KoproGo.Web.Pages.Invoices;

/// <summary>
/// Splits expenses over the owners of a building: each amount by its key over the lots (the general key is the lots'
/// quotas), then over each lot's owners on the given day (<see cref="ChargeSplit"/>).
/// </summary>
public static class ExpenseSplit
{
    public sealed record Part(long LotId, string LotNumber, long OwnerId, string OwnerName, string Account, decimal Amount);

    private sealed record Holding(long LotId, string Number, decimal Weight, long OwnerId, string OwnerName, int Numerator, int Denominator);

    /// <summary>The lots of a key (null: general key) with their weights and their owners on <paramref name="day"/>.</summary>
    private static Task<IReadOnlyList<Holding>> Holdings(Db db, long buildingId, long? keyId, DateOnly day) => db.Query<Holding>($"""
        select l.id as lot_id, l.number, coalesce(w.weight, l.quota) as weight, o.owner_id, {Labels.PersonNameSql("p")} as owner_name,
               o.share_numerator as numerator, o.share_denominator as denominator
        from lots l
        left join distribution_key_lots w on w.lot_id = l.id and w.key_id = @keyId
        left join lot_ownerships o on o.lot_id = l.id and o.valid_from <= @day and (o.valid_to is null or o.valid_to > @day)
        left join owners p on p.id = o.owner_id
        where l.building_id = @buildingId and (@keyId::bigint is null or w.key_id is not null)
        order by l.number, o.owner_id
        """, new { buildingId, keyId, day });

    /// <summary>
    /// The parts of each (amount, account, key), or the numbers of the lots without any owner on that day (the split
    /// cannot be made until someone owns them).
    /// </summary>
    public static async Task<(IReadOnlyList<Part> Parts, IReadOnlyList<string> LotsWithoutOwner)> Compute(
        Db db, long buildingId, DateOnly day, IEnumerable<(decimal Amount, string Account, long? KeyId)> amounts)
    {
        var parts = new List<Part>();
        var orphans = new SortedSet<string>();
        foreach (var group in amounts.GroupBy(a => (a.KeyId, a.Account)))
        {
            var holdings = await Holdings(db, buildingId, group.Key.KeyId, day);
            var lots = holdings.GroupBy(h => h.LotId).ToList();
            foreach (var lot in lots.Where(x => x.All(h => h.OwnerId == 0))) orphans.Add(lot.First().Number);
            if (orphans.Count > 0 || lots.Count == 0) continue;
            var weights = lots.Select(x => new LotWeight(x.Key, x.First().Weight,
                x.Select(h => new OwnerShare(h.OwnerId, h.Numerator, h.Denominator)).ToList())).ToList();
            var names = holdings.GroupBy(h => h.OwnerId).ToDictionary(g => g.Key, g => g.First().OwnerName);
            var numbers = lots.ToDictionary(x => x.Key, x => x.First().Number);
            foreach (var p in ChargeSplit.Split(group.Sum(a => a.Amount), weights))
                parts.Add(new Part(p.LotId, numbers[p.LotId], p.OwnerId, names[p.OwnerId], group.Key.Account, p.Amount));
        }
        return (parts, orphans.ToList());
    }
}
