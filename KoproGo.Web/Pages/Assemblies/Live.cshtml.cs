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
/// The assembly screen: attendance and proxies, the quorum as it changes, each resolution's vote and count. The
/// syndic records attendance and the votes given in the room; owners present vote from their phone (Vote page).
/// The status panel refreshes itself with htmx, and by the Refresh link without JavaScript.
/// </summary>
[Authorize(Policy = Policies.BuildingReader)]
public sealed class LiveModel(Db db, Notifier notifier, IStringLocalizer<SharedResource> l) : PageModel
{
    public Assembly Item { get; private set; } = null!;
    public IReadOnlyList<AgendaItem> Items { get; private set; } = [];
    public IReadOnlyList<Member> Members { get; private set; } = [];
    public IReadOnlyList<AssemblyData.CastVote> Votes { get; private set; } = [];
    public AttendanceSummary Summary { get; private set; } = null!;
    public bool CanManage => User.IsInRole(Roles.Syndic);
    public bool InSession => Item.Status == "in_session";
    public AgendaItem? OpenItem => Items.FirstOrDefault(i => i.VoteStatus == "open");

    [BindProperty] public long OwnerId { get; set; }
    [BindProperty] public string? Attendance { get; set; }
    [BindProperty] public string? ProxyHolder { get; set; }
    [BindProperty] public string? ProxyName { get; set; }

    private async Task<bool> Load(long id)
    {
        var assembly = await AssemblyData.Find(db, User.Viewer(), id);
        if (assembly is null || assembly.ConvenedOn is null) return false;
        Item = assembly;
        Items = await AssemblyData.Items(db, id);
        Members = await AssemblyData.Members(db, id);
        Votes = await AssemblyData.Votes(db, id);
        Summary = AttendanceSummary.Of(Members, assembly);
        return true;
    }

    public TallyResult Count(AgendaItem item) => AssemblyData.Count(item, Members, Votes, Item.TotalShares);

    public async Task<IActionResult> OnGet(long id) => await Load(id) ? Page() : NotFound();

    /// <summary>The status panel alone, for htmx polling.</summary>
    /// <summary>What the status panel shows: the session, the attendance and every vote's counts.</summary>
    // computed once per request: the poll's handler compares it and the panel it renders sends it back
    public string StatusFingerprint => statusFingerprint ??= HtmxAnswers.Fingerprint(new { InSession, Summary, Items, Votes });
    private string? statusFingerprint;

    public async Task<IActionResult> OnGetStatus(long id) => await Load(id) ? this.Panel("_LiveStatus", StatusFingerprint) : NotFound();

    /// <summary>Loads and locks the assembly for a change by the syndic; a result when the change is refused outright.</summary>
    private async Task<IActionResult?> Refuse(long id, params string[] statuses)
    {
        if (!CanManage) return Forbid();
        if (!await Load(id)) return NotFound();
        var status = await AssemblyData.LockStatus(db, id);
        if (!statuses.Contains(status)) return Fail("The assembly is not in session.");
        return null;
    }

    private PageResult Fail(string key, params object[] args)
    {
        ModelState.AddModelError("", l[key, args]);
        return Page();
    }

    public async Task<IActionResult> OnPostOpen(long id)
    {
        if (await Refuse(id, "convened") is { } refused) return refused;
        if (BrusselsTime.Today < Item.MeetingDate) return Fail("The session can open on the day of the meeting ({0}).", Item.MeetingDate.ToString("d"));
        await db.Execute("update assemblies set status = 'in_session', opened_at = now() where id = @id", new { id });
        await AuditLog.Record(db, User.Viewer(), "assembly", id, "opened", AuditLog.Says("{0}: session opened", Item.BuildingName));
        return Redirect($"/assemblies/{id}/live");
    }

