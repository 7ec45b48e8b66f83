using Dapper;
using KoproGo.Domain.Buildings;
using KoproGo.Web.Infrastructure;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace KoproGo.Web.Pages.My;

/// <summary>"My lots": what an owner holds today, per building, with the syndic to call.</summary>
[Authorize(Policy = Policies.Owner)]
public sealed class IndexModel(Db db) : PageModel
{
    public sealed record Holding(long BuildingId, string BuildingName, string Street, string Postcode, string City, string Slug,
        int TotalShares, string SyndicName, string SyndicPhone, string SyndicEmail, string LotNumber, string LotKind, int? Floor,
        decimal? Area, int Quota, int ShareNumerator, int ShareDenominator, string OwnershipRight, DateOnly ValidFrom)
    {
        public Share Share => new(ShareNumerator, ShareDenominator);
    }

    public IReadOnlyList<IGrouping<long, Holding>> Buildings { get; private set; } = [];

    public sealed record MyAssembly(long Id, long BuildingId, string Kind, DateTime MeetingAt, string Status, string Token, string Attendance)
    {
        public DateTime MeetingLocal => BrusselsTime.FromUtc(MeetingAt);
    }

    public sealed record OpenPoll(long Id, long BuildingId, string Question, DateOnly ClosesOn, bool Answered);

    public IReadOnlyList<MyAssembly> Assemblies { get; private set; } = [];
    public IReadOnlyList<OpenPoll> Polls { get; private set; } = [];
    /// <summary>What the owner owes on their account in each building (below zero: in their favour), from the journal.</summary>
    public IReadOnlyDictionary<long, decimal> Balances { get; private set; } = new Dictionary<long, decimal>();

    public async Task OnGet()
    {
        // the lots held today, the assemblies they were convened to this past year and to come, the polls open in their
        // buildings, their balances: one round trip
        await using var results = await db.QueryMultiple($"""
            select b.id as building_id, b.name as building_name, b.street, b.postcode, b.city, b.slug, b.total_shares,
                   b.syndic_name, b.syndic_phone, b.syndic_email,
                   l.number as lot_number, l.kind as lot_kind, l.floor, l.area, l.quota,
                   o.share_numerator, o.share_denominator, o.ownership_right, o.valid_from
            from lot_ownerships o
            join lots l on l.id = o.lot_id
            join buildings b on b.id = l.building_id
            where o.owner_id = @ViewerOwnerId and o.organisation_id = @OrgId
              and {Ownerships.HeldToday}
            order by b.name collate natural_sort, l.number collate natural_sort;
            select a.id, a.building_id, a.kind, a.meeting_at, a.status, m.token, m.attendance
            from assembly_members m join assemblies a on a.id = m.assembly_id
            where m.owner_id = @ViewerOwnerId and a.organisation_id = @OrgId and a.meeting_at > now() - interval '1 year'
            order by a.meeting_at desc;
            select p.id, p.building_id, p.question, p.closes_on,
                   exists (select 1 from poll_answers x where x.poll_id = p.id and x.owner_id = @ViewerOwnerId) as answered
            from polls p
            where p.building_id in (select l.building_id from lot_ownerships o join lots l on l.id = o.lot_id
                                    where o.owner_id = @ViewerOwnerId and o.organisation_id = @OrgId and {Ownerships.HeldToday})
              and p.organisation_id = @OrgId and current_date between p.opens_on and p.closes_on
            order by p.closes_on;
            select e.building_id, sum(l.debit - l.credit) from journal_lines l join journal_entries e on e.id = l.entry_id
            where l.owner_id = @ViewerOwnerId and l.account_code = '410' and e.organisation_id = @OrgId group by e.building_id
            """, User.Viewer().Params());
        Buildings = (await results.ReadAsync<Holding>()).GroupBy(h => h.BuildingId).ToList();
        Assemblies = (await results.ReadAsync<MyAssembly>()).AsList();
        Polls = (await results.ReadAsync<OpenPoll>()).AsList();
        Balances = (await results.ReadAsync<(long BuildingId, decimal Balance)>()).ToDictionary(x => x.BuildingId, x => x.Balance);
    }
}
