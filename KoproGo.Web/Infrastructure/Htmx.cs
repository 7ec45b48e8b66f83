using Microsoft.AspNetCore.Mvc;

namespace KoproGo.Web.Infrastructure;

/// <summary>The few htmx headers the pages need (what Htmx.Net would provide).</summary>
public static class Htmx
{
    public static bool IsHtmx(this HttpRequest request) =>
        request.Headers.ContainsKey("HX-Request") && !request.Headers.ContainsKey("HX-History-Restore-Request");
}

public static class HtmxResults
{
    /// <summary>
    /// After a form posted by htmx, a full navigation to <paramref name="url"/> (HX-Redirect, so the address bar follows);
    /// a plain form gets the usual redirect (POST-redirect-GET).
    /// </summary>
    public static IActionResult SeeOther(this Microsoft.AspNetCore.Mvc.RazorPages.PageModel page, string url)
    {
        if (!page.Request.IsHtmx()) return new RedirectResult(url);
        page.Response.Headers["HX-Redirect"] = url;
        return new Microsoft.AspNetCore.Mvc.NoContentResult();
    }
}
