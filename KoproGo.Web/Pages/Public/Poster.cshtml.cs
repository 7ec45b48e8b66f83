using KoproGo.Web.Infrastructure;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace KoproGo.Web.Pages.Public;

/// <summary>An A4 poster for the entrance hall: the syndic's details in four languages and a QR code to the public page.</summary>
[AllowAnonymous]
public sealed class PosterModel(Db db) : PageModel
{
    public SyndicCard Card { get; private set; } = null!;
    public string PageUrl { get; private set; } = "";

    public async Task<IActionResult> OnGet(string slug)
    {
        var card = await SyndicCard.Find(db, slug);
        if (card is null) return NotFound();
        Card = card;
        PageUrl = PublicUrl(Request, slug);
        return Page();
    }

    public static string PublicUrl(HttpRequest request, string slug) => $"{request.Scheme}://{request.Host}/public/{slug}";
}
