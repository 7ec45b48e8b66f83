using KoproGo.Domain.Buildings;

namespace KoproGo.Tests.Domain.Buildings;

public class BoardObligationTests
{
    private static IEnumerable<LotKind> Lots(int apartments, int cellars = 0, int parkings = 0, int garages = 0, int commercial = 0, int other = 0) =>
        Enumerable.Repeat(LotKind.Apartment, apartments)
            .Concat(Enumerable.Repeat(LotKind.Cellar, cellars))
            .Concat(Enumerable.Repeat(LotKind.Parking, parkings))
            .Concat(Enumerable.Repeat(LotKind.Garage, garages))
            .Concat(Enumerable.Repeat(LotKind.Commercial, commercial))
            .Concat(Enumerable.Repeat(LotKind.Other, other));

    [Fact]
    public void Nineteen_counting_lots_do_not_require_a_board_however_many_cellars_and_parkings()
    {
        var lots = Lots(apartments: 18, commercial: 1, cellars: 30, parkings: 30, garages: 10).ToList();
        Assert.Equal(19, BoardObligation.CountingLots(lots));
        Assert.False(BoardObligation.IsMandatory(lots));
    }

    [Fact]
    public void Twenty_counting_lots_require_a_board()
    {
        var lots = Lots(apartments: 18, commercial: 1, other: 1, cellars: 2).ToList();
        Assert.Equal(20, BoardObligation.CountingLots(lots));
        Assert.True(BoardObligation.IsMandatory(lots));
    }

    [Theory]
    [InlineData(LotKind.Cellar, false)]
    [InlineData(LotKind.Garage, false)]
    [InlineData(LotKind.Parking, false)]
    [InlineData(LotKind.Apartment, true)]
    [InlineData(LotKind.Commercial, true)]
    [InlineData(LotKind.Other, true)]
    public void Only_cellars_garages_and_parkings_are_left_out(LotKind kind, bool counts) =>
        Assert.Equal(counts, BoardObligation.CountsForBoard(kind));
}
