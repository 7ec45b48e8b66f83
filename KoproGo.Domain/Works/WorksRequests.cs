namespace KoproGo.Domain.Works;

/// <summary>
/// A works request: the syndic asks contractors for quotes, compares them, and the works are decided by whoever may
/// decide them. All amounts here are what the building pays, VAT included (a co-ownership recovers no VAT). The
/// database's trigger works_requests_state_transition allows the same moves as <see cref="CanMove"/>.
/// </summary>
public static class WorksRequests
{
    public static readonly IReadOnlyList<string> States = ["collecting", "to_assembly", "accepted", "cancelled"];

    /// <summary>
    /// collecting (quotes asked and received) → to the assembly (a quote put to its vote) → accepted; the syndic or the
    /// delegated board accepts straight from collecting; a vote that rejects sends the request back to collecting;
    /// a request not accepted yet may be cancelled. Accepted and cancelled are final.
    /// </summary>
    public static bool CanMove(string from, string to) => (from, to) is
        ("collecting", "to_assembly") or ("to_assembly", "accepted") or ("to_assembly", "collecting") or ("collecting", "accepted")
        or ("collecting", "cancelled") or ("to_assembly", "cancelled");

    /// <summary>Quotes may be sent, typed in or replaced while the request collects them.</summary>
    public static bool TakesQuotes(string state) => state == "collecting";

    /// <summary>
    /// Art. 3.88 §1, 1° c: above the amount the assembly set (by 2/3) competition among contractors is mandatory; we ask
    /// for three quotes, the practice. The larger of the estimate and the chosen quote counts, so a request estimated
    /// low does not escape competition when the quote comes in high. Exactly at the threshold: one quote is enough.
    /// </summary>
    public static int QuotesRequired(decimal estimate, decimal chosenAmount, decimal threshold) =>
        Math.Max(estimate, chosenAmount) > threshold ? 3 : 1;

    /// <summary>Accepting with fewer quotes than required asks for a recorded reason (no other contractor answered, a patent, urgency).</summary>
    public static bool NeedsReasonForFewerQuotes(decimal estimate, decimal chosenAmount, decimal threshold, int quotesReceived) =>
        quotesReceived < QuotesRequired(estimate, chosenAmount, threshold);

    public enum DecidedBy { Assembly, Urgent, Delegated }

    /// <summary>
    /// Who may decide works on the common parts. Art. 3.88 §1, 1° b: the assembly, by a 2/3 majority. Art. 3.89 §5 2°:
    /// the syndic alone for urgent, conservatory acts (the reason recorded). Below the amount the assembly delegated to
    /// the syndic or to the board (art. 3.90 §3 for the board), they decide; at that amount exactly, still delegated.
    /// </summary>
    public static bool MayDecideWithoutAssembly(DecidedBy how, decimal amount, decimal delegatedAmount) => how switch
    {
        DecidedBy.Urgent => true,
        DecidedBy.Delegated => amount <= delegatedAmount,
        _ => false,
    };

    /// <summary>The decision kind of the agenda item a request is put to: works on the common parts (2/3, art. 3.88 §1, 1° b).</summary>
    public const Assemblies.DecisionKind AgendaKind = Assemblies.DecisionKind.CommonPartsWorks;

    /// <summary>
    /// The reduced VAT rate of 6% for renovation applies to a dwelling first occupied at least 10 years before (Royal
    /// Decree No. 20, table A, heading XXXI). Knowing only the year of construction, we say it may apply when the
    /// building is surely over 10 years old on <paramref name="today"/>, and null when the year is unknown.
    /// </summary>
    public static bool? ReducedVatMayApply(int? constructionYear, DateOnly today) =>
        constructionYear is { } year ? today.Year - year > 10 : null;

    public static readonly IReadOnlyList<decimal> QuoteVatRates = [6m, 12m, 21m];

    /// <summary>A contractor's personal link lasts 72 hours; the syndic (or the contractor, by mail) renews it.</summary>
    public static readonly TimeSpan LinkLifetime = TimeSpan.FromHours(72);
}
