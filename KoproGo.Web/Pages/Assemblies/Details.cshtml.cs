using Dapper;
using KoproGo.Web.Infrastructure;
using KoproGo.Web.Infrastructure.Mail;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.Extensions.Localization;

namespace KoproGo.Web.Pages.Assemblies;

/// <summary>An assembly: its agenda (built while in preparation), the convocation and who opened and answered it.</summary>
[Authorize(Policy = Policies.BuildingReader)]
public sealed class DetailsModel(Db db, Outbox outbox, IStringLocalizer<SharedResource> l) : PageModel
{
    public sealed record OwnerRequest(long Id, string OwnerName, string Title, string Body);

    public Assembly Item { get; private set; } = null!;
    public IReadOnlyList<AgendaItem> Items { get; private set; } = [];
    public IReadOnlyList<Member> Members { get; private set; } = [];
    public IReadOnlyList<OwnerRequest> Requests { get; private set; } = [];
    public long? SecondAssemblyId { get; private set; }
    public bool CanManage => User.IsInRole(Roles.Syndic);

    private async Task<bool> Load(long id)
    {
        var assembly = await AssemblyData.Find(db, User.Viewer(), id);
        if (assembly is null) return false;
        Item = assembly;
        // the agenda, the members, the assembly that follows this one and, while in preparation, the owners' requests: one round trip
        await using var results = await db.QueryMultiple($"""
            {AssemblyData.ItemsSql};
            {AssemblyData.MembersSql};
            select id from assemblies where first_assembly_id = @assemblyId;
            {(assembly.IsDraft ? $"""
                select r.id, {Labels.PersonNameSql("o")} as owner_name, r.title, r.body
                from agenda_requests r join owners o on o.id = r.owner_id
                where r.building_id = @BuildingId and r.status = 'pending' order by r.created_at
                """ : "")}
            """, new { assemblyId = id, token = (string?)null, assembly.BuildingId });
        Items = await AssemblyData.ReadItems(results);
        Members = (await results.ReadAsync<Member>()).AsList();
        SecondAssemblyId = await results.ReadSingleOrDefaultAsync<long?>();
        if (assembly.IsDraft) Requests = (await results.ReadAsync<OwnerRequest>()).AsList();
        return true;
    }

    public async Task<IActionResult> OnGet(long id) => await Load(id) ? Page() : NotFound();

    /// <summary>Loads the assembly for a change by the syndic while in preparation; null when that is not allowed.</summary>
    private async Task<IActionResult?> Refuse(long id)
    {
        if (!CanManage) return Forbid();
        if (!await Load(id)) return NotFound();
        if (await AssemblyData.LockStatus(db, id) != "draft") return BadRequest();
        return null;
    }

    public async Task<IActionResult> OnPostConvene(long id)
    {
        if (await Refuse(id) is { } refused) return refused;
        if (!Items.Any(i => i.IsVoted)) ModelState.AddModelError("", l["Add at least one item to vote on before sending the convocation."]);
        var (inTime, latest) = Convocations.Timing(Item);
        if (!inTime)
            ModelState.AddModelError("", l["Too late to convene this meeting: the convocation had to leave by {0} ({1} days before, art. 3.87 §3). Move the meeting to {2} or later.",
                latest.ToString("d"), Item.ConvocationDays, BrusselsTime.Today.AddDays(Item.ConvocationDays).ToString("d")]);
        if (!ModelState.IsValid) return Page();
        await Convocations.Send(db, outbox, User.Viewer(), Item);
        TempData["Notice"] = "The convocation has been sent.";
        return Redirect($"/assemblies/{id}");
    }

    public async Task<IActionResult> OnPostMove(long id, long itemId, int by)
    {
        if (await Refuse(id) is { } refused) return refused;
        var item = Items.FirstOrDefault(i => i.Id == itemId);
        var other = item is null ? null : Items.FirstOrDefault(i => i.Position == item.Position + Math.Sign(by));
        if (item is null || other is null) return Redirect($"/assemblies/{id}");
        await db.Execute("set constraints agenda_items_position_unique deferred");
        await db.Execute("update agenda_items set position = case id when @a then @pb else @pa end where id in (@a, @b) and assembly_id = @id",
            new { a = item.Id, b = other.Id, pa = item.Position, pb = other.Position, id });
        return Redirect($"/assemblies/{id}#agenda");
    }

    public async Task<IActionResult> OnPostDeleteItem(long id, long itemId)
    {
        if (await Refuse(id) is { } refused) return refused;
        var item = Items.FirstOrDefault(i => i.Id == itemId);
        if (item is null) return NotFound();
        await db.Execute("set constraints agenda_items_position_unique deferred");
        await db.Execute("update agenda_requests set status = 'pending', agenda_item_id = null where agenda_item_id = @itemId", new { itemId });
        await db.Execute("delete from agenda_items where id = @itemId and assembly_id = @id", new { itemId, id });
        await db.Execute("update agenda_items set position = position - 1 where assembly_id = @id and position > @Position", new { id, item.Position });
        TempData["Notice"] = "The item has been removed from the agenda.";
        return Redirect($"/assemblies/{id}#agenda");
    }

    public async Task<IActionResult> OnPostAcceptRequest(long id, long requestId)
    {
        if (await Refuse(id) is { } refused) return refused;
        var request = Requests.FirstOrDefault(r => r.Id == requestId);
        if (request is null) return NotFound();
        var itemId = await AssemblyData.AppendItem(db, id, request.Title, request.Body, "ordinary", "absolute");
        await db.Execute("update agenda_requests set status = 'accepted', agenda_item_id = @itemId, answered_at = now() where id = @requestId",
            new { itemId, requestId });
        TempData["Notice"] = "The request has been added to the agenda.";
        return Redirect($"/assemblies/{id}#agenda");
    }

    public async Task<IActionResult> OnPostDeclineRequest(long id, long requestId)
    {
        if (await Refuse(id) is { } refused) return refused;
        if (Requests.All(r => r.Id != requestId)) return NotFound();
        await db.Execute("update agenda_requests set status = 'declined', answered_at = now() where id = @requestId", new { requestId });
        TempData["Notice"] = "The request has been declined.";
        return Redirect($"/assemblies/{id}");
    }
}
