namespace KoproGo.Web.Infrastructure;

public static class Ownerships
{
    /// <summary>
    /// SQL condition: the ownership row aliased <c>o</c> is held today. Rows run from valid_from (inclusive) to valid_to
    /// (exclusive); current_date is the Brussels date, the connections' time zone.
    /// </summary>
    public const string HeldToday = "o.valid_from <= current_date and (o.valid_to is null or o.valid_to > current_date)";
}
