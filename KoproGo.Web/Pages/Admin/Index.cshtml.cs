using KoproGo.Web.Infrastructure;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace KoproGo.Web.Pages.Admin;

/// <summary>The platform's tenants with their size; no tenant data beyond counts.</summary>
[Authorize(Policy = Policies.Platform)]
public sealed class IndexModel(Db db) : PageModel
{
    public sealed record Organisation(long Id, string Name, string Kind, long Buildings, long Lots, long Users, DateTime CreatedAt);

    public IReadOnlyList<Organisation> Organisations { get; private set; } = [];

    public async Task OnGet() => Organisations = await db.Query<Organisation>("""
        select o.id, o.name, o.kind,
               (select count(*) from buildings b where b.organisation_id = o.id) as buildings,
               (select count(*) from lots l where l.organisation_id = o.id) as lots,
               (select count(*) from users u where u.organisation_id = o.id) as users,
               o.created_at
        from organisations o order by o.name collate natural_sort
        """);
}
