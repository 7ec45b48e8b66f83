namespace KoproGo.Domain.Privacy;

/// <summary>What an erasure (GDPR art. 17) deals with, as the answer to the person lists it.</summary>
public enum ErasurePart { Account, ContactDetails, Identity, CommunityContent, Notifications, Sessions, AccountingEntries, MinutesAndVotes, Documents }

/// <summary>Why a part is kept (art. 17 §3 b: a legal obligation of the controller), or that it is not.</summary>
public enum KeptBecause
{
    NotKept,
    /// <summary>Art. 3.89 §5 Civil Code: the syndic keeps the list of the owners entitled to take part in the assembly.</summary>
    OwnsALot,
    /// <summary>The identity a debt's recovery needs, until it is paid.</summary>
    UnpaidDebt,
    /// <summary>Accounting records are kept 7 years (Code of economic law, art. III.88).</summary>
    AccountingRecords,
    /// <summary>Minutes and votes are the assembly's record (art. 3.87 §10), kept with the building's archives.</summary>
    MinutesAndVotes,
    /// <summary>Supporting documents are kept 10 years.</summary>
    SupportingDocuments,
}

/// <summary>What the person told us of themselves and the platform holds, as it bears on an erasure.</summary>
public sealed record ErasureFacts(bool IsOwner, bool OwnsALotToday, decimal Owed, bool HasAccountingEntries, bool HasVotes, bool HasDocuments);

public sealed record ErasureLine(ErasurePart Part, KeptBecause Kept)
{
    public bool Erased => Kept == KeptBecause.NotKept;
}

/// <summary>
/// Art. 17: the person's data are erased, except what the law makes the syndic keep. Entries, minutes, votes and
/// documents stay whole (they hold amounts and decisions, not the person's contact details); the identity on the owners'
/// register stays while the person owns a lot or owes money. Community content (offers, posts, loans) is removed or kept
/// under "a former neighbour", as the person chose.
/// </summary>
public static class Erasure
{
    public static IReadOnlyList<ErasureLine> Plan(ErasureFacts facts)
    {
        var identityKept = !facts.IsOwner ? KeptBecause.NotKept
            : facts.OwnsALotToday ? KeptBecause.OwnsALot
            : facts.Owed > 0m ? KeptBecause.UnpaidDebt
            : KeptBecause.NotKept;
        var lines = new List<ErasureLine>
        {
            new(ErasurePart.Account, KeptBecause.NotKept),
            new(ErasurePart.Sessions, KeptBecause.NotKept),
            new(ErasurePart.Notifications, KeptBecause.NotKept),
            new(ErasurePart.CommunityContent, KeptBecause.NotKept),
        };
        if (facts.IsOwner)
        {
            lines.Add(new(ErasurePart.Identity, identityKept));
            lines.Add(new(ErasurePart.ContactDetails, identityKept));
        }
        if (facts.HasAccountingEntries) lines.Add(new(ErasurePart.AccountingEntries, KeptBecause.AccountingRecords));
        if (facts.HasVotes) lines.Add(new(ErasurePart.MinutesAndVotes, KeptBecause.MinutesAndVotes));
        if (facts.HasDocuments) lines.Add(new(ErasurePart.Documents, KeptBecause.SupportingDocuments));
        return lines;
    }

    /// <summary>Whether the owner's record itself (names, contact details) is replaced.</summary>
    public static bool ErasesIdentity(IReadOnlyList<ErasureLine> plan) => plan.All(l => l.Part != ErasurePart.Identity || l.Erased);
}
