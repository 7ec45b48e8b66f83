using KoproGo.Web.Infrastructure;
using KoproGo.Web.Infrastructure.Mail;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace KoproGo.Web.Pages.Public;

/// <summary>The QR code as SVG (QRCoder, no image library), pointing at the building's public syndic page.</summary>
[AllowAnonymous]
public sealed class QrModel(Db db, Outbox outbox) : PageModel
{
    public async Task<IActionResult> OnGet(string slug)
    {
        if (await SyndicCard.Find(db, slug) is null) return NotFound();
        Response.Headers.CacheControl = "public, max-age=86400";
        return Content(QrCodes.Svg(PosterModel.PublicUrl(outbox, slug)), "image/svg+xml; charset=utf-8");
    }
}
