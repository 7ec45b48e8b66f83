using KoproGo.Web.Infrastructure;

namespace KoproGo.Web.Pages.Board;

/// <summary>
/// The BoardMember role follows the mandates: members whose mandate runs today and who have an account hold it for
/// the building, nobody else does. Run after each election or end of mandate, and daily for mandates that start or end.
/// (A role change reaches a signed-in member at their next sign-in.)
/// </summary>
public static class BoardRoles
{
    public const string CurrentMandate = "current_date >= m.mandate_from and current_date < m.mandate_to";

    public static async Task Sync(Db db, long? buildingId = null)
    {
        await db.Execute($"""
            delete from user_roles r using users u
            where r.user_id = u.id and r.role = 'BoardMember' and (@buildingId::bigint is null or r.building_id = @buildingId)
              and not exists (select 1 from board_members m where m.building_id = r.building_id and m.owner_id = u.owner_id and {CurrentMandate})
            """, new { buildingId });
        await db.Execute($"""
            insert into user_roles (user_id, role, building_id)
            select u.id, 'BoardMember', m.building_id from board_members m join users u on u.owner_id = m.owner_id
            where (@buildingId::bigint is null or m.building_id = @buildingId) and {CurrentMandate} and u.disabled_at is null
            on conflict do nothing
            """, new { buildingId });
    }
}
