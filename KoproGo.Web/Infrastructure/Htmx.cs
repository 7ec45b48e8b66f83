namespace KoproGo.Web.Infrastructure;

/// <summary>The few htmx headers the pages need (what Htmx.Net would provide).</summary>
public static class Htmx
{
    public static bool IsHtmx(this HttpRequest request) =>
        request.Headers.ContainsKey("HX-Request") && !request.Headers.ContainsKey("HX-History-Restore-Request");
}
