using KoproGo.Tests.Support;

namespace KoproGo.Tests.Pages.Buildings;

public class DetailsTests(App app) : AppTest(app)
{
    private Task<long> Tilleuls() => Scalar<long>("select id from buildings where slug = 'residence-les-tilleuls'");

    [Fact]
    public async Task The_building_page_shows_quotas_board_obligation_and_the_first_page_of_lots()
    {
        var id = await Tilleuls();
        var page = await (await SignedIn("accountant@demo.koprogo.be")).Get($"/buildings/{id}");
        Assert.Equal("Résidence Les Tilleuls", page.QuerySelector("h1")!.TextContent);
        Assert.Null(page.QuerySelector(".warning"));
        var facts = page.QuerySelector(".facts")!.TextContent;
        Assert.Contains("24", facts);
        Assert.Contains("3.90", facts);
        Assert.Equal(25, page.QuerySelectorAll("#lots tbody tr").Length);
        Assert.NotNull(page.QuerySelector(".pager a[rel=next]"));
        Assert.Contains("Lambert", page.QuerySelector("#lots")!.TextContent);
    }

    [Fact]
    public async Task The_second_page_holds_the_remaining_lots()
    {
        var id = await Tilleuls();
        var page = await (await SignedIn("syndic@demo.koprogo.be")).Get($"/buildings/{id}?page=2");
        Assert.Equal(42 - 25, page.QuerySelectorAll("#lots tbody tr").Length);
    }

    [Fact]
    public async Task Search_and_type_filter_work_without_javascript()
    {
        var id = await Tilleuls();
        var session = await SignedIn("syndic@demo.koprogo.be");
        var byOwner = await session.Get($"/buildings/{id}?q=henrard");
        Assert.Equal(["A4.3"], byOwner.Texts("#lots tbody th"));
        var cellars = await session.Get($"/buildings/{id}?kind=cellar");
        Assert.Equal(10, cellars.QuerySelectorAll("#lots tbody tr").Length);
        Assert.Equal("cellar", cellars.FieldValue("kind"));
    }

    [Fact]
    public async Task An_htmx_request_gets_only_the_list_fragment()
    {
        var id = await Tilleuls();
        var session = await SignedIn("syndic@demo.koprogo.be");
        var response = await session.GetRaw($"/buildings/{id}?q=A1.", r => r.Headers.Add("HX-Request", "true"));
        var html = await response.Content.ReadAsStringAsync();
        Assert.DoesNotContain("<html", html);
        Assert.StartsWith("<div id=\"lots\">", html.Trim());
        Assert.Contains("HX-Request", response.Headers.Vary);
        var fragment = await Session.Parse(response);
        Assert.Equal(["A1.1", "A1.2", "A1.3", "A1.4"], fragment.Texts("tbody th"));
    }

    [Fact]
    public async Task An_unbalanced_building_is_flagged()
    {
        var id = await Tilleuls();
        await Scalar<int>("update buildings set total_shares = 10100 where id = @id returning 1", new { id });
        var page = await (await SignedIn("syndic@demo.koprogo.be")).Get($"/buildings/{id}");
        Assert.Contains("100", page.QuerySelector(".warning[role=alert]")!.TextContent);
    }
}
