using System.Text.RegularExpressions;
using AngleSharp.Dom;
using AngleSharp.Html.Dom;

namespace KoproGo.Tests.Support;

/// <summary>
/// Every HTML page a user reaches by following links from where they land, as a browser without JavaScript would:
/// the pages the whole-site checks (validator, phone width) look at.
/// </summary>
public static partial class SiteCrawl
{
    public sealed record Page(string Url, string Html);

    /// <summary>
    /// Breadth first from <paramref name="start"/>, same site only. Pages that differ only by their numbers (the second
    /// lot, the third owner…) are one page shape: a few of each shape are kept so the crawl stays short.
    /// </summary>
    public static async Task<List<Page>> Pages(Session session, int perShape = 2, params string[] start)
    {
        var seen = new HashSet<string>(start);
        var shapes = new Dictionary<string, int>();
        var queue = new Queue<string>(start);
        var pages = new List<Page>();
        while (queue.TryDequeue(out var url))
        {
            var response = await session.GetRaw(url);
            if (response.Headers.Location is { OriginalString: var to } && to.StartsWith('/') && seen.Add(to)) queue.Enqueue(to);
            if ((int)response.StatusCode != 200 || response.Content.Headers.ContentType?.MediaType != "text/html") continue;
            var html = await response.Content.ReadAsStringAsync();
            pages.Add(new Page(url, html));
            var document = new AngleSharp.Html.Parser.HtmlParser().ParseDocument(html);
            foreach (var link in document.QuerySelectorAll<IHtmlAnchorElement>("a[href]"))
            {
                var href = link.GetAttribute("href")!;
                if (!href.StartsWith('/') || href.StartsWith("//") || Skipped().IsMatch(href)) continue;
                href = href.Split('#')[0];
                if (!seen.Add(href)) continue;
                var shape = Numbers().Replace(href, "N");
                shapes[shape] = shapes.GetValueOrDefault(shape) + 1;
                if (shapes[shape] <= perShape) queue.Enqueue(href);
            }
        }
        return pages;
    }

    // downloads and the developer's mailbox are not pages; signing out would end the crawl
    [GeneratedRegex(@"^/(dev/|account/logout)|[?&]handler=(csv|pdf|ics|file|download|photo|poster|qr)|\.(pdf|csv|ics|png|svg)$",
        RegexOptions.IgnoreCase)]
    private static partial Regex Skipped();

    [GeneratedRegex(@"\d+")]
    private static partial Regex Numbers();
}
