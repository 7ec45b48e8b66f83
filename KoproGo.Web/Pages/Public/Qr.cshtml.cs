using KoproGo.Web.Infrastructure;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using QRCoder;

namespace KoproGo.Web.Pages.Public;

/// <summary>The QR code as SVG (QRCoder, no image library), pointing at the building's public syndic page.</summary>
[AllowAnonymous]
public sealed class QrModel(Db db) : PageModel
{
    public async Task<IActionResult> OnGet(string slug)
    {
        if (await SyndicCard.Find(db, slug) is null) return NotFound();
        using var data = QRCodeGenerator.GenerateQrCode(PosterModel.PublicUrl(Request, slug), QRCodeGenerator.ECCLevel.M);
        var svg = new SvgQRCode(data).GetGraphic(8);
        Response.Headers.CacheControl = "public, max-age=86400";
        return Content(svg, "image/svg+xml; charset=utf-8");
    }
}
