using KoproGo.Web.Infrastructure;

namespace KoproGo.Web.Pages.Community;

/// <summary>
/// A building's community as the caller takes part in it. A member is an owner holding a lot there today, or, when the
/// building lets residents in, a resident invited for it; their member id (<see cref="MemberId"/>) names them in every
/// community table. The syndic and the accountant of the firm moderate. Anyone else gets null (the page answers 404).
/// </summary>
public sealed class CommunityBuilding
{
    public long Id { get; init; }
    public string Name { get; init; } = "";
    public int SelCreditLimit { get; init; }
    /// <summary>The building lets residents (occupants who own no lot) take part.</summary>
    public bool CommunityResidents { get; init; }
    public bool OwnerHere { get; init; }
    public bool ResidentHere { get; init; }
    public long? MemberId { get; private set; }
    public bool Moderator { get; private set; }

    public static async Task<CommunityBuilding?> Find(Db db, Viewer viewer, long id)
    {
        var b = await db.QuerySingleOrDefault<CommunityBuilding>($"""
            select b.id, b.name, b.sel_credit_limit, b.community_residents, {Ownerships.ViewerHoldsLotIn("b.id")} as owner_here,
                   b.community_residents and exists (select 1 from user_roles r where r.user_id = @ViewerUserId and r.role = 'Resident' and r.building_id = b.id) as resident_here
            from buildings b where b.id = @id and b.organisation_id = @OrgId
            """, viewer.Params(new { id }));
        if (b is null || !(b.OwnerHere || b.ResidentHere || viewer.SeesAllBuildings)) return null;
        if (b.OwnerHere) b.MemberId = await OwnerMember(db, id, viewer.OwnerId!.Value);
        else if (b.ResidentHere)
            b.MemberId = await db.Scalar<long>("select id from community_members where building_id = @id and user_id = @ViewerUserId", viewer.Params(new { id }));
        b.Moderator = viewer.SeesAllBuildings;
        return b;
    }

    /// <summary>An owner's member row in the building, made on their first visit to its community.</summary>
    private static async Task<long> OwnerMember(Db db, long buildingId, long ownerId) =>
        await db.Scalar<long?>("select id from community_members where building_id = @buildingId and owner_id = @ownerId", new { buildingId, ownerId })
        ?? await db.Scalar<long>("""
            insert into community_members (building_id, owner_id) values (@buildingId, @ownerId)
            on conflict (building_id, owner_id) do update set owner_id = excluded.owner_id returning id
            """, new { buildingId, ownerId });

    /// <summary>A member's credits in the building: what they earned minus what they spent, from the ledger.</summary>
    public static Task<int> Balance(Db db, long buildingId, long memberId) => db.Scalar<int>("""
        select coalesce(sum(case when to_member = @memberId then credits else -credits end), 0)::int
        from sel_transfers where building_id = @buildingId and (to_member = @memberId or from_member = @memberId)
        """, new { buildingId, memberId });

    /// <summary>The user accounts of a member, to notify them: the owner's accounts, or the resident's own.</summary>
    public static Task<IReadOnlyList<long>> UsersOf(Db db, long memberId) => db.Query<long>("""
        select u.id from community_members m join users u on u.id = m.user_id or u.owner_id = m.owner_id
        where m.id = @memberId and u.disabled_at is null
        """, new { memberId });

    /// <summary>SQL: the member id, in the building <paramref name="buildingId"/>, of the user aliased <paramref name="user"/>.</summary>
    public static string MemberOfUserSql(string user, string buildingId) =>
        $"(select m.id from community_members m where m.building_id = {buildingId} and (m.user_id = {user}.id or m.owner_id = {user}.owner_id))";
}
