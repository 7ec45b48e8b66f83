using KoproGo.Domain;
using KoproGo.Domain.Buildings;

namespace KoproGo.Web.Infrastructure;

public static class Ownerships
{
    /// <summary>
    /// SQL condition: the ownership row aliased <c>o</c> is held today. Rows run from valid_from (inclusive) to valid_to
    /// (exclusive); current_date is the Brussels date, the connections' time zone.
    /// </summary>
    public const string HeldToday = "o.valid_from <= current_date and (o.valid_to is null or o.valid_to > current_date)";

    /// <summary>
    /// SQL condition: the signed-in owner (@ViewerOwnerId, see <see cref="Viewer.Params"/>) holds a lot today in the
    /// building whose id is <paramref name="buildingId"/> (a column or a parameter).
    /// </summary>
    public static string ViewerHoldsLotIn(string buildingId) => HoldsLotIn(buildingId, "@ViewerOwnerId");

    /// <summary>SQL condition: the owner <paramref name="ownerId"/> (a column or a parameter) holds a lot today in the building <paramref name="buildingId"/>.</summary>
    public static string HoldsLotIn(string buildingId, string ownerId) => $"""
        exists (select 1 from lots l join lot_ownerships o on o.lot_id = l.id
                where l.building_id = {buildingId} and o.owner_id = {ownerId} and {HeldToday})
        """;

    /// <summary>
    /// Who holds the lot from <paramref name="from"/>: the holdings running that day end on it, the new ones start on it,
    /// in the caller's transaction. The database checks at commit (or at <see cref="Db.CheckDeferredConstraints"/>) that
    /// the shares make exactly 100% at every date and that nothing overlaps.
    /// </summary>
    public static async Task Record(Db db, long organisationId, long lotId, DateOnly from, IEnumerable<(long OwnerId, Share Share, OwnershipRight Right)> holdings)
    {
        await db.Execute("""
            update lot_ownerships set valid_to = @from
            where lot_id = @lotId and valid_from < @from and (valid_to is null or valid_to > @from)
            """, new { lotId, from });
        foreach (var h in holdings)
            await db.Execute("""
                insert into lot_ownerships (organisation_id, lot_id, owner_id, share_numerator, share_denominator, ownership_right, valid_from)
                values (@organisationId, @lotId, @OwnerId, @n, @d, @right, @from)
                """, new { organisationId, lotId, h.OwnerId, n = h.Share.Numerator, d = h.Share.Denominator, right = h.Right.ToCode(), from });
    }
}
