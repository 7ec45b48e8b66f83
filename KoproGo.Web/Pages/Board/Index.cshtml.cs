using KoproGo.Domain;
using KoproGo.Domain.Assemblies;
using KoproGo.Web.Infrastructure;
using KoproGo.Web.Infrastructure.Pdf;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.Extensions.Localization;
using Npgsql;

namespace KoproGo.Web.Pages.Board;

/// <summary>
/// The board of co-owners (art. 3.90): its members and their mandates, elected at an assembly, and its follow-up of
/// the assembly's decisions, with a report for the next ordinary assembly.
/// </summary>
[Authorize(Policy = Policies.BuildingReader)]
public sealed class IndexModel(Db db, PdfRenderer pdf, IStringLocalizer<SharedResource> l) : PageModel
{
    public sealed record BoardMember(long Id, long OwnerId, string Name, string Role, DateOnly MandateFrom, DateOnly MandateTo, DateTime? AssemblyAt);

    public sealed record Decision(long Id, string Title, string? Responsible, DateOnly? Deadline, string Status, string Notes, DateTime? AssemblyAt)
    {
        public string ShownStatus => DecisionFollowUp.Shown(DecisionFollowUp.FromCode(Status), Deadline, BrusselsTime.Today).ToCode();
    }

    public sealed record Choice(long Id, string Text);

    public sealed class ElectionInput
    {
        public string? OwnerId { get; set; }
        public string? Role { get; set; } = "member";
        public string? From { get; set; }
        public string? To { get; set; }
        public string? AssemblyId { get; set; }
    }

    public sealed record Report(string BuildingName, IReadOnlyList<BoardMember> Members, IReadOnlyList<Decision> Decisions);

    public long BuildingId { get; private set; }
    public string BuildingName { get; private set; } = "";
    public string BuildingLanguage { get; private set; } = "fr";
    public IReadOnlyList<BoardMember> Current { get; private set; } = [];
    public IReadOnlyList<BoardMember> Past { get; private set; } = [];
    public IReadOnlyList<Decision> Decisions { get; private set; } = [];
    public IReadOnlyList<Choice> Owners { get; private set; } = [];
    public IReadOnlyList<Choice> Assemblies { get; private set; } = [];
    [BindProperty] public ElectionInput Input { get; set; } = new();
    public bool CanManage => User.IsInRole(Roles.Syndic);

    private sealed record BuildingRef(long Id, string Name, string Language);

    private async Task<bool> Load(long id)
    {
        var b = await db.QuerySingleOrDefault<BuildingRef>(
            $"select b.id, b.name, b.language from buildings b where b.id = @id and {Viewer.VisibleBuilding}", User.Viewer().Params(new { id }));
        if (b is null) return false;
        (BuildingId, BuildingName, BuildingLanguage) = (b.Id, b.Name, b.Language);
        var all = await db.Query<BoardMember>($"""
            select m.id, m.owner_id, {Labels.PersonNameSql("o")} as name, m.role, m.mandate_from, m.mandate_to, a.meeting_at as assembly_at
            from board_members m join owners o on o.id = m.owner_id left join assemblies a on a.id = m.assembly_id
            where m.building_id = @id order by m.role = 'president' desc, m.mandate_from desc, o.last_name collate natural_sort
            """, new { id });
        var today = BrusselsTime.Today;
        Current = all.Where(m => m.MandateFrom <= today && m.MandateTo > today).ToList();
        Past = all.Except(Current).ToList();
        Decisions = await db.Query<Decision>("""
            select d.id, d.title, d.responsible, d.deadline, d.status, d.notes, a.meeting_at as assembly_at
            from decisions d left join agenda_items i on i.id = d.agenda_item_id left join assemblies a on a.id = i.assembly_id
            where d.building_id = @id order by d.status in ('done', 'cancelled'), d.deadline nulls last, d.id
            """, new { id });
        if (CanManage)
        {
            Owners = await db.Query<Choice>($"""
                select distinct ow.id, {Labels.PersonNameSql("ow")} as text
                from lot_ownerships o join lots l on l.id = o.lot_id join owners ow on ow.id = o.owner_id
                where l.building_id = @id and {Ownerships.HeldToday}
                order by text
                """, new { id });
            Assemblies = (await db.Query<(long Id, DateTime MeetingAt)>(
                "select id, meeting_at from assemblies where building_id = @id and status = 'closed' order by meeting_at desc", new { id }))
                .Select(a => new Choice(a.Id, BrusselsTime.FromUtc(a.MeetingAt).ToString("d"))).ToList();
        }
        return true;
    }

    public async Task<IActionResult> OnGet(long id) => await Load(id) ? Page() : NotFound();

