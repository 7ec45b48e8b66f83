using KoproGo.Web.Infrastructure;

namespace KoproGo.Web.Pages.Community;

/// <summary>
/// A building's community as the caller takes part in it: a member is an owner holding a lot there today (their owner
/// id acts in exchanges); the syndic and the accountant of the firm moderate. Anyone else gets null (the page answers 404).
/// </summary>
public sealed class CommunityBuilding
{
    public long Id { get; init; }
    public string Name { get; init; } = "";
    public int SelCreditLimit { get; init; }
    public bool Member { get; init; }
    public long? OwnerId { get; private set; }
    public bool Moderator { get; private set; }

    public static async Task<CommunityBuilding?> Find(Db db, Viewer viewer, long id)
    {
        var b = await db.QuerySingleOrDefault<CommunityBuilding>($"""
            select b.id, b.name, b.sel_credit_limit, {Ownerships.ViewerHoldsLotIn("b.id")} as member
            from buildings b where b.id = @id and b.organisation_id = @OrgId
            """, viewer.Params(new { id }));
        if (b is null || !(b.Member || viewer.SeesAllBuildings)) return null;
        b.OwnerId = b.Member ? viewer.OwnerId : null;
        b.Moderator = viewer.SeesAllBuildings;
        return b;
    }

    /// <summary>A neighbour's name as the community pages show it: first name and initial, never contact details.</summary>
    public static string NeighbourSql(string owner) =>
        $"coalesce({owner}.first_name || ' ' || left({owner}.last_name, 1) || '.', {owner}.last_name)";

    /// <summary>An owner's credits in the building: what they earned minus what they spent, from the ledger.</summary>
    public static Task<int> Balance(Db db, long buildingId, long ownerId) => db.Scalar<int>("""
        select coalesce(sum(case when to_owner = @ownerId then credits else -credits end), 0)::int
        from sel_transfers where building_id = @buildingId and (to_owner = @ownerId or from_owner = @ownerId)
        """, new { buildingId, ownerId });

    /// <summary>The user accounts of an owner, to notify them.</summary>
    public static Task<IReadOnlyList<long>> UsersOf(Db db, long ownerId) =>
        db.Query<long>("select id from users where owner_id = @ownerId and disabled_at is null", new { ownerId });
}
