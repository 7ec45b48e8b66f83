using KoproGo.Domain;
using KoproGo.Domain.Privacy;
using KoproGo.Web.Infrastructure;

namespace KoproGo.Web.Pages.Privacy;

/// <summary>A person's requests about their data and their objections, as the pages and jobs of this folder share them.</summary>
public static class DataRights
{
    /// <summary>
    /// SQL: whether the user (an SQL expression giving their id) objected to the purpose, or restricted all processing
    /// (art. 18 freezes every purpose). What reads the data for a purpose asks this.
    /// </summary>
    public static string Refuses(string userIdSql, DataPurpose purpose) => $"""
        (exists (select 1 from privacy_objections po where po.user_id = {userIdSql} and po.purpose = '{purpose.ToCode()}')
         or exists (select 1 from users ru where ru.id = {userIdSql} and ru.restricted_since is not null))
        """;

    /// <summary>SQL: the user behind a community member row aliased <paramref name="member"/> (their account, or the owner's).</summary>
    public static string MemberUser(string member) =>
        $"coalesce({member}.user_id, (select mu.id from users mu where mu.owner_id = {member}.owner_id order by mu.id limit 1))";

    public enum Asked { Made, TooMany, AlreadyOpen }

    /// <summary>
    /// Records a request of the signed-in person, at most <see cref="DataRequests.MaxPerHour"/> an hour: the count and
    /// the insert run under a lock on the person's row, so two browsers cannot both make the eleventh. The caller's
    /// transaction (one per handler) holds it.
    /// </summary>
    public static async Task<(Asked Result, long Id)> Ask(Db db, Viewer viewer, DataRequestKind kind, string details = "",
        bool removeCommunityContent = false, string? confirmTokenHash = null)
    {
        await db.Begin();
        var made = await db.Scalar<int>("""
            select (select count(*) from privacy_requests where user_id = u.id and created_at > now() - interval '1 hour')::int
            from users u where u.id = @ViewerUserId for update
            """, viewer.Params());
        if (!DataRequests.MayAsk(made)) return (Asked.TooMany, 0);
        var state = kind == DataRequestKind.Erasure ? DataRequestState.AwaitingConfirmation : DataRequestState.Received;
        var id = await db.Scalar<long?>("""
            insert into privacy_requests (organisation_id, user_id, kind, state, details, remove_community_content, confirm_token_hash, received_at, due_on)
            select @OrgId, @ViewerUserId, @kind, @state, @details, @removeCommunityContent, @confirmTokenHash,
                   case when @received then now() end, case when @received then @dueOn end
            on conflict do nothing
            returning id
            """, viewer.Params(new
        {
            kind = kind.ToCode(), state = state.ToCode(), details, removeCommunityContent, confirmTokenHash,
            received = state == DataRequestState.Received, dueOn = DataRequests.DueOn(BrusselsTime.Today),
        }));
        if (id is null) return (Asked.AlreadyOpen, 0);
        await AuditLog.Record(db, viewer, "privacy_request", id, "asked", AuditLog.Says("Asked: {0}", new AuditLog.Term(KindText(kind))),
            after: new { kind = kind.ToCode(), state = state.ToCode() });
        return (Asked.Made, id.Value);
    }

    /// <summary>Takes the person off the community directory and leaderboard (an objection or a restriction).</summary>
    public static Task Unlist(Db db, long userId) => db.Execute("""
        update community_members set in_directory = false, on_leaderboard = false
        where user_id = @userId or owner_id = (select owner_id from users where id = @userId)
        """, new { userId });

    /// <summary>A stored kind or state read back (the database's checks allow no other codes).</summary>
    public static DataRequestKind KindOf(string? code) => Codes.TryParse<DataRequestKind>(code, out var kind) ? kind : DataRequestKind.Export;

    public static DataRequestState StateOf(string? code) => Codes.TryParse<DataRequestState>(code, out var state) ? state : DataRequestState.Received;

    public static BreachState BreachStateOf(string? code) => Codes.TryParse<BreachState>(code, out var state) ? state : BreachState.Open;

    public static string BreachStateText(BreachState state) => state switch
    {
        BreachState.Open => "To be decided",
        BreachState.Notified => "Notified to the authority",
        BreachState.NotNotified => "Not notified (reason recorded)",
        _ => "Closed",
    };

    /// <summary>The English text (a resource key) naming a kind of request.</summary>
    public static string KindText(DataRequestKind kind) => kind switch
    {
        DataRequestKind.Export => "Copy of my data",
        DataRequestKind.Rectification => "Correction of the owners' register",
        DataRequestKind.Erasure => "Erasure of my data",
        _ => "Restriction of processing",
    };

    public static string StateText(DataRequestState state) => state switch
    {
        DataRequestState.AwaitingConfirmation => "Waiting for your confirmation by e-mail",
        DataRequestState.Received => "Received",
        DataRequestState.InProgress => "In progress",
        DataRequestState.Done => "Done",
        _ => "Refused",
    };

    public static string PurposeText(DataPurpose purpose) => purpose switch
    {
        DataPurpose.Directory => "The community directory and leaderboard",
        DataPurpose.NotificationMails => "Notification e-mails",
        DataPurpose.GroupPurchases => "Group purchases (energy and others)",
        _ => "Statistics",
    };

    public static string PartText(ErasurePart part) => part switch
    {
        ErasurePart.Account => "your user account",
        ErasurePart.ContactDetails => "your contact details",
        ErasurePart.Identity => "your identity on the owners' register",
        ErasurePart.CommunityContent => "your place in the community",
        ErasurePart.Notifications => "the notifications you received",
        ErasurePart.Sessions => "the devices you signed in from",
        ErasurePart.AccountingEntries => "the accounting entries of your lots",
        ErasurePart.MinutesAndVotes => "the minutes and your votes",
        _ => "the documents",
    };

    public static string KeptText(KeptBecause kept) => kept switch
    {
        KeptBecause.OwnsALot => "you own a lot: the syndic keeps the list of owners (art. 3.89 §5 Civil Code)",
        KeptBecause.UnpaidDebt => "you owe the co-ownership money: your identity is needed to recover it",
        KeptBecause.AccountingRecords => "accounting records are kept 7 years (art. III.88 Code of economic law)",
        KeptBecause.MinutesAndVotes => "they are the assembly's record",
        KeptBecause.SupportingDocuments => "supporting documents are kept 10 years",
        _ => "",
    };
}
