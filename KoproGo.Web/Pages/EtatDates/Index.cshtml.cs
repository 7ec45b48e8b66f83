using KoproGo.Domain.Sales;
using KoproGo.Web.Infrastructure;
using KoproGo.Web.Pages.Accounting;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.Extensions.Localization;

namespace KoproGo.Web.Pages.EtatDates;

/// <summary>
/// The états datés of a building: the notaries' requests with their 15-day deadline (late ones first), and the form that
/// registers a new request (the notary, the lots sold, the planned deed).
/// </summary>
[Authorize(Policy = Policies.Staff)]
public sealed class IndexModel(Db db, IStringLocalizer<SharedResource> l) : PageModel
{
    public const int PageSize = 25;

    public sealed class RequestInput
    {
        public string? NotaryName { get; set; }
        public string? NotaryFirm { get; set; }
        public string? NotaryEmail { get; set; }
        public string? NotaryReference { get; set; }
        public string? Language { get; set; }
        public string? Lots { get; set; }
        public string? ReceivedOn { get; set; }
        public string? DeedPlannedOn { get; set; }
    }

    public sealed record Row(long Id, string? Number, string NotaryName, string NotaryFirm, string Lots, DateOnly ReceivedOn, string State, DateOnly? ExpiresOn)
    {
        public DateOnly DueOn => EtatDateRules.DueOn(ReceivedOn);
        public bool Late => EtatDateRules.IsLate(State, ReceivedOn, BrusselsTime.Today);
    }

    [BindProperty] public RequestInput Input { get; set; } = new();

    public AccountingBuilding Building { get; private set; } = null!;
    public IReadOnlyList<Row> Rows { get; private set; } = [];
    public Paging Paging { get; private set; } = null!;

    private async Task<bool> Load(long id, int? pageNumber = null)
    {
        var building = await AccountingBuilding.Find(db, User.Viewer(), id);
        if (building is null || !building.CanEnter) return false;
        Building = building;
        var page = Paging.Clamp(pageNumber ?? 1);
        var total = await db.Scalar<long>("select count(*) from etat_dates where building_id = @id", new { id });
        Paging = new Paging(page, PageSize, total, $"/buildings/{id}/etats-dates", new Dictionary<string, string?>());
        // the open ones first, by deadline; then the others, latest first
        Rows = await db.Query<Row>("""
            select e.id, e.number, e.notary_name, e.notary_firm,
                   (select string_agg(l.number, ', ' order by l.number collate natural_sort) from etat_date_lots x join lots l on l.id = x.lot_id where x.etat_date_id = e.id) as lots,
                   e.received_on, e.state, e.expires_on
            from etat_dates e where e.building_id = @id
            order by e.state in ('requested', 'in_progress', 'generated') desc,
                     case when e.state in ('requested', 'in_progress', 'generated') then e.received_on end, e.received_on desc, e.id desc
            limit @PageSize offset @skip
            """, new { id, PageSize, skip = (page - 1) * PageSize });
        return true;
    }

    public async Task<IActionResult> OnGet(long id, [FromQuery(Name = "page")] int? pageNumber)
    {
        if (!await Load(id, pageNumber)) return NotFound();
        Input.ReceivedOn = BrusselsTime.Today.ToString("yyyy-MM-dd");
        Input.Language = Building.Language == "en" ? "fr" : Building.Language;
        return Page();
    }

    public async Task<IActionResult> OnPost(long id)
    {
        if (!await Load(id)) return NotFound();
        var check = new FormCheck(ModelState, l, nameof(Input));
        var name = check.Required(nameof(Input.NotaryName), Input.NotaryName, 200);
        var firm = check.Optional(nameof(Input.NotaryFirm), Input.NotaryFirm, 200);
        var email = check.Email(nameof(Input.NotaryEmail), Input.NotaryEmail, required: true);
        var reference = check.Optional(nameof(Input.NotaryReference), Input.NotaryReference, 100);
        var language = check.Choice(nameof(Input.Language), Input.Language, ["fr", "nl", "de"]);
        // the lots sold, by their numbers: an apartment often goes with its cellar and its parking space
        var numbers = (Input.Lots ?? "").Split([',', ';', ' '], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Distinct().ToArray();
        var found = await db.Query<(long Id, string Number)>("select id, number from lots where building_id = @id and number = any(@numbers)", new { id, numbers });
        var lots = found.Select(x => x.Id).ToArray();
        if (numbers.Length == 0) check.Error(nameof(Input.Lots), "Enter the numbers of the lots sold.");
        else if (numbers.Except(found.Select(x => x.Number)).FirstOrDefault() is { } unknown)
            check.Error(nameof(Input.Lots), "The building has no lot {0}.", unknown);
        var received = check.Date(nameof(Input.ReceivedOn), Input.ReceivedOn, required: true);
        if (received > BrusselsTime.Today) check.Error(nameof(Input.ReceivedOn), "The request cannot come from the future.");
        var deed = check.Date(nameof(Input.DeedPlannedOn), Input.DeedPlannedOn, required: false);
        if (deed is not null && received is not null && deed < received) check.Error(nameof(Input.DeedPlannedOn), "The deed comes after the request.");
        if (!ModelState.IsValid) return Page();

        var viewer = User.Viewer();
        var newId = await db.Scalar<long>("""
            insert into etat_dates (organisation_id, building_id, notary_name, notary_firm, notary_email, notary_reference, language, deed_planned_on, received_on, created_by)
            values (@OrgId, @id, @name, @firm, @email, @reference, @language, @deed, @received, @ViewerUserId) returning id
            """, viewer.Params(new { id, name, firm = firm ?? "", email, reference = reference ?? "", language, deed, received }));
        await db.Execute("insert into etat_date_lots (etat_date_id, lot_id) select @newId, unnest(@lots)", new { newId, lots });
        await AuditLog.Record(db, viewer, "etat_date", newId, "requested",
            AuditLog.Says("État daté asked by {0} for {1}, due {2}", name, Building.Name, EtatDateRules.DueOn(received!.Value)));
        TempData["Notice"] = "The request is registered: the état daté is due within 15 days.";
        return Redirect($"/etats-dates/{newId}");
    }
}
