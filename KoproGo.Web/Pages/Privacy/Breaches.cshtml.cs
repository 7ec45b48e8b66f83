using KoproGo.Domain.Privacy;
using KoproGo.Web.Infrastructure;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.Extensions.Localization;

namespace KoproGo.Web.Pages.Privacy;

/// <summary>The firm's breach register (GDPR art. 33 §5): every personal data breach, with its 72-hour deadline, and a new one recorded.</summary>
[Authorize(Policy = Policies.Manage)]
public sealed class BreachesModel(Db db, IStringLocalizer<SharedResource> l) : PageModel
{
    private const int PageSize = 50;

    public sealed class BreachInput
    {
        public string? Title { get; set; }
        public string? DiscoveredOn { get; set; }
        public string? DiscoveredAt { get; set; }
        public string? Description { get; set; }
        public string? DataConcerned { get; set; }
        public string? PersonsEstimate { get; set; }
        public string? Consequences { get; set; }
        public string? Measures { get; set; }
        public bool HighRisk { get; set; }
    }

    public sealed record Row(long Id, string Title, DateTime DiscoveredAt, string State)
    {
        public BreachState StateValue => DataRights.BreachStateOf(State);
        public DateTime Deadline => Breaches.AuthorityDeadline(DiscoveredAt);
    }

    [BindProperty] public BreachInput Input { get; set; } = new();
    public IReadOnlyList<Row> Rows { get; private set; } = [];
    public Paging Paging { get; private set; } = null!;

    private async Task Load(int page)
    {
        var viewer = User.Viewer();
        var total = await db.Scalar<long>("select count(*) from data_breaches where organisation_id = @OrgId", viewer.Params());
        Rows = await db.Query<Row>("""
            select id, title, discovered_at, state from data_breaches where organisation_id = @OrgId
            order by state = 'open' desc, discovered_at desc, id desc limit @PageSize offset @skip
            """, viewer.Params(new { PageSize, skip = (page - 1) * PageSize }));
        Paging = new Paging(page, PageSize, total, "/privacy/breaches", new Dictionary<string, string?>());
    }

    public async Task OnGet(int page = 1)
    {
        var now = BrusselsTime.FromUtc(DateTime.UtcNow);
        Input = new BreachInput { DiscoveredOn = DateOnly.FromDateTime(now).ToString("yyyy-MM-dd"), DiscoveredAt = now.ToString("HH:mm") };
        await Load(Paging.Clamp(page));
    }

    public async Task<IActionResult> OnPost()
    {
        var check = new FormCheck(ModelState, l, nameof(Input));
        var title = check.Required(nameof(BreachInput.Title), Input.Title, 200);
        var day = check.Date(nameof(BreachInput.DiscoveredOn), Input.DiscoveredOn, required: true);
        var time = check.Time(nameof(BreachInput.DiscoveredAt), Input.DiscoveredAt, required: true);
        var description = check.Required(nameof(BreachInput.Description), Input.Description, 8000);
        var data = check.Optional(nameof(BreachInput.DataConcerned), Input.DataConcerned, 4000);
        var persons = check.Integer(nameof(BreachInput.PersonsEstimate), Input.PersonsEstimate, 0, 10_000_000, required: false);
        var consequences = check.Optional(nameof(BreachInput.Consequences), Input.Consequences, 4000);
        var measures = check.Optional(nameof(BreachInput.Measures), Input.Measures, 4000);
        DateTime? discovered = null;
        if (day is { } d && time is { } t)
        {
            // The hour skipped when the clocks go forward does not exist in Brussels.
            if (BrusselsTime.Zone.IsInvalidTime(d.ToDateTime(t))) check.Error(nameof(BreachInput.DiscoveredAt), "This time does not exist that day: the clocks moved forward.");
            else discovered = BrusselsTime.ToUtc(d, t);
        }
        if (discovered > DateTime.UtcNow.AddMinutes(1)) check.Error(nameof(BreachInput.DiscoveredOn), "This moment is still to come.");
        if (!check.IsValid)
        {
            await Load(1);
            return Page();
        }
        var viewer = User.Viewer();
        var id = await db.Scalar<long>("""
            insert into data_breaches (organisation_id, discovered_at, recorded_by, title, description, data_concerned, persons_estimate, consequences, measures, high_risk)
            values (@OrgId, @discovered, @Name, @title, @description, @data, @persons, @consequences, @measures, @HighRisk)
            returning id
            """, viewer.Params(new { discovered, viewer.Name, title, description, data = data ?? "", persons, consequences = consequences ?? "", measures = measures ?? "", Input.HighRisk }));
        await AuditLog.Record(db, viewer, "data_breach", id, "recorded", AuditLog.Says("Breach recorded: {0}", title));
        TempData["Notice"] = "The breach is recorded. Notify the authority within 72 hours of its discovery, or record why not.";
        return Redirect($"/privacy/breaches/{id}");
    }
}
