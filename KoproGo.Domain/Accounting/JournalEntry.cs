namespace KoproGo.Domain.Accounting;

/// <summary>The four journals of the AR of 12 July 2012: purchases, sales (calls for funds), financial (bank), miscellaneous.</summary>
public enum Journal { Purchases, Sales, Financial, Misc }

public sealed record EntryLine(string Account, decimal Debit, decimal Credit);

public enum EntryProblem { None, TooFewLines, BothSides, NotInCents, NegativeAmount, Unbalanced }

/// <summary>
/// Double entry: every posting is one entry whose debits equal its credits, each line on one side only, in cents
/// (AR 12/07/2012, art. 3 — the accounts are kept in double entry). The database checks the same at commit.
/// </summary>
public static class JournalEntry
{
    public static EntryProblem Check(IReadOnlyList<EntryLine> lines)
    {
        if (lines.Count < 2) return EntryProblem.TooFewLines;
        foreach (var l in lines)
        {
            if (l.Debit < 0 || l.Credit < 0) return EntryProblem.NegativeAmount;
            if ((l.Debit > 0) == (l.Credit > 0)) return EntryProblem.BothSides;
            if (decimal.Round(l.Debit, 2) != l.Debit || decimal.Round(l.Credit, 2) != l.Credit) return EntryProblem.NotInCents;
        }
        return lines.Sum(l => l.Debit) == lines.Sum(l => l.Credit) ? EntryProblem.None : EntryProblem.Unbalanced;
    }

    /// <summary>The counter-entry that cancels an entry: the same lines with debit and credit swapped.</summary>
    public static IReadOnlyList<EntryLine> Reversal(IReadOnlyList<EntryLine> lines) =>
        lines.Select(l => new EntryLine(l.Account, l.Credit, l.Debit)).ToList();
}