    public async Task<IActionResult> OnPostAttendance(long id)
    {
        if (await Refuse(id, "in_session") is { } refused) return refused;
        var member = Members.FirstOrDefault(m => m.OwnerId == OwnerId);
        if (member is null) return NotFound();
        if (OpenItem is not null) return Fail("Close the vote in progress before changing the attendance.");
        if (Attendance is not ("absent" or "present" or "represented")) return Fail("Choose one of the answers offered.");
        var holders = Members.Where(m => m.Attendance == "represented" && m.ProxyOwnerId == member.OwnerId).ToList();
        if (Attendance != "present" && holders.Count > 0)
            return Fail("{0} holds proxies ({1}): record those owners differently first.", member.Name, string.Join(", ", holders.Select(h => h.Name)));

        long? holderId = null;
        string? holderName = null;
        if (Attendance == "represented")
        {
            if (long.TryParse(ProxyHolder, out var h)) holderId = h;
            else holderName = FormInput.Trimmed(ProxyName);
            if (holderId is null && holderName is null) return Fail("Name the holder of {0}'s proxy: an owner of the list, or someone else by name.", member.Name);
            if (holderName?.Length > 200) return Fail("This is too long: at most {0} characters.", 200);
            var refusal = await CheckProxy(member, holderId, holderName);
            if (refusal is not null) return refusal;
        }
        await db.Execute("""
            update assembly_members set attendance = @Attendance, proxy_owner_id = @holderId, proxy_name = @holderName
            where assembly_id = @id and owner_id = @OwnerId
            """, new { Attendance, holderId, holderName, id, OwnerId });
        await AuditLog.Record(db, User.Viewer(), "assembly", id, "attendance", AuditLog.Says("{0}: {1}", member.Name, new AuditLog.Term(Labels.Attendance(Attendance!))),
            new { member.Attendance, member.ProxyOwnerId, member.ProxyName }, new { attendance = Attendance, proxy_owner_id = holderId, proxy_name = holderName });
        return Redirect($"/assemblies/{id}/live#attendance");
    }

    /// <summary>Art. 3.87 §7 on the proxy about to be recorded; a page with the reason when it is refused.</summary>
    private async Task<IActionResult?> CheckProxy(Member giver, long? holderId, string? holderName)
    {
        var holder = holderId is { } hid ? Members.FirstOrDefault(m => m.OwnerId == hid) : null;
        if (holderId is not null && holder is null) return NotFound();
        if (holder is not null && holder.Attendance != "present" && holder.OwnerId != giver.OwnerId)
            return Fail("{0} is not recorded as present: a proxy holder votes in the room.", holder.Name);
        var sameHolder = Members.Where(m => m.OwnerId != giver.OwnerId && m.Attendance == "represented" &&
            (holder is not null ? m.ProxyOwnerId == holder.OwnerId : string.Equals(m.ProxyName?.Trim(), holderName, StringComparison.OrdinalIgnoreCase))).ToList();
        var holderVotes = (holder?.Votes ?? 0L) + sameHolder.Sum(m => (long)m.Votes) + giver.Votes;
        var giverIsHolder = holder?.OwnerId == giver.OwnerId || string.Equals(holderName, giver.Name, StringComparison.OrdinalIgnoreCase);
        var holderIsSyndic = holder is not null ? await Syndics.IsOwnerASyndic(db, holder.OwnerId) : await Syndics.IsSyndicName(db, Item.BuildingId, holderName!);
        return Proxies.Check(giverIsHolder, holderIsSyndic, sameHolder.Count, holderVotes, Item.TotalShares) switch
        {
            ProxyRefusal.ToOneself => Fail("An owner cannot give a proxy to themself (art. 3.87 §7)."),
            ProxyRefusal.ToTheSyndic => Fail("The syndic may not hold a proxy (art. 3.87 §7)."),
            ProxyRefusal.TooMany => Fail("{0} already holds {1} proxies: a fourth is allowed only if their votes stay within 10% of the building's ({2} of {3} here, art. 3.87 §7).",
                holder?.Name ?? holderName!, sameHolder.Count, holderVotes.ToString("N0"), Item.TotalShares.ToString("N0")),
            _ => null,
        };
    }

    public async Task<IActionResult> OnPostOpenVote(long id, long itemId)
    {
        if (await Refuse(id, "in_session") is { } refused) return refused;
        var item = Items.FirstOrDefault(i => i.Id == itemId);
        if (item is null || !item.IsVoted || item.VoteStatus != "not_open") return NotFound();
        if (OpenItem is not null) return Fail("Close the vote in progress before opening another.");
        if (!Summary.QuorumReached) return Fail("The quorum is not reached: the assembly cannot vote (art. 3.87 §5).");
        await db.Execute("update agenda_items set vote_status = 'open' where id = @itemId", new { itemId });
        return Redirect($"/assemblies/{id}/live#item-{itemId}");
    }

