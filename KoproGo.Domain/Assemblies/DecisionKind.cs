namespace KoproGo.Domain.Assemblies;

/// <summary>What an agenda item decides; each kind suggests the majority the law asks for (art. 3.88).</summary>
public enum DecisionKind
{
    /// <summary>Reported to the assembly, not voted (e.g. the board's report).</summary>
    Information,
    /// <summary>Accounts, budget, discharge, appointments, maintenance: everything the law does not list elsewhere.</summary>
    Ordinary,
    /// <summary>Art. 3.88 §1, 1° b: works on the common parts, except those imposed by law.</summary>
    CommonPartsWorks,
    /// <summary>Art. 3.88 §1, 1° a: the statutes on the use, enjoyment and administration of the common parts.</summary>
    CommonPartsStatutes,
    /// <summary>Art. 3.88 §1, 1° d: the amount above which competition among contractors is mandatory.</summary>
    CompetitionThreshold,
    /// <summary>Art. 3.88 §1, 2° a: other statutes, including the distribution of charges.</summary>
    ChargeDistribution,
    /// <summary>Art. 3.88 §1, 2° b: a change of the use of the building or of part of it.</summary>
    ChangeOfUse,
    /// <summary>Art. 3.88 §1, 2° c–d: rebuilding or repairing the damaged part; acquiring or disposing of real estate.</summary>
    RealEstate,
    /// <summary>Art. 3.86 §3: not building up the reserve fund this year.</summary>
    ReserveFundWaiver,
    /// <summary>Art. 3.88 §2: changing the distribution of the shares of co-ownership.</summary>
    ShareDistribution,
}

public static class DecisionKinds
{
    /// <summary>The majority the law asks for this kind of decision; null when nothing is voted. The syndic may change it.</summary>
    public static MajorityKind? SuggestedMajority(DecisionKind kind) => kind switch
    {
        DecisionKind.Information => null,
        DecisionKind.Ordinary => MajorityKind.Absolute,
        DecisionKind.CommonPartsWorks or DecisionKind.CommonPartsStatutes or DecisionKind.CompetitionThreshold => MajorityKind.TwoThirds,
        DecisionKind.ChargeDistribution or DecisionKind.ChangeOfUse or DecisionKind.RealEstate or DecisionKind.ReserveFundWaiver => MajorityKind.FourFifths,
        DecisionKind.ShareDistribution => MajorityKind.Unanimity,
        _ => throw new ArgumentOutOfRangeException(nameof(kind)),
    };
}
