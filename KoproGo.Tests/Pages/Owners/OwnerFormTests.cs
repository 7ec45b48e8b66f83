using System.Net;
using KoproGo.Tests.Support;

namespace KoproGo.Tests.Pages.Owners;

public class OwnerFormTests(App app) : AppTest(app)
{
    [Fact]
    public async Task A_company_owner_is_created_and_listed()
    {
        var session = await SignedIn("syndic@demo.koprogo.be");
        var response = await session.Post("/owners/new", ("Input.Kind", "legal"), ("Input.LastName", "Patrimoine Uccle SRL"),
            ("Input.CompanyNumber", "BE 0403.170.701"), ("Input.Email", "info@patrimoine.be"), ("Input.Language", "nl"), ("Input.Country", "be"));
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        var page = await session.Get(response.Headers.Location!.OriginalString);
        Assert.Equal("Patrimoine Uccle SRL", page.QuerySelector("h1")!.TextContent);
        Assert.Contains("0403.170.701", page.MainText());
        var list = await session.Get("/owners?q=patrimoine");
        Assert.Equal(["Patrimoine Uccle SRL"], list.Texts("#owner-list tbody th"));
    }

    [Theory]
    [InlineData("Input.FirstName", "")]
    [InlineData("Input.LastName", "")]
    [InlineData("Input.Email", "sophie.lambert@")]
    [InlineData("Input.Email", "two words@example.be")]
    [InlineData("Input.Phone", "phone me")]
    [InlineData("Input.CompanyNumber", "123")]
    [InlineData("Input.Postcode", "10000")]
    [InlineData("Input.Country", "BEL")]
    [InlineData("Input.Kind", "robot")]
    public async Task Bad_owner_input_is_explained_by_the_field(string field, string value)
    {
        var session = await SignedIn("syndic@demo.koprogo.be");
        var fields = new Dictionary<string, string>
        {
            ["Input.Kind"] = "natural", ["Input.FirstName"] = "Camille", ["Input.LastName"] = "Nouveau", ["Input.Email"] = "camille@example.be",
            ["Input.Language"] = "fr", ["Input.Postcode"] = "1000", ["Input.Country"] = "BE", ["Input.City"] = "Kept City", [field] = value,
        };
        var response = await session.Post("/owners/new", fields);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var page = await Session.Parse(response);
        Assert.False(string.IsNullOrEmpty(page.FieldError(field)), $"no message next to {field}");
        Assert.Equal("Kept City", page.FieldValue("Input.City"));
        Assert.Equal(0L, await Scalar<long>("select count(*) from owners where city = 'Kept City'"));
    }

    [Fact]
    public async Task An_owner_edit_is_saved_and_the_owner_page_lists_current_and_past_lots()
    {
        var id = await Scalar<long>("select id from owners where last_name = 'Laurent'");
        var session = await SignedIn("syndic@demo.koprogo.be");
        var response = await session.Submit($"/owners/{id}/edit", ("Input.Phone", "+32 475 12 34 56"));
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        var page = await session.Get($"/owners/{id}");
        Assert.Contains("+32 475 12 34 56", page.MainText());
        Assert.Single(page.QuerySelectorAll("tr.past"));
    }

    [Fact]
    public async Task The_accountant_reads_owners_but_cannot_create_or_edit_them()
    {
        var session = await SignedIn("accountant@demo.koprogo.be");
        Assert.Equal(HttpStatusCode.OK, (await session.GetRaw("/owners")).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await session.GetRaw("/owners/new")).StatusCode);
        var response = await session.Post("/owners/new", ("Input.Kind", "natural"), ("Input.FirstName", "Not"), ("Input.LastName", "Allowed"));
        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        Assert.Equal(0L, await Scalar<long>("select count(*) from owners where last_name = 'Allowed'"));
    }
}
