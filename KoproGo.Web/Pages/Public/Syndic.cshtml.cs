using KoproGo.Web.Infrastructure;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace KoproGo.Web.Pages.Public;

/// <summary>The public syndic page of a building (reached from the QR code at the entrance); no sign-in needed.</summary>
[AllowAnonymous]
public sealed class SyndicModel(Db db) : PageModel
{
    public SyndicCard Card { get; private set; } = null!;
    public IReadOnlyList<(long Id, string Title)> PublicDocuments { get; private set; } = [];

    public async Task<IActionResult> OnGet(string slug)
    {
        var card = await SyndicCard.Find(db, slug);
        if (card is null) return NotFound();
        Card = card;
        PublicDocuments = await db.Query<(long Id, string Title)>("""
            select d.id, d.title from documents d join buildings b on b.id = d.building_id
            where b.slug = @slug and d.visibility = 'public' order by d.uploaded_at desc
            """, new { slug });
        return Page();
    }
}
