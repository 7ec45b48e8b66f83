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
    // The caller's member rows as an owner and as a resident, read with the building; which one counts is decided below.
    private long? OwnerMemberId { get; init; }
    private long? ResidentMemberId { get; init; }

    public static async Task<CommunityBuilding?> Find(Db db, Viewer viewer, long id)
    {
        var b = await db.QuerySingleOrDefault<CommunityBuilding>($"""
            select b.id, b.name, b.sel_credit_limit, b.community_residents, {Ownerships.ViewerHoldsLotIn("b.id")} as owner_here,
                   b.community_residents and exists (select 1 from user_roles r where r.user_id = @ViewerUserId and r.role = 'Resident' and r.building_id = b.id) as resident_here,
                   (select m.id from community_members m where m.building_id = b.id and m.owner_id = @ViewerOwnerId) as owner_member_id,
                   (select m.id from community_members m where m.building_id = b.id and m.user_id = @ViewerUserId) as resident_member_id
            from buildings b where b.id = @id and b.organisation_id = @OrgId
            """, viewer.Params(new { id }));
        if (b is null || !(b.OwnerHere || b.ResidentHere || viewer.SeesAllBuildings)) return null;
        b.MemberId = b.OwnerHere ? b.OwnerMemberId ?? await JoinAsOwner(db, id, viewer.OwnerId!.Value) : b.ResidentHere ? b.ResidentMemberId : null;
        b.Moderator = viewer.SeesAllBuildings;
        return b;
    }

    /// <summary>An owner's member row in the building, made on their first visit to its community (once, however many visits at once).</summary>
    private static Task<long> JoinAsOwner(Db db, long buildingId, long ownerId) => db.Scalar<long>("""
        insert into community_members (building_id, owner_id) values (@buildingId, @ownerId)
        on conflict (building_id, owner_id) do update set owner_id = excluded.owner_id returning id
        """, new { buildingId, ownerId });

    /// <summary>
    /// SQL condition: the user aliased <paramref name="user"/> is the member aliased <paramref name="member"/> (an
    /// owner's account, or the resident's own). Any table with <c>user_id</c> and <c>owner_id</c> columns, such as the
    /// view <c>neighbours</c>, serves as the member.
    /// </summary>
    public static string UserIsMember(string user, string member) => $"({user}.id = {member}.user_id or {user}.owner_id = {member}.owner_id)";

    /// <summary>A member's credits in the building: what they earned minus what they spent, from the ledger.</summary>
    public static Task<int> Balance(Db db, long buildingId, long memberId) => db.Scalar<int>("""
        select coalesce(sum(case when to_member = @memberId then credits else -credits end), 0)::int
        from sel_transfers where building_id = @buildingId and (to_member = @memberId or from_member = @memberId)
        """, new { buildingId, memberId });

    /// <summary>The user accounts of a member, to notify them: the owner's accounts, or the resident's own.</summary>
    public static Task<IReadOnlyList<long>> UsersOf(Db db, long memberId) => db.Query<long>($"""
        select u.id from community_members m join users u on {UserIsMember("u", "m")}
        where m.id = @memberId and u.disabled_at is null
        """, new { memberId });
}
