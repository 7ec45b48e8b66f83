using KoproGo.Web.Infrastructure;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.Extensions.Localization;

namespace KoproGo.Web.Pages.Community;

/// <summary>
/// The neighbours' skills directory: what members can help with, searchable by words and category. A member's skills
/// are shown to the others only once they opted in to the directory; they always see and delete their own.
/// </summary>
public sealed class SkillsModel(Db db, IStringLocalizer<SharedResource> l) : PageModel
{
    public sealed record Row(long Id, string Category, string Title, string Description, int? CreditsPerHour, string Member, bool Mine);

    public sealed class SkillInput
    {
        public string? Category { get; set; }
        public string? Title { get; set; }
        public string? Description { get; set; }
        public bool InSel { get; set; }
        public string? CreditsPerHour { get; set; } = "1";
    }

    [BindProperty] public SkillInput Input { get; set; } = new();
    [BindProperty(SupportsGet = true)] public string? Q { get; set; }
    [BindProperty(SupportsGet = true)] public string? Category { get; set; }

    public CommunityBuilding Building { get; private set; } = null!;
    public IReadOnlyList<Row> Rows { get; private set; } = [];
    public bool Listed { get; private set; }

    private async Task<bool> Load(long id)
    {
        if (await CommunityBuilding.Find(db, User.Viewer(), id) is not { } building) return false;
        Building = building;
        var category = Labels.CommunityCategories.Contains(Category) ? Category : null;
        var words = FormInput.Trimmed(Q) is { } q ? "%" + q.Replace("\\", "\\\\").Replace("%", "\\%").Replace("_", "\\_") + "%" : null;
        var me = building.MemberId ?? 0;
        Rows = await db.Query<Row>($"""
            select s.id, s.category, s.title, s.description, s.credits_per_hour, o.name as member, s.member_id = @me as mine
            from skills s join neighbours o on o.id = s.member_id join community_members p on p.id = s.member_id
            where s.building_id = @id and (p.in_directory or s.member_id = @me)
              and (@category::text is null or s.category = @category)
              and (@words::text is null or s.title ilike @words or s.description ilike @words)
            order by s.category, s.title limit 300
            """, new { id, me, category, words });
        Listed = await db.Scalar<bool>("select coalesce((select in_directory from community_members where id = @me), false)", new { me });
        return true;
    }

    public async Task<IActionResult> OnGet(long id) => await Load(id) ? Page() : NotFound();

    public async Task<IActionResult> OnPost(long id)
    {
        if (!await Load(id)) return NotFound();
        if (Building.MemberId is not long me) return Forbid();
        var check = new FormCheck(ModelState, l, nameof(Input));
        var category = check.Choice(nameof(Input.Category), Input.Category, Labels.CommunityCategories);
        var title = check.Required(nameof(Input.Title), Input.Title, 120);
        var description = check.Optional(nameof(Input.Description), Input.Description, 2000);
        var credits = Input.InSel ? check.Integer(nameof(Input.CreditsPerHour), Input.CreditsPerHour, Domain.Community.Sel.MinCredits, Domain.Community.Sel.MaxCredits, required: true) : null;
        if (!ModelState.IsValid) return Page();
        await db.Execute("""
            insert into skills (building_id, member_id, category, title, description, credits_per_hour) values (@id, @me, @category, @title, coalesce(@description, ''), @credits)
            """, new { id, me, category, title, description, credits });
        TempData["Notice"] = Listed ? "Your skill is published." : "Your skill is saved. Your neighbours will see it once you choose to appear in the directory.";
        return Redirect($"/buildings/{id}/skills");
    }

    public async Task<IActionResult> OnPostDelete(long id, long skillId)
    {
        if (!await Load(id)) return NotFound();
        if (Building.MemberId is not long me) return Forbid();
        var deleted = await db.Execute("delete from skills where id = @skillId and building_id = @id and member_id = @me", new { skillId, id, me });
        if (deleted == 0) return NotFound();
        TempData["Notice"] = "Your skill is deleted.";
        return Redirect($"/buildings/{id}/skills");
    }
}
