using KoproGo.Domain.Assemblies;
using KoproGo.Web.Infrastructure;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.Extensions.Localization;

namespace KoproGo.Web.Pages.Requests;

/// <summary>
/// What owners may ask of the syndic (art. 3.87 §2): an item on the next agenda, and an assembly — which the syndic must
/// call once the owners asking hold one fifth of the shares, or they may call it themselves 15 days later.
/// </summary>
[Authorize(Policy = Policies.Owner)]
public sealed class IndexModel(Db db, Notifier notifier, IStringLocalizer<SharedResource> l) : PageModel
{
    public sealed record MyItem(string Title, string Status, DateTime CreatedAt);

    public sealed class AssemblyRequest
    {
        public long Id { get; init; }
        public string Reason { get; init; } = "";
        public DateOnly? ThresholdReachedOn { get; init; }
        public long Signatures { get; init; }
        public long Shares { get; init; }
        public bool Signed { get; init; }
    }

    /// <summary>SQL: the shares of the owners who signed the request aliased <c>r</c> (the quotas of the lots they vote for today).</summary>
    public const string SignedShares = """
        coalesce((select sum(v.quota) from lot_voters v join assembly_request_signatures s on s.owner_id = v.owner_id
                  where s.request_id = r.id and v.building_id = r.building_id), 0)
        """;

    public long BuildingId { get; private set; }
    public string BuildingName { get; private set; } = "";
    public int TotalShares { get; private set; }
    public IReadOnlyList<MyItem> MyItems { get; private set; } = [];
    public IReadOnlyList<AssemblyRequest> AssemblyRequests { get; private set; } = [];
    [BindProperty] public string? Title { get; set; }
    [BindProperty] public string? Body { get; set; }
    [BindProperty] public string? Reason { get; set; }

    private sealed record BuildingRef(long Id, string Name, int TotalShares);

    private async Task<bool> Load(long id)
    {
        var building = await db.QuerySingleOrDefault<BuildingRef>($"""
            select b.id, b.name, b.total_shares from buildings b
            where b.id = @id and b.organisation_id = @OrgId and {Ownerships.ViewerHoldsLotIn("b.id")}
            """, User.Viewer().Params(new { id }));
        if (building is null) return false;
        (BuildingId, BuildingName, TotalShares) = (building.Id, building.Name, building.TotalShares);
        MyItems = await db.Query<MyItem>("""
            select title, status, created_at from agenda_requests where building_id = @id and owner_id = @ViewerOwnerId order by created_at desc
            """, User.Viewer().Params(new { id }));
        AssemblyRequests = await db.Query<AssemblyRequest>($"""
            select r.id, r.reason, r.threshold_reached_on,
                   (select count(*) from assembly_request_signatures s where s.request_id = r.id) as signatures,
                   {SignedShares} as shares,
                   exists (select 1 from assembly_request_signatures s where s.request_id = r.id and s.owner_id = @ViewerOwnerId) as signed
            from assembly_requests r where r.building_id = @id and r.assembly_id is null order by r.created_at
            """, User.Viewer().Params(new { id }));
        return true;
    }

    public async Task<IActionResult> OnGet(long id) => await Load(id) ? Page() : NotFound();

    public async Task<IActionResult> OnPostItem(long id)
    {
        if (!await Load(id)) return NotFound();
        var check = new FormCheck(ModelState, l, "");
        var title = check.Required(nameof(Title), Title, 200);
        var body = check.Optional(nameof(Body), Body, 5000) ?? "";
        if (!ModelState.IsValid) return Page();
        await db.Execute("""
            insert into agenda_requests (organisation_id, building_id, owner_id, title, body)
            select organisation_id, id, @ViewerOwnerId, @title, @body from buildings where id = @id
            """, User.Viewer().Params(new { id, title, body }));
        await notifier.Send(db, await Syndics.UserIds(db, BuildingId), new Notifier.News("An owner asks for an agenda item", [],
            "{0} asks for \"{1}\" on the agenda of {2}.", [User.Viewer().Name, title!, BuildingName], $"/buildings/{id}/assemblies"));
        TempData["Notice"] = "Your request has been sent to the syndic.";
        return Redirect($"/buildings/{id}/requests");
    }

    public async Task<IActionResult> OnPostAssembly(long id)
    {
        if (!await Load(id)) return NotFound();
        var check = new FormCheck(ModelState, l, "");
        var reason = check.Required(nameof(Reason), Reason, 2000);
        if (!ModelState.IsValid) return Page();
        var requestId = await db.Scalar<long>("""
            insert into assembly_requests (organisation_id, building_id, reason) select organisation_id, id, @reason from buildings where id = @id
            returning id
            """, new { reason, id });
        return await Sign(id, requestId);
    }

    public async Task<IActionResult> OnPostSign(long id, long requestId)
    {
        if (!await Load(id)) return NotFound();
        if (AssemblyRequests.All(r => r.Id != requestId)) return NotFound();
        return await Sign(id, requestId);
    }

    private async Task<IActionResult> Sign(long id, long requestId)
    {
        await db.Execute("""
            insert into assembly_request_signatures (request_id, organisation_id, owner_id)
            select id, organisation_id, @ViewerOwnerId from assembly_requests where id = @requestId
            on conflict do nothing
            """, User.Viewer().Params(new { requestId }));
        // Locked, so two owners signing at once cannot both miss (or both record) the day one fifth is reached.
        var reached = await db.Scalar<DateOnly?>("select threshold_reached_on from assembly_requests where id = @requestId for update", new { requestId });
        var shares = await db.Scalar<long>($"select {SignedShares} from assembly_requests r where r.id = @requestId", new { requestId });
        if (reached is null && Delays.MayRequestAssembly(shares, TotalShares))
        {
            var today = BrusselsTime.Today;
            await db.Execute("update assembly_requests set threshold_reached_on = @today where id = @requestId", new { today, requestId });
            await notifier.Send(db, await Syndics.UserIds(db, BuildingId), new Notifier.News("Owners holding one fifth of the shares ask for an assembly", [],
                "The owners of {0} who asked hold {1} of {2} shares: call the assembly by {3} (art. 3.87 §2).",
                [BuildingName, shares.ToString("N0"), TotalShares.ToString("N0"), Delays.OwnersMayConvene(today).ToString("d")], $"/buildings/{id}/assemblies"));
        }
        TempData["Notice"] = "Your signature has been recorded.";
        return Redirect($"/buildings/{id}/requests");
    }
}
