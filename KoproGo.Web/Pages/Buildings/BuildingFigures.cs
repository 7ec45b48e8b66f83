using KoproGo.Domain;
using KoproGo.Domain.Buildings;

namespace KoproGo.Web.Pages.Buildings;

/// <summary>The figures every view of a building shows: quota balance and the board obligation, from the Domain rules.</summary>
public abstract class BuildingFigures
{
    public int TotalShares { get; init; }
    public long Allocated { get; init; }
    /// <summary>The kind code of every lot (array_agg of lots.kind).</summary>
    public string[] LotKinds { get; init; } = [];

    public QuotaBalance Quotas => new(TotalShares, Allocated);
    private IEnumerable<LotKind> Kinds => LotKinds.Select(k => Codes.TryParse<LotKind>(k, out var kind) ? kind : LotKind.Other);
    public int BoardLots => BoardObligation.CountingLots(Kinds);
    public bool BoardMandatory => BoardObligation.IsMandatory(Kinds);
}
