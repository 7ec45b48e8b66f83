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

    public async Task<IActionResult> OnGet(string slug)
    {
        var card = await SyndicCard.Find(db, slug);
        if (card is null) return NotFound();
        Card = card;
        return Page();
    }
}
