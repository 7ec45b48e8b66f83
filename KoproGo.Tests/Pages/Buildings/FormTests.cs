using System.Net;
using KoproGo.Tests.Support;

namespace KoproGo.Tests.Pages.Buildings;

public class FormTests(App app) : AppTest(app)
{
    private static readonly (string, string)[] Valid =
    [
        ("Input.Name", "Résidence Les Tilleuls"), ("Input.Street", "Rue Neuve 1"), ("Input.Postcode", "1000"), ("Input.City", "Bruxelles"),
        ("Input.CompanyNumber", "0403.170.701"), ("Input.Iban", "BE68 5390 0754 7034"), ("Input.TotalShares", "1000"),
        ("Input.ConstructionYear", "1990"), ("Input.Language", "nl"), ("Input.SyndicName", "Syndic Horizon SRL"),
        ("Input.SyndicAddress", "Chaussée de Waterloo 715, 1180 Uccle"), ("Input.SyndicPhone", "+32 2 345 67 89"),
        ("Input.SyndicEmail", "contact@horizon-syndic.be"), ("Input.SyndicCompanyNumber", "0812345603"), ("Input.SyndicOfficeHours", ""),
    ];

    private static (string, string)[] With(params (string, string)[] changes) =>
        Valid.Where(v => changes.All(c => c.Item1 != v.Item1)).Concat(changes).ToArray();

    [Fact]
    public async Task A_new_building_is_created_with_a_free_public_address()
    {
        var session = await SignedIn("syndic@demo.koprogo.be");
        var response = await session.Post("/buildings/new", Valid);
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        var page = await session.Get(response.Headers.Location!.OriginalString);
        Assert.Equal("Résidence Les Tilleuls", page.QuerySelector("h1")!.TextContent);
        Assert.Equal("residence-les-tilleuls-bruxelles", await Scalar<string>("select slug from buildings where city = 'Bruxelles'"));
        Assert.Equal("BE68539007547034", await Scalar<string>("select iban from buildings where city = 'Bruxelles'"));
        Assert.Empty(page.QuerySelectorAll("#lots tbody tr"));
    }

    [Theory]
    [InlineData("Input.Name", "")]
    [InlineData("Input.Name", "A name much too long for any building, repeated until it passes the limit of two hundred characters. A name much too long for any building, repeated until it passes the limit of two hundred characters. Too long.")]
    [InlineData("Input.Iban", "BE68 5390 0754 7035")]
    [InlineData("Input.Iban", "not an iban")]
    [InlineData("Input.Postcode", "999")]
    [InlineData("Input.CompanyNumber", "0403.170.702")]
    [InlineData("Input.TotalShares", "-1000")]
    [InlineData("Input.TotalShares", "mille")]
    [InlineData("Input.ConstructionYear", "3050")]
    [InlineData("Input.Language", "es")]
    [InlineData("Input.SyndicEmail", "contact@")]
    [InlineData("Input.SyndicPhone", "call me")]
    public async Task Bad_input_comes_back_with_the_typed_values_and_a_message_by_the_field(string field, string value)
    {
        var session = await SignedIn("syndic@demo.koprogo.be");
        var response = await session.Post("/buildings/new", With((field, value), ("Input.Street", "Kept Street 7")));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var page = await Session.Parse(response);
        Assert.False(string.IsNullOrEmpty(page.FieldError(field)), $"no message next to {field}");
        Assert.Equal("Kept Street 7", page.FieldValue("Input.Street"));
        if (field != "Input.Language") Assert.Equal(value, page.FieldValue(field));
        Assert.Equal("true", page.QuerySelector($"[name='{field}']")!.GetAttribute("aria-invalid"));
        Assert.Equal(0L, await Scalar<long>("select count(*) from buildings where street = 'Kept Street 7'"));
    }

    [Fact]
    public async Task The_total_of_shares_cannot_drop_below_what_the_lots_hold()
    {
        var id = await Scalar<long>("select id from buildings where slug = 'residence-du-parc'");
        var session = await SignedIn("syndic@demo.koprogo.be");
        var response = await session.Submit($"/buildings/{id}/edit", ("Input.TotalShares", "900"), ("Input.City", "Liège-Centre"));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var page = await Session.Parse(response);
        Assert.Contains("1", page.FieldError("Input.TotalShares"));
        Assert.Equal("Liège-Centre", page.FieldValue("Input.City"));
        Assert.Equal(1000, await Scalar<int>("select total_shares from buildings where id = @id", new { id }));
        Assert.Equal("Liège", await Scalar<string>("select city from buildings where id = @id", new { id }));
    }

    [Fact]
    public async Task An_edit_is_saved()
    {
        var id = await Scalar<long>("select id from buildings where slug = 'residence-du-parc'");
        var session = await SignedIn("syndic@demo.koprogo.be");
        var response = await session.Submit($"/buildings/{id}/edit", ("Input.TotalShares", "1200"), ("Input.SyndicOfficeHours", "Le mardi"));
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Equal(1200, await Scalar<int>("select total_shares from buildings where id = @id", new { id }));
        Assert.Equal("Le mardi", await Scalar<string>("select syndic_office_hours from buildings where id = @id", new { id }));
    }
}
