namespace KoproGo.Domain.Privacy;

/// <summary>What a person asks of the controller (the syndic firm) about their own data (GDPR art. 15–18).</summary>
public enum DataRequestKind { Export, Rectification, Erasure, Restriction }

/// <summary>
/// Where a request stands. An erasure waits for the person's confirmation by e-mail before it counts as received; a
/// restriction is in force while received and lifted when done (or refused).
/// </summary>
public enum DataRequestState { AwaitingConfirmation, Received, InProgress, Done, Refused }

/// <summary>The uses of a person's data they may object to (art. 21) one by one; none of them is needed to run the building.</summary>
public enum DataPurpose { Directory, NotificationMails, GroupPurchases, Statistics }

/// <summary>The rules of a person's requests about their data.</summary>
public static class DataRequests
{
    /// <summary>Requests a person may make in an hour (exports, rectifications, erasures, restrictions together).</summary>
    public const int MaxPerHour = 10;

    /// <summary>Days before a request's deadline when the syndic's staff are alerted.</summary>
    public const int AlertDaysBefore = 7;

    /// <summary>How long an export's file may be downloaded after it is ready; then it is deleted.</summary>
    public static readonly TimeSpan ExportLifetime = TimeSpan.FromDays(7);

    /// <summary>How long the e-mailed link confirming an erasure request stays valid.</summary>
    public static readonly TimeSpan ConfirmationLifetime = TimeSpan.FromDays(2);

    /// <summary>
    /// GDPR art. 12 §3: the controller answers "without undue delay and in any event within one month of receipt".
    /// A month is the calendar month: received on 31 January, due on 28 (or 29) February.
    /// </summary>
    public static DateOnly DueOn(DateOnly receivedOn) => receivedOn.AddMonths(1);

    /// <summary>The day the syndic's staff are warned that an open request's deadline is near.</summary>
    public static DateOnly AlertOn(DateOnly dueOn) => dueOn.AddDays(-AlertDaysBefore);

    /// <summary>Whether one more request may be made after <paramref name="madeInLastHour"/> in the last hour.</summary>
    public static bool MayAsk(int madeInLastHour) => madeInLastHour < MaxPerHour;

    /// <summary>Still waiting for the syndic (or the export job): not yet done nor refused.</summary>
    public static bool IsOpen(DataRequestState state) => state is DataRequestState.Received or DataRequestState.InProgress;

    /// <summary>
    /// The steps of each kind of request; done and refused are final, nothing goes back (PostgreSQL's trigger on
    /// privacy_requests says the same). An export is made by a job and cannot be refused: art. 15 gives the right
    /// outright. An erasure counts as received only once the person confirmed it by e-mail.
    /// </summary>
    public static bool CanMove(DataRequestKind kind, DataRequestState from, DataRequestState to) => (kind, from, to) switch
    {
        (DataRequestKind.Export, DataRequestState.Received, DataRequestState.InProgress) => true,
        (DataRequestKind.Export, DataRequestState.InProgress, DataRequestState.Done) => true,
        (DataRequestKind.Erasure, DataRequestState.AwaitingConfirmation, DataRequestState.Received) => true,
        (DataRequestKind.Export, _, _) or (_, DataRequestState.AwaitingConfirmation, _) => false,
        (DataRequestKind.Restriction, DataRequestState.Received, DataRequestState.Done or DataRequestState.Refused) => true,
        (DataRequestKind.Restriction, _, _) => false,
        (_, DataRequestState.Received, DataRequestState.InProgress or DataRequestState.Done or DataRequestState.Refused) => true,
        (_, DataRequestState.InProgress, DataRequestState.Done or DataRequestState.Refused) => true,
        _ => false,
    };

    /// <summary>The steps the syndic may take from here (the export's are the job's).</summary>
    public static IEnumerable<DataRequestState> Choices(DataRequestKind kind, DataRequestState from) =>
        kind == DataRequestKind.Export ? [] :
        new[] { DataRequestState.InProgress, DataRequestState.Done, DataRequestState.Refused }.Where(to => CanMove(kind, from, to));
}
