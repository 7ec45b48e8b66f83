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
        Assert.StartsWith("data:image/svg+xml;base64,", img.GetAttribute("src"));
        Assert.Contains("/public/residence-les-tilleuls", img.GetAttribute("alt"));
        Assert.Equal(4, poster.QuerySelectorAll(".poster-title span[lang]").Length);
        var qr = await session.GetRaw("/public/residence-les-tilleuls/qr.svg");
        Assert.Equal("image/svg+xml", qr.Content.Headers.ContentType!.MediaType);
        Assert.StartsWith("<svg", (await qr.Content.ReadAsStringAsync()).TrimStart());
    }

    [Fact]
    public async Task The_qr_code_and_the_poster_point_to_the_configured_address_whatever_host_the_request_names()
    {
        var session = App.NewSession();
        void Forged(HttpRequestMessage request) => request.Headers.Host = "evil.example";
        var expected = "http://koprogo.test/public/residence-les-tilleuls";
        var qr = await session.GetRaw("/public/residence-les-tilleuls/qr.svg", Forged);
        Assert.Equal(KoproGo.Web.Pages.Public.QrCodes.Svg(expected), await qr.Content.ReadAsStringAsync());
        var poster = await Session.Parse(await session.GetRaw("/public/residence-les-tilleuls/poster", Forged));
        Assert.Equal(expected, poster.QuerySelector(".poster-qr img")!.GetAttribute("alt")!.Split(' ').Last(w => w.StartsWith("http")));
        Assert.DoesNotContain("evil.example", poster.DocumentElement.OuterHtml);
    }

    [Fact]
    public async Task The_poster_prints_as_a_pdf_in_the_visitors_language_with_header_and_page_numbers()
    {
        var response = await App.NewSession("de").GetRaw("/public/residence-les-tilleuls/poster?handler=pdf");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("application/pdf", response.Content.Headers.ContentType!.MediaType);
        var text = await PdfText.Of(await response.Content.ReadAsByteArrayAsync());
        Assert.Contains("Verwalter des Gebäudes", text);
        Assert.Contains("Syndicus van het gebouw", text);
        Assert.Contains("Syndic Horizon SRL", text);
        Assert.Contains("+32 2 345 67 89", text);
        Assert.Matches(@"Résidence Les Tilleuls\s+\d{2}\.\d{2}\.\d{4}", text);
        Assert.Matches(@"KoproGo · http://\S+/public/residence-les-tilleuls\s+1\s*/\s*1", text);
    }

    [Fact]
    public async Task An_unknown_building_is_a_friendly_404()
    {
        var response = await App.NewSession().GetRaw("/public/no-such-building");
        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Contains("Page not found", (await Session.Parse(response)).MainText());
    }
}
