using Htmx;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace KoproGo.Web.Infrastructure;

/// <summary>How the pages answer htmx (headers from Htmx.Net), next to the plain-form answer they also give.</summary>
public static class HtmxAnswers
{
    /// <summary>
    /// A request for a fragment of the page. A history restore (the browser's back button after a cache miss) asks for
    /// the whole page, so it is not one.
    /// </summary>
    public static bool WantsFragment(this HttpRequest request) => request.IsHtmx() && !request.IsHtmxHistoryRestoreRequest();

    /// <summary>
    /// A short digest of what a polled panel shows. The panel sends it back with each poll (data-hx-vals "seen"), and
    /// an unchanged panel is answered 204, which htmx does not swap: screen readers hear nothing new and the focus stays.
    /// </summary>
    public static string Fingerprint(object shown) =>
        Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(System.Text.Json.JsonSerializer.SerializeToUtf8Bytes(shown)))[..16];

    /// <summary>The panel, or 204 when the browser already shows it as it is.</summary>
    public static IActionResult Panel(this PageModel page, string partial, string fingerprint) =>
        page.Request.Query["seen"] == fingerprint ? new NoContentResult() : page.Partial(partial, page);

    /// <summary>
    /// After a form posted by htmx, a full navigation to <paramref name="url"/> (HX-Redirect, so the address bar follows);
    /// a plain form gets the usual redirect (POST-redirect-GET).
    /// </summary>
    public static IActionResult SeeOther(this PageModel page, string url)
    {
        if (!page.Request.WantsFragment()) return new RedirectResult(url);
        page.Response.Htmx(h => h.Redirect(url));
        return new NoContentResult();
    }
}
