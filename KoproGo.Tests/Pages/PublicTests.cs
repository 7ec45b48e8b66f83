using System.Net;
using KoproGo.Tests.Support;

namespace KoproGo.Tests.Pages;

public class PublicTests(App app) : AppTest(app)
{
    [Fact]
    public async Task The_public_syndic_page_needs_no_sign_in_and_speaks_four_languages()
    {
        var page = await App.NewSession("nl").Get("/public/residence-les-tilleuls");
        Assert.Equal("nl", page.DocumentElement.GetAttribute("lang"));
        Assert.Equal(["nl", "fr", "de", "en"], page.QuerySelectorAll(".syndic-card").Select(s => s.GetAttribute("lang")!));
        Assert.Equal("Syndicus van het gebouw", page.QuerySelector(".syndic-card h2")!.TextContent);
        Assert.Contains("+32 2 345 67 89", page.MainText());
        Assert.Contains("0812.345.603", page.MainText());
        Assert.DoesNotContain("BE41", page.MainText());
    }

    [Fact]
    public async Task The_poster_carries_a_qr_code_pointing_to_the_public_page()
    {
        var session = App.NewSession();
        var poster = await session.Get("/public/residence-les-tilleuls/poster");
        var img = poster.QuerySelector(".poster-qr img")!;
        Assert.Equal("/public/residence-les-tilleuls/qr.svg", img.GetAttribute("src"));
        Assert.Contains("/public/residence-les-tilleuls", img.GetAttribute("alt"));
        Assert.Equal(4, poster.QuerySelectorAll(".poster-title span[lang]").Length);
        var qr = await session.GetRaw("/public/residence-les-tilleuls/qr.svg");
        Assert.Equal("image/svg+xml", qr.Content.Headers.ContentType!.MediaType);
        Assert.StartsWith("<svg", (await qr.Content.ReadAsStringAsync()).TrimStart());
    }

    [Fact]
    public async Task An_unknown_building_is_a_friendly_404()
    {
        var response = await App.NewSession().GetRaw("/public/no-such-building");
        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Contains("Page not found", (await Session.Parse(response)).MainText());
    }
}
