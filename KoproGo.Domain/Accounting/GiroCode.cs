using System.Globalization;

namespace KoproGo.Domain.Accounting;

/// <summary>
/// The text of an EPC QR code ("GiroCode", EPC069-12 version 002) that a banking app scans to fill in a SEPA credit
/// transfer. The Belgian structured communication goes, as its twelve digits, in the structured remittance field, as
/// Belgian banks read it. UTF-8 (character set 1), lines separated by LF, trailing empty fields left out.
/// </summary>
public static class GiroCode
{
    public const decimal MaxAmount = 999_999_999.99m;

    public static string Payload(string beneficiary, string iban, decimal amount, StructuredCommunication reference)
    {
        if (amount < 0.01m || amount > MaxAmount || decimal.Round(amount, 2) != amount)
            throw new ArgumentOutOfRangeException(nameof(amount), "an EPC QR code carries 0.01 to 999,999,999.99 euros in cents");
        var name = beneficiary.Trim();
        if (name.Length == 0) throw new ArgumentException("the beneficiary's name is required", nameof(beneficiary));
        if (name.Length > 70) name = name[..70];
        var compactIban = new string(iban.Where(c => !char.IsWhiteSpace(c)).ToArray()).ToUpperInvariant();
        return string.Join('\n',
            "BCD", "002", "1", "SCT", "", name, compactIban,
            "EUR" + amount.ToString("0.00", CultureInfo.InvariantCulture), "", reference.Digits);
    }
}
