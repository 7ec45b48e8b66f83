namespace KoproGo.Domain.Works;

/// <summary>
/// A work order: what a contractor is to do, where, by when, for how much. The database's trigger
/// work_orders_state_transition allows the same moves as <see cref="CanMove"/>.
/// </summary>
public static class WorkOrders
{
    public static readonly IReadOnlyList<string> States =
        ["sent", "accepted", "in_progress", "done", "needs_correction", "validated", "invoiced", "closed", "cancelled"];

    /// <summary>
    /// sent → accepted by the contractor → in progress → done (their report) → validated by the syndic or the board, or
    /// needs correction → done again; validated → invoiced (the contractor's invoice) → closed. Cancelled before the works start.
    /// </summary>
    public static bool CanMove(string from, string to) => (from, to) is
        ("sent", "accepted") or ("accepted", "in_progress") or ("in_progress", "done") or ("done", "validated") or ("done", "needs_correction")
        or ("needs_correction", "done") or ("validated", "invoiced") or ("invoiced", "closed") or ("sent", "cancelled") or ("accepted", "cancelled");

    /// <summary>The moves the contractor makes through their link; the others are the syndic's (or the board's, validating).</summary>
    public static bool MovedByContractor(string from, string to) => CanMove(from, to) && to is "accepted" or "in_progress" or "done" or "invoiced";

    /// <summary>Whether the contractor still works on it: their link stays valid while one order or request is open.</summary>
    public static bool IsOpen(string state) => state is not ("closed" or "cancelled");

    /// <summary>Finished on time: the report came in on or before the date agreed.</summary>
    public static bool OnTime(DateOnly dueOn, DateOnly doneOn) => doneOn <= dueOn;

    /// <summary>
    /// The warranty the log keeps for the works: the quote's when longer, else 2 years for apparent defects, or 10 years for
    /// structural works (the builders' decennial liability, Civil Code art. 1792 and 2270).
    /// </summary>
    public static int WarrantyYears(bool structural, int quoteWarrantyYears) => Math.Max(quoteWarrantyYears, structural ? 10 : 2);

    /// <summary>The log warns this long before a warranty ends, so a defect can still be claimed.</summary>
    public const int WarrantyWarningDays = 60;

    /// <summary>An invoice above the order's amount (VAT included) is flagged before anyone approves it; a cent counts.</summary>
    public static bool InvoiceAboveOrder(decimal invoiceInclVat, decimal orderInclVat) => invoiceInclVat > orderInclVat;

    /// <summary>
    /// A direct order, without quotes compared, is for small jobs: at most the building's tendering threshold (art. 3.88 §1),
    /// above which competition is mandatory.
    /// </summary>
    public static bool DirectOrderAllowed(decimal amountInclVat, decimal tenderThreshold) => amountInclVat <= tenderThreshold;

    /// <summary>A contractor's rating of a validated order, by the syndic or the board.</summary>
    public const int MinRating = 1, MaxRating = 5;

    /// <summary>Photos of the works, before and after, per order.</summary>
    public const int MaxPhotos = 10;
}