    /// <param name="choices">Choices[ownerId] = for / against / abstain, or empty to withdraw the vote.</param>
    public async Task<IActionResult> OnPostVotes(long id, long itemId, [FromForm(Name = "Choices")] Dictionary<long, string?> choices)
    {
        if (await Refuse(id, "in_session") is { } refused) return refused;
        var item = Items.FirstOrDefault(i => i.Id == itemId);
        if (item is null) return NotFound();
        if (item.VoteStatus != "open") return Fail("The vote on this item is closed: it can no longer change.");
        foreach (var (ownerId, choice) in choices)
        {
            var member = Members.FirstOrDefault(m => m.OwnerId == ownerId && m.Attends);
            if (member is null) return Fail("Only owners present or represented vote.");
            if (!string.IsNullOrEmpty(choice) && !Codes.TryParse<Choice>(choice, out _)) return Fail("Choose one of the answers offered.");
        }
        try
        {
            foreach (var (ownerId, choice) in choices)
            {
                var previous = Votes.FirstOrDefault(v => v.AgendaItemId == itemId && v.OwnerId == ownerId)?.Choice;
                if (previous == (string.IsNullOrEmpty(choice) ? null : choice)) continue;
                await VoteRecorder.Record(db, User.Viewer(), Sessions.ProviderOf(User), item, ownerId, string.IsNullOrEmpty(choice) ? null : choice, previous);
            }
        }
        catch (PostgresException e) when (VoteRecorder.IsRefusal(e))
        {
            await db.Rollback();
            await Load(id);
            return Fail("The vote on this item is closed: it can no longer change.");
        }
        return Redirect($"/assemblies/{id}/live#item-{itemId}");
    }

    public async Task<IActionResult> OnPostCloseVote(long id, long itemId)
    {
        if (await Refuse(id, "in_session") is { } refused) return refused;
        var item = Items.FirstOrDefault(i => i.Id == itemId);
        if (item is null || item.VoteStatus != "open") return NotFound();
        // Locks the item: votes being written finish first, later ones find the vote closed.
        await db.Execute("select 1 from agenda_items where id = @itemId for update", new { itemId });
        Votes = await AssemblyData.Votes(db, id);
        var result = Count(item);
        await db.Execute("""
            update agenda_items set vote_status = 'closed', votes_for = @For, votes_against = @Against, votes_abstain = @Abstain,
                   votes_set_aside = @SetAside, adopted = @Adopted
            where id = @itemId
            """, new { result.For, result.Against, result.Abstain, result.SetAside, result.Adopted, itemId });
        await AuditLog.Record(db, User.Viewer(), "agenda_item", itemId, "vote_closed", result.Adopted ? AuditLog.Says("{0}: adopted", item.Title) : AuditLog.Says("{0}: rejected", item.Title),
            after: new { result.For, result.Against, result.Abstain, result.SetAside, result.Adopted, item.Majority });
        // Works put to this vote are accepted or go back to the syndic.
        await Works.WorksDecisions.AfterVote(db, notifier, User.Viewer(), itemId, result.Adopted);
        // A budget put to this vote is approved or rejected.
        await Budgets.BudgetData.AfterVote(db, notifier, User.Viewer(), itemId, result.Adopted);
        // A group energy purchase for the common supply may open to the owners (or is cancelled).
        await Energy.CampaignData.AfterVote(db, itemId, result.Adopted);
        return Redirect($"/assemblies/{id}/live#item-{itemId}");
    }

    /// <summary>Art. 3.87 §5: without quorum nothing is voted; a second assembly is prepared at least 15 days later.</summary>
    public async Task<IActionResult> OnPostNoQuorum(long id)
    {
        if (await Refuse(id, "in_session") is { } refused) return refused;
        if (Summary.QuorumReached) return Fail("The quorum is reached: the assembly can deliberate.");
        var meeting = BrusselsTime.ToUtc(Delays.EarliestSecondAssembly(Item.MeetingDate), TimeOnly.FromDateTime(Item.MeetingLocal));
        var second = await db.Scalar<long>("""
            insert into assemblies (organisation_id, building_id, kind, meeting_at, place, video_link, first_assembly_id)
            select organisation_id, building_id, kind, @meeting, place, video_link, id from assemblies where id = @id
            returning id
            """, new { meeting, id });
        await db.Execute("""
            insert into agenda_items (organisation_id, assembly_id, position, title, body, decision_kind, majority)
            select organisation_id, @second, position, title, body, decision_kind, majority from agenda_items where assembly_id = @id
            """, new { second, id });
        await db.Execute("""
            insert into agenda_item_documents (agenda_item_id, document_id)
            select n.id, d.document_id from agenda_item_documents d
            join agenda_items o on o.id = d.agenda_item_id join agenda_items n on n.assembly_id = @second and n.position = o.position
            where o.assembly_id = @id
            """, new { second, id });
        // Works and budgets put to the first assembly wait for the second one's vote.
        await db.Execute("""
            update works_requests w set agenda_item_id = n.id from agenda_items o join agenda_items n on n.assembly_id = @second and n.position = o.position
            where o.assembly_id = @id and w.agenda_item_id = o.id
            """, new { second, id });
        await db.Execute("""
            update budgets b set agenda_item_id = n.id from agenda_items o join agenda_items n on n.assembly_id = @second and n.position = o.position
            where o.assembly_id = @id and b.agenda_item_id = o.id
            """, new { second, id });
        await db.Execute("update assemblies set status = 'no_quorum', closed_at = now() where id = @id", new { id });
        await AuditLog.Record(db, User.Viewer(), "assembly", id, "no_quorum",
            AuditLog.Says("{0}: quorum not reached ({1} of {2} owners, {3} of {4} shares)", Item.BuildingName, Summary.Attending, Summary.Members, Summary.VotesAttending, Item.TotalShares));
        TempData["Notice"] = "A second assembly has been prepared with the same agenda: check its date and send its convocation.";
        return Redirect($"/assemblies/edit/{second}");
    }