    public async Task<IActionResult> OnPostElect(long id)
    {
        if (!CanManage) return Forbid();
        if (!await Load(id)) return NotFound();
        var check = new FormCheck(ModelState, l, "Input");
        long? ownerId = long.TryParse(Input.OwnerId, out var o) && Owners.Any(x => x.Id == o) ? o : null;
        if (ownerId is null) check.Error(nameof(Input.OwnerId), "Choose an owner of the building.");
        var role = Input.Role is "president" or "member" ? Input.Role : null;
        if (role is null) check.Error(nameof(Input.Role), "Choose one of the roles offered.");
        var from = check.Date(nameof(Input.From), Input.From, required: true);
        var to = check.Date(nameof(Input.To), Input.To, required: true);
        if (from is not null && to is not null && to <= from) check.Error(nameof(Input.To), "The end of the mandate must come after its start.");
        else if (from is { } start && to is { } end && !BoardMandate.IsValid(start, end))
            check.Error(nameof(Input.To), "A board member is appointed for one year at most (art. 3.90 §1): end the mandate on {0} at the latest; a renewal is a new mandate.",
                BoardMandate.LatestEnd(start).ToString("d"));
        long? assemblyId = null;
        if (FormInput.Trimmed(Input.AssemblyId) is { } a)
        {
            if (long.TryParse(a, out var aid) && Assemblies.Any(x => x.Id == aid)) assemblyId = aid;
            else check.Error(nameof(Input.AssemblyId), "Choose one of the assemblies offered.");
        }
        if (ownerId is not null && await Syndics.IsOwnerASyndic(db, ownerId.Value))
            check.Error(nameof(Input.OwnerId), "The syndic cannot be a member of the board (art. 3.90 §1).");
        if (!ModelState.IsValid) return Page();
        try
        {
            var memberId = await db.Scalar<long>("""
                insert into board_members (organisation_id, building_id, owner_id, role, assembly_id, mandate_from, mandate_to)
                select organisation_id, id, @ownerId, @role, @assemblyId, @from, @to from buildings where id = @id
                returning id
                """, new { ownerId, role, assemblyId, from, to, id });
            await BoardRoles.Sync(db, id);
            await AuditLog.Record(db, User.Viewer(), "board_member", memberId, "elected",
                AuditLog.Says("{0}: {1}, {2}, {3} – {4}", BuildingName, Owners.First(x => x.Id == ownerId).Text, new AuditLog.Term(Labels.BoardRole(role!)), from, to));
        }
        catch (PostgresException e) when (e.ConstraintName is "board_members_no_overlap" or "board_one_president")
        {
            await db.Rollback();
            await Load(id);
            if (e.ConstraintName == "board_one_president") check.Error(nameof(Input.Role), "The board already has a president for these dates.");
            else check.Error(nameof(Input.OwnerId), "This owner already has a mandate for these dates: end it first, or start the new one after it (renewal).");
            return Page();
        }
        TempData["Notice"] = "The board member has been recorded.";
        return Redirect($"/buildings/{id}/board");
    }

    public async Task<IActionResult> OnPostEnd(long id, long memberId)
    {
        if (!CanManage) return Forbid();
        if (!await Load(id)) return NotFound();
        var member = Current.FirstOrDefault(m => m.Id == memberId);
        if (member is null) return NotFound();
        var today = BrusselsTime.Today;
        // A mandate that started today simply disappears; otherwise it ends today.
        if (member.MandateFrom >= today) await db.Execute("delete from board_members where id = @memberId", new { memberId });
        else await db.Execute("update board_members set mandate_to = @today where id = @memberId", new { today, memberId });
        await BoardRoles.Sync(db, id);
        await AuditLog.Record(db, User.Viewer(), "board_member", memberId, "ended", AuditLog.Says("{0}: {1} until {2}", BuildingName, member.Name, today));
        TempData["Notice"] = "The mandate has been ended.";
        return Redirect($"/buildings/{id}/board");
    }

    /// <summary>The board's report for the next ordinary assembly: members and the follow-up of every decision.</summary>
    public async Task<IActionResult> OnGetReport(long id, CancellationToken cancellationToken)
    {
        if (!await Load(id)) return NotFound();
        await db.Release();
        var frame = new PdfFrame(BuildingName, BrusselsTime.Today.ToString("d", Languages.Culture(BuildingLanguage)),
            Languages.Text(BuildingLanguage, "Report of the board of co-owners"));
        return await pdf.Download("/Pdf/BoardReport.cshtml", new Report(BuildingName, Current, Decisions), BuildingLanguage, frame,
            $"board-report-{BrusselsTime.Today:yyyy-MM-dd}.pdf", cancellationToken);
    }
}
