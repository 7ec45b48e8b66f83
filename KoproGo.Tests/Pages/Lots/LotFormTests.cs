using System.Net;
using KoproGo.Tests.Support;

namespace KoproGo.Tests.Pages.Lots;

public class LotFormTests(App app) : AppTest(app)
{
    private async Task<long> EmptyBuilding(int totalShares = 1000)
    {
        var session = await SignedIn("syndic@demo.koprogo.be");
        await session.Submit("/buildings/new", ("Input.Name", "Résidence Test"), ("Input.Street", "Rue Test 1"), ("Input.Postcode", "1000"),
            ("Input.City", "Bruxelles"), ("Input.TotalShares", totalShares.ToString()));
        return await Scalar<long>("select id from buildings where name = 'Résidence Test'");
    }

    [Fact]
    public async Task Lots_are_added_until_the_quotas_reach_the_total_and_no_further()
    {
        var building = await EmptyBuilding();
        var session = await SignedIn("syndic@demo.koprogo.be");
        var first = await session.Post($"/lots/new?building={building}", ("building", building.ToString()), ("Input.Number", "A1"),
            ("Input.Kind", "apartment"), ("Input.Floor", "1"), ("Input.Area", "84,5"), ("Input.Quota", "600"));
        Assert.Equal(HttpStatusCode.Redirect, first.StatusCode);
        Assert.Equal(84.5m, await Scalar<decimal>("select area from lots where building_id = @building", new { building }));

        var over = await session.Post($"/lots/new?building={building}", ("building", building.ToString()), ("Input.Number", "A2"),
            ("Input.Kind", "apartment"), ("Input.Quota", "401"));
        Assert.Equal(HttpStatusCode.OK, over.StatusCode);
        var page = await Session.Parse(over);
        Assert.Contains("400", page.FieldError("Input.Quota"));
        Assert.Equal("401", page.FieldValue("Input.Quota"));
        Assert.Equal("A2", page.FieldValue("Input.Number"));
        Assert.Equal(1L, await Scalar<long>("select count(*) from lots where building_id = @building", new { building }));

        var exact = await session.Post($"/lots/new?building={building}", ("building", building.ToString()), ("Input.Number", "A2"),
            ("Input.Kind", "apartment"), ("Input.Quota", "400"));
        Assert.Equal(HttpStatusCode.Redirect, exact.StatusCode);
    }

    [Fact]
    public async Task A_lot_number_is_unique_in_its_building()
    {
        var building = await Scalar<long>("select id from buildings where slug = 'residence-les-tilleuls'");
        await Scalar<int>("update buildings set total_shares = 20000 where id = @building returning 1", new { building });
        var session = await SignedIn("syndic@demo.koprogo.be");
        var response = await session.Post($"/lots/new?building={building}", ("building", building.ToString()), ("Input.Number", "A1.1"),
            ("Input.Kind", "apartment"), ("Input.Quota", "10"));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.NotNull((await Session.Parse(response)).FieldError("Input.Number"));
    }

    [Theory]
    [InlineData("Input.Quota", "-5")]
    [InlineData("Input.Quota", "0")]
    [InlineData("Input.Quota", "")]
    [InlineData("Input.Quota", "12.5")]
    [InlineData("Input.Number", "")]
    [InlineData("Input.Number", "A-number-that-is-far-too-long")]
    [InlineData("Input.Area", "-12")]
    [InlineData("Input.Area", "12.345")]
    [InlineData("Input.Floor", "two")]
    [InlineData("Input.Kind", "castle")]
    public async Task Bad_lot_input_is_refused_with_a_message(string field, string value)
    {
        var building = await EmptyBuilding();
        var session = await SignedIn("syndic@demo.koprogo.be");
        var fields = new Dictionary<string, string>
        {
            ["building"] = building.ToString(), ["Input.Number"] = "B1", ["Input.Kind"] = "apartment", ["Input.Quota"] = "100", [field] = value,
        };
        var response = await session.Post($"/lots/new?building={building}", fields);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.False(string.IsNullOrEmpty((await Session.Parse(response)).FieldError(field)));
        Assert.Equal(0L, await Scalar<long>("select count(*) from lots where building_id = @building", new { building }));
    }

    [Fact]
    public async Task Editing_a_lot_over_the_total_is_refused_and_within_it_saved()
    {
        var lot = await Scalar<long>("select l.id from lots l join buildings b on b.id = l.building_id where b.slug = 'residence-du-parc' and l.number = '1'");
        var session = await SignedIn("syndic@demo.koprogo.be");
        var over = await session.Submit($"/lots/{lot}/edit", ("Input.Quota", "221"));
        Assert.Equal(HttpStatusCode.OK, over.StatusCode);
        Assert.Contains("220", (await Session.Parse(over)).FieldError("Input.Quota"));
        var under = await session.Submit($"/lots/{lot}/edit", ("Input.Quota", "200"), ("Input.Area", "81.25"));
        Assert.Equal(HttpStatusCode.Redirect, under.StatusCode);
        Assert.Equal(200, await Scalar<int>("select quota from lots where id = @lot", new { lot }));
    }
}