    public async Task<IActionResult> OnPostClose(long id)
    {
        if (await Refuse(id, "in_session") is { } refused) return refused;
        if (OpenItem is not null) return Fail("Close the vote in progress before closing the session.");
        await db.Execute("update assemblies set status = 'closed', closed_at = now() where id = @id", new { id });
        // Each decision taken goes to the board's follow-up.
        await db.Execute("""
            insert into decisions (organisation_id, building_id, agenda_item_id, title)
            select a.organisation_id, a.building_id, i.id, i.title from agenda_items i join assemblies a on a.id = i.assembly_id
            where i.assembly_id = @id and i.adopted
            on conflict (agenda_item_id) do nothing
            """, new { id });
        var minutes = MinutesDraft.Write(Item, Items, Members, Summary);
        await db.Execute("update assemblies set minutes = coalesce(minutes, @minutes) where id = @id", new { minutes, id });
        await AuditLog.Record(db, User.Viewer(), "assembly", id, "closed", AuditLog.Says("{0}: session closed", Item.BuildingName));
        TempData["Notice"] = "The session is closed. The minutes are drafted: check them and send them.";
        return Redirect($"/assemblies/{id}/minutes");
    }
}

/// <summary>Gives, changes or withdraws one member's vote, with its line in the audit log when it really changed.</summary>
public static class VoteRecorder
{
    /// <summary>The vote keeps the sign-in of the person casting it (<paramref name="signIn"/>, null for a password).</summary>
    public static async Task Record(Db db, Viewer viewer, Sessions.ProviderSignIn? signIn, AgendaItem item, long ownerId, string? choice, string? previous)
    {
        // The statement itself says what it changed: the same vote sent twice (or fifty times at once) is written and
        // recorded once; the row lock of the upsert orders concurrent senders.
        var action = choice is null
            ? await db.QuerySingleOrDefault<string?>("delete from votes where agenda_item_id = @Id and owner_id = @ownerId returning 'withdrawn'", new { item.Id, ownerId })
            : await db.QuerySingleOrDefault<string?>("""
                insert into votes (agenda_item_id, assembly_id, owner_id, choice, cast_by, sign_in_acr, strong_sign_in)
                select @Id, assembly_id, @ownerId, @choice, @ViewerUserId, @acr, @strong from agenda_items where id = @Id
                on conflict (agenda_item_id, owner_id) do update set choice = excluded.choice, cast_by = excluded.cast_by, cast_at = now(),
                    sign_in_acr = excluded.sign_in_acr, strong_sign_in = excluded.strong_sign_in
                    where votes.choice is distinct from excluded.choice
                returning case when xmax = 0 then 'cast' else 'changed' end
                """, viewer.Params(new { item.Id, ownerId, choice, acr = signIn?.Acr, strong = signIn?.Strong ?? false }));
        if (action is null) return;
        await AuditLog.Record(db, viewer, "vote", item.Id, action,
            AuditLog.Says("{0}: owner {1}, {2}", item.Title, ownerId, choice is null ? "—" : new AuditLog.Term(Labels.Choice(choice))), new { owner_id = ownerId, choice = action == "cast" ? null : previous }, new { owner_id = ownerId, choice });
    }

    /// <summary>True when the database refused the vote because it is closed or the member is not there.</summary>
    public static bool IsRefusal(PostgresException e) => e.ConstraintName is "votes_only_while_open" or "votes_by_members_present";
}
