using KoproGo.Web.Infrastructure;
using KoproGo.Web.Infrastructure.Mail;
using KoproGo.Web.Infrastructure.Pdf;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace KoproGo.Web.Pages.Public;

/// <summary>
/// An A4 poster for the entrance hall: the syndic's details in four languages and a QR code to the public page.
/// The same partial prints on screen and, through <see cref="PdfRenderer"/>, as a PDF.
/// </summary>
[AllowAnonymous]
public sealed class PosterModel(Db db, PdfRenderer pdf, Outbox outbox) : PageModel
{
    public sealed record Poster(SyndicCard Card, string PageUrl, string QrDataUri);

    public Poster Item { get; private set; } = null!;

    private async Task<bool> Load(string slug)
    {
        var card = await SyndicCard.Find(db, slug);
        if (card is null) return false;
        var url = PublicUrl(outbox, slug);
        Item = new Poster(card, url, QrCodes.DataUri(url));
        return true;
    }

    public async Task<IActionResult> OnGet(string slug) => await Load(slug) ? Page() : NotFound();

    public async Task<IActionResult> OnGetPdf(string slug, CancellationToken cancellationToken)
    {
        if (!await Load(slug)) return NotFound();
        await db.Release();
        var frame = new PdfFrame(Item.Card.Name, BrusselsTime.Today.ToString("d"), $"KoproGo · {Item.PageUrl}");
        return await pdf.Download("/Pdf/Poster.cshtml", Item, Languages.Current, frame, $"syndic-{slug}.pdf", cancellationToken);
    }

    /// <summary>
    /// The public page's address, from the configured public address (KoproGo:Mail:BaseUrl) only: never from the
    /// request's Host header, which anyone can set, and these codes are printed, kept in caches and hung in entrance halls.
    /// </summary>
    public static string PublicUrl(Outbox outbox, string slug) => outbox.Link($"/public/{slug}");
}
