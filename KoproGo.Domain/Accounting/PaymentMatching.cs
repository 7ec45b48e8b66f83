using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;

namespace KoproGo.Domain.Accounting;

/// <summary>A call-for-funds item a bank credit could pay: whose it is and what is still due on it.</summary>
public sealed record OpenItem(long ItemId, long OwnerId, string LastName, DateOnly DueDate, decimal Due);

public enum MatchedBy { Communication, AmountAndName }

/// <summary>
/// How a credit on the building's account is recognised as an owner's payment. First by the structured communication
/// of the call (the bank's structured field, or the twelve digits typed in a free communication); failing that, by the
/// amount still due on an item together with the payer's name, and only if that designates one owner. Anything else is
/// left for a person to assign: a wrong match would credit the wrong owner.
/// </summary>
public static partial class PaymentMatching
{
    /// <summary>The structured communication a movement carries, or one written in its free text with valid check digits.</summary>
    public static StructuredCommunication? Reference(string? communication)
    {
        if (StructuredCommunication.TryParse(communication, out var direct)) return direct;
        foreach (Match m in TwelveDigits().Matches(communication ?? ""))
            if (StructuredCommunication.TryParse(m.Value, out var written)) return written;
        return null;
    }

    /// <summary>
    /// Whether the payer's name as the bank gives it ("M. ET MME DUPONT-LEROY J.") names this owner: every word of the
    /// owner's last name appears among its words, accents, case and punctuation aside.
    /// </summary>
    public static bool SameName(string? payer, string lastName)
    {
        var payerWords = Words(payer);
        var ownerWords = Words(lastName);
        return ownerWords.Count > 0 && ownerWords.All(payerWords.Contains);
    }

    /// <summary>
    /// The item an unreferenced credit pays: among the items whose amount still due equals the credit and whose owner the
    /// payer names, the earliest due, provided they all belong to one owner; otherwise none.
    /// </summary>
    public static OpenItem? ByAmountAndName(decimal amount, string? payer, IEnumerable<OpenItem> candidates)
    {
        var fitting = candidates.Where(c => c.Due == amount && SameName(payer, c.LastName)).ToList();
        if (fitting.Select(c => c.OwnerId).Distinct().Count() != 1) return null;
        return fitting.OrderBy(c => c.DueDate).ThenBy(c => c.ItemId).First();
    }

    private static HashSet<string> Words(string? text)
    {
        var plain = new StringBuilder();
        foreach (var c in (text ?? "").Normalize(NormalizationForm.FormD))
        {
            if (CharUnicodeInfo.GetUnicodeCategory(c) == UnicodeCategory.NonSpacingMark) continue;
            plain.Append(char.IsLetter(c) ? char.ToUpperInvariant(c) : ' ');
        }
        return plain.ToString().Split(' ', StringSplitOptions.RemoveEmptyEntries).Where(w => w.Length > 1).ToHashSet();
    }

    [GeneratedRegex(@"(?<!\d)\d{3}\s*/?\s*\d{4}\s*/?\s*\d{5}(?!\d)")]
    private static partial Regex TwelveDigits();
}
