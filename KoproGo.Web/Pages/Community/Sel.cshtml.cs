using KoproGo.Domain;
using KoproGo.Domain.Community;
using KoproGo.Web.Infrastructure;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.Extensions.Localization;

namespace KoproGo.Web.Pages.Community;

/// <summary>
/// The building's local exchange system: what neighbours offer (filter by kind and category), the member's balance and
/// exchanges, and a form to offer something. Members are the building's owners and, where it lets them in, its residents;
/// the syndic moderates.
/// </summary>
public sealed class SelModel(Db db, IStringLocalizer<SharedResource> l) : PageModel
{
    public sealed record Offer(long Id, string Kind, string Category, string Title, int Credits, string Provider, DateTime CreatedAt);
    public sealed record Mine(long Id, string Title, int Credits, string Status, bool Providing, string? Other);

    public sealed class OfferInput
    {
        public string? Kind { get; set; } = "service";
        public string? Category { get; set; }
        public string? Title { get; set; }
        public string? Description { get; set; }
        public string? Credits { get; set; } = "1";
    }

    [BindProperty] public OfferInput Input { get; set; } = new();
    [BindProperty(SupportsGet = true)] public string? Kind { get; set; }
    [BindProperty(SupportsGet = true)] public string? Category { get; set; }

    public CommunityBuilding Building { get; private set; } = null!;
    public int Balance { get; private set; }
    public IReadOnlyList<Offer> Offers { get; private set; } = [];
    public IReadOnlyList<Mine> Exchanges { get; private set; } = [];

    private async Task<bool> Load(long id)
    {
        if (await CommunityBuilding.Find(db, User.Viewer(), id) is not { } building) return false;
        Building = building;
        var kind = Labels.ExchangeKindCodes.Contains(Kind) ? Kind : null;
        var category = Labels.CommunityCategories.Contains(Category) ? Category : null;
        // What the neighbours offer: a member's own open offers are among their exchanges below, not here.
        Offers = await db.Query<Offer>($"""
            select x.id, x.kind, x.category, x.title, x.credits, o.name as provider, x.created_at
            from sel_exchanges x join neighbours o on o.id = x.provider_id
            where x.building_id = @id and x.status = 'offered' and x.provider_id is distinct from @me::bigint
              and (@kind::text is null or x.kind = @kind) and (@category::text is null or x.category = @category)
            order by x.created_at desc limit 200
            """, new { id, kind, category, me = building.MemberId });
        if (building.MemberId is long me)
        {
            Balance = await CommunityBuilding.Balance(db, id, me);
            Exchanges = await db.Query<Mine>($"""
                select x.id, x.title, x.credits, x.status, x.provider_id = @me as providing,
                       case when x.provider_id = @me then r.name else p.name end as other
                from sel_exchanges x join neighbours p on p.id = x.provider_id left join neighbours r on r.id = x.requester_id
                where x.building_id = @id and (x.provider_id = @me or x.requester_id = @me)
                order by (x.status in ('requested', 'in_progress')) desc, x.created_at desc limit 100
                """, new { id, me });
        }
        return true;
    }

    public async Task<IActionResult> OnGet(long id) => await Load(id) ? Page() : NotFound();

    public async Task<IActionResult> OnPost(long id)
    {
        if (!await Load(id)) return NotFound();
        if (Building.MemberId is not long me) return Forbid();
        var check = new FormCheck(ModelState, l, nameof(Input));
        if (!Codes.TryParse<ExchangeKind>(Input.Kind, out var kind)) check.Error(nameof(Input.Kind), "Choose one of the options offered.");
        var category = check.Choice(nameof(Input.Category), Input.Category, Labels.CommunityCategories);
        var title = check.Required(nameof(Input.Title), Input.Title, 120);
        var description = check.Optional(nameof(Input.Description), Input.Description, 2000);
        var credits = check.Integer(nameof(Input.Credits), Input.Credits, Sel.MinCredits, Sel.MaxCredits, required: true);
        if (!ModelState.IsValid) return Page();
        var exchangeId = await db.Scalar<long>("""
            insert into sel_exchanges (organisation_id, building_id, provider_id, kind, category, title, description, credits)
            select organisation_id, id, @me, @kind, @category, @title, coalesce(@description, ''), @credits from buildings where id = @id returning id
            """, new { id, me, kind = kind.ToCode(), category, title, description, credits });
        TempData["Notice"] = "Your offer is published: your neighbours can ask for it.";
        return Redirect($"/sel/{exchangeId}");
    }
}
