namespace KoproGo.Web.Infrastructure;

/// <summary>Who is the syndic of a building: the users with the Syndic role in its organisation, and its public syndic name.</summary>
public static class Syndics
{
    private const string OfBuilding = """
        from users u join user_roles r on r.user_id = u.id
        where r.role = 'Syndic' and u.organisation_id = (select organisation_id from buildings where id = @buildingId)
        """;

    /// <summary>The syndic users to notify about a building.</summary>
    public static Task<IReadOnlyList<long>> UserIds(Db db, long buildingId) => db.Query<long>($"select u.id {OfBuilding}", new { buildingId });

    /// <summary>The syndic users and the board members of the building: who follows its works and its budget.</summary>
    public static async Task<IEnumerable<long>> AndBoard(Db db, long buildingId) =>
        (await UserIds(db, buildingId)).Concat(await db.Query<long>(
            "select user_id from user_roles where role = 'BoardMember' and building_id = @buildingId", new { buildingId }));

    /// <summary>The syndic users of an organisation, to notify about what concerns the whole firm (its privacy duties).</summary>
    public static Task<IReadOnlyList<long>> UserIdsOfOrganisation(Db db, long organisationId) => db.Query<long>("""
        select u.id from users u join user_roles r on r.user_id = u.id where r.role = 'Syndic' and u.organisation_id = @organisationId
        """, new { organisationId });

    /// <summary>Whether this owner is also a syndic user (a self-managed building): they may not sit on the board nor hold a proxy.</summary>
    public static Task<bool> IsOwnerASyndic(Db db, long ownerId) => db.Scalar<bool>("""
        select exists (select 1 from users u join user_roles r on r.user_id = u.id where u.owner_id = @ownerId and r.role = 'Syndic')
        """, new { ownerId });

    /// <summary>A name naming the syndic of the building: one of its syndic users, or the syndic shown publicly.</summary>
    public static async Task<bool> IsSyndicName(Db db, long buildingId, string name)
    {
        var names = await db.Query<string>($"select u.display_name {OfBuilding} union select syndic_name from buildings where id = @buildingId", new { buildingId });
        return names.Contains(name.Trim(), StringComparer.OrdinalIgnoreCase);
    }
}
