namespace KoproGo.Domain.Buildings;

/// <summary>
/// Whether a building must have a board of co-owners (conseil de copropriété).
/// Art. 3.90 §1 Code civil: mandatory from 20 lots, cellars, garages and parking spaces not counted.
/// </summary>
public static class BoardObligation
{
    public const int MandatoryFromLots = 20;

    public static bool CountsForBoard(LotKind kind) =>
        kind is not (LotKind.Cellar or LotKind.Garage or LotKind.Parking);

    public static int CountingLots(IEnumerable<LotKind> lots) => lots.Count(CountsForBoard);

    public static bool IsMandatory(IEnumerable<LotKind> lots) => CountingLots(lots) >= MandatoryFromLots;
}
