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
    public static string ViewerHoldsLotIn(string buildingId) => $"""
        exists (select 1 from lots l join lot_ownerships o on o.lot_id = l.id
                where l.building_id = {buildingId} and o.owner_id = @ViewerOwnerId and {HeldToday})
        """;
}
