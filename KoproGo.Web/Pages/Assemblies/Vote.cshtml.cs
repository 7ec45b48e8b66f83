using KoproGo.Domain;
using KoproGo.Domain.Assemblies;
using KoproGo.Web.Infrastructure;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.Extensions.Localization;
using Npgsql;

namespace KoproGo.Web.Pages.Assemblies;

/// <summary>
/// Voting from a phone in the room: an owner recorded as present votes for their own lots and for the owners whose
/// proxy they hold, while the vote is open; they can change their vote until it closes.
/// </summary>
[Authorize(Policy = Policies.Owner)]
public sealed class VoteModel(Db db, IStringLocalizer<SharedResource> l) : PageModel
{
    public Assembly Item { get; private set; } = null!;
    public IReadOnlyList<AgendaItem> OpenItems { get; private set; } = [];
    public IReadOnlyList<Member> VotingFor { get; private set; } = [];
    public IReadOnlyList<AssemblyData.CastVote> Votes { get; private set; } = [];
    public bool Present { get; private set; }

    private async Task<bool> Load(long id)
    {
        var viewer = User.Viewer();
        var assembly = await AssemblyData.FindForOwner(db, viewer, id);
        if (assembly is null) return false;
        Item = assembly;
        OpenItems = (await AssemblyData.Items(db, id)).Where(i => i.VoteStatus == "open").ToList();
        var members = await AssemblyData.Members(db, id);
        var me = members.Single(m => m.OwnerId == viewer.OwnerId);
        Present = me.Attendance == "present";
        VotingFor = Present ? members.Where(m => m.OwnerId == me.OwnerId || (m.Attendance == "represented" && m.ProxyOwnerId == me.OwnerId)).ToList() : [];
        Votes = await AssemblyData.Votes(db, id);
        return true;
    }

    public async Task<IActionResult> OnGet(long id) => await Load(id) ? Page() : NotFound();

    public async Task<IActionResult> OnPost(long id, long itemId, long ownerId, string? choice)
    {
        if (!await Load(id)) return NotFound();
        var item = OpenItems.FirstOrDefault(i => i.Id == itemId);
        if (VotingFor.All(m => m.OwnerId != ownerId))
            ModelState.AddModelError("", l["You cannot vote for this owner's lots: only for your own, and for those whose proxy you hold, while you are recorded as present."]);
        else if (item is null)
            ModelState.AddModelError("", l["The vote on this item is closed: it can no longer change."]);
        else if (!Codes.TryParse<Choice>(choice, out _))
            ModelState.AddModelError("", l["Choose one of the answers offered."]);
        if (!ModelState.IsValid) return Page();
        try
        {
            var previous = Votes.FirstOrDefault(v => v.AgendaItemId == itemId && v.OwnerId == ownerId)?.Choice;
            await VoteRecorder.Record(db, User.Viewer(), Sessions.ProviderOf(User), item!, ownerId, choice, previous);
        }
        catch (PostgresException e) when (VoteRecorder.IsRefusal(e))
        {
            await db.Rollback();
            await Load(id);
            ModelState.AddModelError("", l["The vote on this item is closed: it can no longer change."]);
            return Page();
        }
        TempData["Notice"] = "Your vote has been recorded.";
        return Redirect($"/assemblies/{id}/vote");
    }
}
