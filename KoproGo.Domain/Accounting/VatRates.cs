namespace KoproGo.Domain.Accounting;

/// <summary>The Belgian VAT rates an invoice line may carry: 0, 6 (renovation of dwellings over 10 years), 12 and 21%.</summary>
public static class VatRates
{
    public static readonly IReadOnlyList<decimal> Allowed = [0m, 6m, 12m, 21m];

    public static bool IsAllowed(decimal percent) => Allowed.Contains(percent);

    /// <summary>The VAT on an amount excluding VAT, to the cent (half away from zero).</summary>
    public static decimal On(decimal amountExcludingVat, decimal percent) =>
        IsAllowed(percent)
            ? Math.Round(amountExcludingVat * percent / 100m, 2, MidpointRounding.AwayFromZero)
            : throw new ArgumentOutOfRangeException(nameof(percent), $"{percent}% is not a Belgian VAT rate");
}
