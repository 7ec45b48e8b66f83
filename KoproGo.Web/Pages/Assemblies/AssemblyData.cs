using Dapper;
using KoproGo.Domain;
using KoproGo.Domain.Assemblies;
using KoproGo.Web.Infrastructure;

namespace KoproGo.Web.Pages.Assemblies;

/// <summary>An assembly as the pages show it, with its building.</summary>
public sealed class Assembly
{
    public long Id { get; init; }
    public long BuildingId { get; init; }
    public string BuildingName { get; init; } = "";
    public string BuildingAddress { get; init; } = "";
    public string BuildingLanguage { get; init; } = "fr";
    public int ConvocationDays { get; init; }
    public int TotalShares { get; init; }
    public string SyndicName { get; init; } = "";
    public string Kind { get; init; } = "";
    public DateTime MeetingAt { get; init; }
    public string Place { get; init; } = "";
    public string? VideoLink { get; init; }
    public string Status { get; init; } = "";
    public long? FirstAssemblyId { get; init; }
    public DateOnly? ConvenedOn { get; init; }
    public string? Minutes { get; init; }
    public long? MinutesDocumentId { get; init; }
    public DateTime? MinutesSentAt { get; init; }

    public DateTime MeetingLocal => BrusselsTime.FromUtc(MeetingAt);
    public DateOnly MeetingDate => DateOnly.FromDateTime(MeetingLocal);
    public bool IsSecond => FirstAssemblyId is not null;
    public bool IsDraft => Status == "draft";
}

public sealed class AgendaItem
{
    public long Id { get; init; }
    public int Position { get; init; }
    public string Title { get; init; } = "";
    public string Body { get; init; } = "";
    public string DecisionKind { get; init; } = "";
    public string? Majority { get; init; }
    public string VoteStatus { get; init; } = "";
    public long? VotesFor { get; init; }
    public long? VotesAgainst { get; init; }
    public long? VotesAbstain { get; init; }
    public long? VotesSetAside { get; init; }
    public bool? Adopted { get; init; }
    public List<AttachedDocument> Documents { get; } = [];

    public MajorityKind? MajorityKind => Majority is null ? null : Codes.TryParse<MajorityKind>(Majority, out var m) ? m : null;
    public bool IsVoted => Majority is not null;
}

public sealed record AttachedDocument(long AgendaItemId, long Id, string Title, string FileName);

/// <summary>A convened owner: votes, convocation tracking and attendance.</summary>
public sealed class Member
{
    public long OwnerId { get; init; }
    public string Name { get; init; } = "";
    public int Votes { get; init; }
    public string Lots { get; init; } = "";
    public string Language { get; init; } = "";
    public string? Email { get; init; }
    public string Channel { get; init; } = "";
    public string Token { get; init; } = "";
    public DateTime? ConvocationSentAt { get; init; }
    public DateTime? OpenedAt { get; init; }
    public string? Reply { get; init; }
    public string Attendance { get; init; } = "absent";
    public long? ProxyOwnerId { get; init; }
    public string? ProxyName { get; init; }
    /// <summary>Who holds this member's proxy: another member's name, or the name given.</summary>
    public string? ProxyHolder { get; init; }
    public string? Street { get; init; }
    public string? Postcode { get; init; }
    public string? City { get; init; }

    public bool Attends => Attendance != "absent";

    /// <summary>Who casts this member's votes: themself when present, their proxy holder when represented.</summary>
    public string CastBy => Attendance == "represented"
        ? ProxyOwnerId is { } holder ? $"owner:{holder}" : $"name:{ProxyName!.Trim().ToLowerInvariant()}"
        : $"owner:{OwnerId}";
}

/// <summary>The attendance of an assembly and what follows from it: quorum, and the votes present for the cap.</summary>
public sealed record AttendanceSummary(int Members, int Attending, long VotesAttending, int TotalShares, bool SecondAssembly)
{
    public bool QuorumReached => Quorum.IsReached(Attending, Members, VotesAttending, TotalShares, SecondAssembly);

    public static AttendanceSummary Of(IReadOnlyList<Member> members, Assembly assembly) =>
        new(members.Count, members.Count(m => m.Attends), members.Where(m => m.Attends).Sum(m => (long)m.Votes), assembly.TotalShares, assembly.IsSecond);
}

/// <summary>The queries every assembly page shares. Access: staff and board through <see cref="Viewer.VisibleBuilding"/>.</summary>
public static class AssemblyData
{
    private const string Columns = """
        a.id, a.building_id, b.name as building_name, b.street || ', ' || b.postcode || ' ' || b.city as building_address,
        b.language as building_language, b.convocation_days, b.total_shares, b.syndic_name, a.kind, a.meeting_at, a.place, a.video_link,
        a.status, a.first_assembly_id, a.convened_on, a.minutes, a.minutes_document_id, a.minutes_sent_at
        """;

    public static Task<Assembly?> Find(Db db, Viewer viewer, long id) => db.QuerySingleOrDefault<Assembly>($"""
        select {Columns} from assemblies a join buildings b on b.id = a.building_id
        where a.id = @id and {Viewer.VisibleBuilding}
        """, viewer.Params(new { id }));

    /// <summary>An assembly by its id alone, for the scheduled jobs (which act for every organisation).</summary>
    public static Task<Assembly> Load(Db db, long id) => db.QuerySingle<Assembly>($"""
        select {Columns} from assemblies a join buildings b on b.id = a.building_id where a.id = @id
        """, new { id });

