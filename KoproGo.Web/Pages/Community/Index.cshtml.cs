using Dapper;
using KoproGo.Domain;
using KoproGo.Domain.Community;
using KoproGo.Web.Infrastructure;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace KoproGo.Web.Pages.Community;

/// <summary>
/// The building's community at a glance: its areas with what is going on, the member's privacy choices (directory and
/// leaderboard are opt-in), their achievements from real activity, and the leaderboard of credits earned.
/// </summary>
public sealed class IndexModel(Db db) : PageModel
{
    public sealed record Counts(long Offers, long Skills, long Objects, long Notices, long Resources, long SwapItems, long Residents);
    public sealed record Profile(bool InDirectory, bool OnLeaderboard);
    public sealed record Leader(string Name, int Credits);

    [BindProperty(SupportsGet = true)] public string? Period { get; set; }
    [BindProperty] public bool InDirectory { get; set; }
    [BindProperty] public bool OnLeaderboard { get; set; }

    public CommunityBuilding Building { get; private set; } = null!;
    public Counts Count { get; private set; } = null!;
    public Profile Privacy { get; private set; } = new(false, false);
    public IReadOnlyList<(Achievement Achievement, int Count)> Progress { get; private set; } = [];
    public LeaderboardPeriod Board { get; private set; }
    public IReadOnlyList<Leader> Leaders { get; private set; } = [];

    private sealed record MemberRow(bool InDirectory, bool OnLeaderboard, int Exchanges, int Helped, int Lent, int Events, int Purchases);

    /// <summary>SQL: the member @memberId's privacy choices, and what they did in the building @id that the achievements count.</summary>
    private static readonly string MemberSql = $"""
        select m.in_directory, m.on_leaderboard,
               (select count(*) from sel_exchanges x where x.building_id = @id and x.status = 'completed' and m.id in (x.provider_id, x.requester_id))::int as exchanges,
               (select count(distinct x.requester_id) from sel_exchanges x where x.building_id = @id and x.status = 'completed' and x.provider_id = m.id)::int as helped,
               (select count(*) from object_loans k join shared_objects s on s.id = k.object_id
                where s.building_id = @id and s.member_id = m.id and k.status in ('lent', 'returned'))::int as lent,
               (select count(*) from notices n join users u on u.id = n.author_id
                where n.building_id = @id and n.kind = 'event' and {CommunityBuilding.UserIsMember("u", "m")})::int as events,
               (select count(*) from sel_exchanges x where x.building_id = @id and x.status = 'completed' and x.kind = 'shared_purchase'
                  and m.id in (x.provider_id, x.requester_id))::int as purchases
        from community_members m where m.id = @memberId
        """;

    private async Task<bool> Load(long id)
    {
        if (await CommunityBuilding.Find(db, User.Viewer(), id) is not { } building) return false;
        Building = building;
        Board = Codes.TryParse<LeaderboardPeriod>(Period, out var period) ? period : LeaderboardPeriod.Year;
        var since = Leaderboard.Since(Board, BrusselsTime.Today);
        // the areas' counts, the leaderboard and the member's own row: one round trip
        await using var results = await db.QueryMultiple($"""
            select (select count(*) from sel_exchanges where building_id = @id and status = 'offered') as offers,
                   (select count(*) from skills s join community_members p on p.id = s.member_id and p.in_directory
                    where s.building_id = @id) as skills,
                   (select count(*) from shared_objects where building_id = @id) as objects,
                   (select count(*) from notices where building_id = @id and hidden_at is null and (expires_on is null or expires_on >= current_date)) as notices,
                   (select count(*) from resources where building_id = @id) as resources,
                   (select count(*) from swap_items where building_id = @id and status <> 'given') as swap_items,
                   (select count(*) from user_roles where building_id = @id and role = 'Resident') as residents;
            select o.name as name, sum(t.credits)::int as credits
            from sel_transfers t join neighbours o on o.id = t.to_member join community_members p on p.id = t.to_member and p.on_leaderboard
            where t.building_id = @id and (@since::date is null or (t.transferred_at at time zone 'Europe/Brussels')::date >= @since)
            group by o.id, o.name order by credits desc, name limit 10;
            {(building.MemberId is null ? "" : MemberSql)}
            """, new { id, since, memberId = building.MemberId });
        Count = await results.ReadSingleAsync<Counts>();
        Leaders = (await results.ReadAsync<Leader>()).AsList();
        if (building.MemberId is not null && await results.ReadSingleOrDefaultAsync<MemberRow>() is { } me)
        {
            Privacy = new(me.InDirectory, me.OnLeaderboard);
            Progress =
            [
                (Achievement.Exchanges, me.Exchanges), (Achievement.NeighboursHelped, me.Helped), (Achievement.ObjectsLent, me.Lent),
                (Achievement.EventsOrganised, me.Events), (Achievement.SharedPurchases, me.Purchases),
            ];
        }
        return true;
    }

    public async Task<IActionResult> OnGet(long id) => await Load(id) ? Page() : NotFound();

    public async Task<IActionResult> OnPostPrivacy(long id)
    {
        if (!await Load(id)) return NotFound();
        if (Building.MemberId is not long me) return Forbid();
        // An objection to the directory, or a restriction, on "My data" keeps the member off both lists (GDPR art. 21, 18).
        var refused = await db.Scalar<bool>($"""
            select {Pages.Privacy.DataRights.Refuses(Pages.Privacy.DataRights.MemberUser("m"), KoproGo.Domain.Privacy.DataPurpose.Directory)}
            from community_members m where m.id = @me
            """, new { me });
        await db.Execute("""
            update community_members set in_directory = @InDirectory and not @refused, on_leaderboard = @OnLeaderboard and not @refused where id = @me
            """, new { me, InDirectory, OnLeaderboard, refused });
        TempData["Notice"] = refused && (InDirectory || OnLeaderboard)
            ? "You objected to the directory on My data: you stay off the directory and the leaderboard." : "Your choices are saved.";
        return Redirect($"/buildings/{id}/community#privacy");
    }
}
