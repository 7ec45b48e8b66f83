using Htmx;
using KoproGo.Web.Infrastructure;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace KoproGo.Web.Pages.Owners;

/// <summary>The organisation's register of owners, searchable by name, e-mail or city.</summary>
[Authorize(Policy = Policies.Staff)]
public sealed class IndexModel(Db db) : PageModel
{
    public const int PageSize = 25;

    public sealed class OwnerRow
    {
        public long Id { get; init; }
        public string Kind { get; init; } = "";
        public string? FirstName { get; init; }
        public string LastName { get; init; } = "";
        public string? Email { get; init; }
        public string? City { get; init; }
        public string Language { get; init; } = "";
        public long Lots { get; init; }
        public long TotalRows { get; init; }
        public string Name => Labels.PersonName(FirstName, LastName);
    }

    public IReadOnlyList<OwnerRow> Owners { get; private set; } = [];
    public Paging Paging { get; private set; } = null!;
    [FromQuery(Name = "q")] public string? Query { get; set; }

    public async Task<IActionResult> OnGet([FromQuery(Name = "page")] int page = 1)
    {
        var search = FormInput.Trimmed(Query);
        page = Paging.Clamp(page);
        var p = User.Viewer().Params(new { search, PageSize, offset = (page - 1) * PageSize });
        Owners = await db.Query<OwnerRow>($"""
            select ow.id, ow.kind, ow.first_name, ow.last_name, ow.email, ow.city, ow.language,
                   (select count(*) from lot_ownerships o where o.owner_id = ow.id and {Ownerships.HeldToday}) as lots,
                   count(*) over () as total_rows
            from owners ow
            where ow.organisation_id = @OrgId
              and (@search::text is null or ow.last_name ilike '%' || @search || '%' or ow.first_name ilike '%' || @search || '%'
                   or ow.email ilike '%' || @search || '%' or ow.city ilike '%' || @search || '%')
            order by ow.last_name collate natural_sort, ow.first_name collate natural_sort, ow.id
            limit @PageSize offset @offset
            """, p);
        Paging = new Paging(page, PageSize, Owners.FirstOrDefault()?.TotalRows ?? 0, "/owners", new Dictionary<string, string?> { ["q"] = search });
        Response.Htmx(h => h.WithVary());
        return Request.WantsFragment() ? Partial("_OwnerList", this) : Page();
    }
}
