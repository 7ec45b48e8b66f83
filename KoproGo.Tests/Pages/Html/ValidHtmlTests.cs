using AngleSharp.Dom;
using AngleSharp.Html.Dom;
using KoproGo.Tests.Support;

namespace KoproGo.Tests.Pages.Html;

/// <summary>
/// Every page anyone reaches, and every form shown back with its errors, is valid HTML for the Nu validator; and every
/// form answers odd input (emptied, a NUL, an oversized value) without a server error.
/// </summary>
public class ValidHtmlTests(App app) : AppTest(app)
{
    public static readonly string[] People =
    [
        "syndic@demo.koprogo.be", "accountant@demo.koprogo.be", "board@demo.koprogo.be", "owner@demo.koprogo.be",
        "resident@demo.koprogo.be", "admin@demo.koprogo.be",
    ];

    [Fact]
    public async Task Every_page_and_every_form_with_errors_is_valid_html()
    {
        var visitor = App.NewSession("fr");
        var serverErrors = new List<string>();
        var pages = await SiteCrawl.Pages(visitor, 3, "/account/login", "/account/forgot", "/public/residence-les-tilleuls");
        pages.AddRange(await FormsWithErrors(visitor, pages, serverErrors));
        foreach (var person in People)
        {
            var session = await SignedIn(person);
            var seen = await SiteCrawl.Pages(session, 3, "/");
            pages.AddRange(seen);
            pages.AddRange(await FormsWithErrors(session, seen, serverErrors));
        }
        Assert.True(pages.Count > 300, $"the crawl reached only {pages.Count} pages");

        Assert.True(serverErrors.Count == 0, "server errors:\n" + string.Join("\n", serverErrors));
        // a link with no text is announced as its address (axe link-name): e.g. a breadcrumb built from a model not loaded
        var parser = new AngleSharp.Html.Parser.HtmlParser();
        var nameless = pages.SelectMany(p => parser.ParseDocument(p.Html).QuerySelectorAll("a[href]")
            .Where(a => a.TextContent.Trim().Length == 0 && a.GetAttribute("aria-label") is null && a.QuerySelector("img[alt]") is null)
            .Select(a => $"{p.Url}: {a.OuterHtml}")).ToList();
        Assert.True(nameless.Count == 0, "links without a name:\n" + string.Join("\n", nameless.Take(20)));
        // a scrolling table is a keyboard stop, announced by its label or else by its table's caption
        var unnamedRegions = pages.SelectMany(p => parser.ParseDocument(p.Html).QuerySelectorAll("div.table-wrap")
            .Where(d => d.GetAttribute("tabindex") != "0"
                || (d.QuerySelector("caption") is { } caption
                    && d.GetAttribute("aria-label") != string.Join(' ', caption.TextContent.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries))))
            .Select(d => $"{p.Url}: {d.OuterHtml[..Math.Min(200, d.OuterHtml.Length)]}")).ToList();
        Assert.True(unnamedRegions.Count == 0, "scrolling tables not named by their caption:\n" + string.Join("\n", unnamedRegions.Take(20)));
        // an htmx request attribute left empty (a poll over) still fires: a click in the element would swap it for the whole page
        var emptyRequests = pages.SelectMany(p => parser.ParseDocument(p.Html).QuerySelectorAll("[data-hx-get=''], [data-hx-post=''], [data-hx-trigger='']")
            .Select(e => $"{p.Url}: {e.OuterHtml[..Math.Min(200, e.OuterHtml.Length)]}")).ToList();
        Assert.True(emptyRequests.Count == 0, "empty htmx requests:\n" + string.Join("\n", emptyRequests.Take(20)));
        var errors = await NuValidator.Errors(pages);

        Assert.True(errors.Count == 0, $"{errors.Count} HTML errors, e.g.:\n" + string.Join("\n",
            errors.DistinctBy(e => e.Message).Take(25).Select(e => $"{e.Url}: {e.Message}  [{e.Extract}]")));
    }

    /// <summary>
    /// Each form that has fields to fill, posted with them emptied (the page as it comes back with its errors is kept),
    /// then with a NUL in each and with one value far over any limit: none may answer a server error.
    /// </summary>
    private static async Task<List<SiteCrawl.Page>> FormsWithErrors(Session session, List<SiteCrawl.Page> pages, List<string> serverErrors)
    {
        var shown = new List<SiteCrawl.Page>();
        var tried = new HashSet<string>();
        foreach (var page in pages)
        {
            var document = new AngleSharp.Html.Parser.HtmlParser().ParseDocument(page.Html);
            foreach (var form in document.QuerySelectorAll<IHtmlFormElement>("main form[method=post]"))
            {
                var action = form.GetAttribute("action") is { Length: > 0 } a ? a : page.Url;
                var fillable = form.Elements.OfType<IHtmlInputElement>().Where(i => i.Type is "text" or "email" or "number" or "date" or "tel" or "url")
                    .Select(i => i.Name!).Concat(form.Elements.OfType<IHtmlTextAreaElement>().Select(t => t.Name!)).ToList();
                if (fillable.Count == 0 || !tried.Add(action)) continue;
                var hidden = form.Elements.OfType<IHtmlInputElement>()
                    .Where(i => i.Name is { Length: > 0 } && i.Type is "hidden")
                    .Select(i => new KeyValuePair<string, string>(i.Name!, i.Value)).ToList();

                async Task<HttpResponseMessage> Send(string what, IEnumerable<KeyValuePair<string, string>> values)
                {
                    var response = await session.Client.PostAsync(action, new FormUrlEncodedContent(hidden.Concat(values)));
                    if ((int)response.StatusCode >= 500) serverErrors.Add($"POST {action} ({what}): {(int)response.StatusCode}");
                    return response;
                }

                var emptied = await Send("emptied", []);
                if ((int)emptied.StatusCode == 200 && emptied.Content.Headers.ContentType?.MediaType == "text/html")
                    shown.Add(new SiteCrawl.Page($"POST {action}", await emptied.Content.ReadAsStringAsync()));
                await Send("NUL", fillable.Select(f => new KeyValuePair<string, string>(f, "a\0b")));
                await Send("oversized", [new(fillable[0], new string('x', 100_000))]);
            }
        }
        return shown;
    }
}