    /// <summary>An assembly as one of its convened members sees it (through the link of their convocation).</summary>
    public static Task<Assembly?> FindByToken(Db db, string token) => db.QuerySingleOrDefault<Assembly>($"""
        select {Columns} from assemblies a join buildings b on b.id = a.building_id
        join assembly_members m on m.assembly_id = a.id
        where m.token = @token
        """, new { token });

    /// <summary>An assembly that the signed-in owner was convened to.</summary>
    public static Task<Assembly?> FindForOwner(Db db, Viewer viewer, long id) => db.QuerySingleOrDefault<Assembly>($"""
        select {Columns} from assemblies a join buildings b on b.id = a.building_id
        join assembly_members m on m.assembly_id = a.id
        where a.id = @id and a.organisation_id = @OrgId and m.owner_id = @ViewerOwnerId
        """, viewer.Params(new { id }));

    /// <summary>Locks the assembly row for the rest of the handler's transaction, so attendance and votes change one at a time.</summary>
    public static Task<string?> LockStatus(Db db, long id) =>
        db.Scalar<string>("select status from assemblies where id = @id for update", new { id });

    /// <summary>
    /// Adds an item at the end of the assembly's agenda; its id, or 0 when <paramref name="draftOnly"/> and the assembly
    /// is no longer being prepared (its agenda is sent).
    /// </summary>
    public static Task<long> AppendItem(Db db, long assemblyId, string title, string body, string decisionKind, string? majority, bool draftOnly = false) =>
        db.Scalar<long>("""
            insert into agenda_items (organisation_id, assembly_id, position, title, body, decision_kind, majority)
            select organisation_id, id, coalesce((select max(position) from agenda_items where assembly_id = @assemblyId), 0) + 1, @title, @body, @decisionKind, @majority
            from assemblies where id = @assemblyId and (not @draftOnly or status = 'draft') returning id
            """, new { assemblyId, title, body, decisionKind, majority, draftOnly });

    /// <summary>SQL: the agenda of @assemblyId, then the documents attached to its items, for <see cref="ReadItems"/>.</summary>
    public const string ItemsSql = """
        select id, position, title, body, decision_kind, majority, vote_status, votes_for, votes_against, votes_abstain, votes_set_aside, adopted
        from agenda_items where assembly_id = @assemblyId order by position;
        select ad.agenda_item_id, d.id, d.title, d.file_name
        from agenda_item_documents ad join agenda_items i on i.id = ad.agenda_item_id join documents d on d.id = ad.document_id
        where i.assembly_id = @assemblyId order by d.title
        """;

    public static async Task<IReadOnlyList<AgendaItem>> ReadItems(SqlMapper.GridReader results)
    {
        var items = (await results.ReadAsync<AgendaItem>()).AsList();
        var byId = items.ToDictionary(i => i.Id);
        foreach (var d in await results.ReadAsync<AttachedDocument>()) byId[d.AgendaItemId].Documents.Add(d);
        return items;
    }

    /// <summary>The agenda with its documents, in one round trip.</summary>
    public static async Task<IReadOnlyList<AgendaItem>> Items(Db db, long assemblyId)
    {
        await using var results = await db.QueryMultiple(ItemsSql, new { assemblyId });
        return await ReadItems(results);
    }

    /// <summary>SQL: the members of @assemblyId convened, by name; only the one with the token @token when it is not null.</summary>
    public const string MembersSql = """
        select m.owner_id, m.name, m.votes, m.lots, m.language, m.email, m.channel, m.token, m.convocation_sent_at, m.opened_at, m.reply,
               m.attendance, m.proxy_owner_id, m.proxy_name, coalesce(h.name, m.proxy_name) as proxy_holder, o.street, o.postcode, o.city
        from assembly_members m join owners o on o.id = m.owner_id
        left join assembly_members h on h.assembly_id = m.assembly_id and h.owner_id = m.proxy_owner_id
        where m.assembly_id = @assemblyId and (@token::text is null or m.token = @token)
        order by m.name collate natural_sort
        """;

    /// <summary>The members convened, by name; only the one with this <paramref name="token"/> when one is given.</summary>
    public static Task<IReadOnlyList<Member>> Members(Db db, long assemblyId, string? token = null) =>
        db.Query<Member>(MembersSql, new { assemblyId, token });

    /// <summary>A vote given; <c>StrongSignIn</c> when the person casting it had signed in at a strong level (ExternalSignIn).</summary>
    public sealed record CastVote(long AgendaItemId, long OwnerId, string Choice, bool StrongSignIn);

    public static Task<IReadOnlyList<CastVote>> Votes(Db db, long assemblyId) => db.Query<CastVote>(
        "select agenda_item_id, owner_id, choice, strong_sign_in from votes where assembly_id = @assemblyId", new { assemblyId });

    /// <summary>The count of one resolution from the votes given so far (after the vote cap).</summary>
    public static TallyResult Count(AgendaItem item, IReadOnlyList<Member> members, IEnumerable<CastVote> votes, int totalShares)
    {
        var byOwner = members.ToDictionary(m => m.OwnerId);
        var ballots = votes.Where(v => v.AgendaItemId == item.Id && byOwner[v.OwnerId].Attends)
            .Select(v => new Ballot(byOwner[v.OwnerId].CastBy, byOwner[v.OwnerId].Votes, Codes.TryParse<Choice>(v.Choice, out var c) ? c : Choice.Abstain));
        var present = members.Where(m => m.Attends).Sum(m => (long)m.Votes);
        return Tally.Count(item.MajorityKind ?? MajorityKind.Absolute, ballots, present, totalShares);
    }
}
