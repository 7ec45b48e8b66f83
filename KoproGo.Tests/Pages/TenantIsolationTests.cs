using System.Net;
using KoproGo.Tests.Support;

namespace KoproGo.Tests.Pages;

/// <summary>
/// One organisation never reads or changes another's data by guessing ids, and an owner never reaches the syndic's pages.
/// Every page is tried by GET and every form by POST with a valid antiforgery token.
/// </summary>
public class TenantIsolationTests(App app) : AppTest(app)
{
    private sealed record Ids(long Building, long Lot, long Owner, long Ownership, long OtherBuilding);

    private async Task<Ids> FirstOrganisation() => new(
        await Scalar<long>("select id from buildings where slug = 'residence-les-tilleuls'"),
        await Scalar<long>("select l.id from lots l join buildings b on b.id = l.building_id where b.slug = 'residence-les-tilleuls' and l.number = 'A1.1'"),
        await Scalar<long>("select id from owners where last_name = 'Dupont'"),
        await Scalar<long>("select o.id from lot_ownerships o join owners w on w.id = o.owner_id where w.last_name = 'Dupont' limit 1"),
        await Scalar<long>("select id from buildings where slug = 'gebouw-de-linde'"));

    private static string[] Pages(Ids ids) =>
    [
        $"/buildings/{ids.Building}", $"/buildings/{ids.Building}/edit", $"/buildings/{ids.Building}?q=a&kind=apartment",
        $"/lots/{ids.Lot}", $"/lots/{ids.Lot}/edit", $"/lots/{ids.Lot}/owners", $"/lots/new?building={ids.Building}",
        $"/owners/{ids.Owner}", $"/owners/{ids.Owner}/edit",
    ];

    private async Task AssertNoChange(Ids ids)
    {
        Assert.Equal("Résidence Les Tilleuls", await Scalar<string>("select name from buildings where id = @Building", ids));
        Assert.Equal(42L, await Scalar<long>("select count(*) from lots where building_id = @Building", ids));
        Assert.Equal("Dupont", await Scalar<string>("select last_name from owners where id = @Owner", ids));
        Assert.Null(await Scalar<DateOnly?>("select valid_to from lot_ownerships where id = @Ownership", ids));
        Assert.Equal(340, await Scalar<int>("select quota from lots where id = @Lot", ids));
    }

    private async Task AttemptWrites(Session session, Ids ids, HttpStatusCode expected)
    {
        (string Url, (string, string)[] Fields)[] posts =
        [
            ($"/buildings/{ids.Building}/edit", [("Input.Name", "Hijacked"), ("Input.Street", "x"), ("Input.Postcode", "1000"), ("Input.City", "x"),
                ("Input.TotalShares", "10000"), ("Input.Language", "fr"), ("Input.SyndicName", "x"), ("Input.SyndicAddress", "x"),
                ("Input.SyndicPhone", "+32 2 000 00 00"), ("Input.SyndicEmail", "x@example.be")]),
            ($"/lots/new?building={ids.Building}", [("building", ids.Building.ToString()), ("Input.Number", "EVIL"), ("Input.Kind", "other"), ("Input.Quota", "1")]),
            ($"/lots/{ids.Lot}/edit", [("Input.Number", "A1.1"), ("Input.Kind", "apartment"), ("Input.Quota", "1")]),
            ($"/lots/{ids.Lot}?handler=end", [("EndId", ids.Ownership.ToString()), ("EndDate", "2026-01-01")]),
            ($"/lots/{ids.Lot}/owners", [("EffectiveFrom", "2026-01-01"), ("Rows[0].OwnerId", ids.Owner.ToString()), ("Rows[0].Share", "1/1"), ("Rows[0].Right", "full")]),
            ($"/owners/{ids.Owner}/edit", [("Input.Kind", "natural"), ("Input.FirstName", "Evil"), ("Input.LastName", "Hijacked"), ("Input.Language", "fr")]),
        ];
        foreach (var (url, fields) in posts)
        {
            var response = await session.Post(url, fields);
            Assert.True(response.StatusCode == expected, $"POST {url} answered {(int)response.StatusCode}, expected {(int)expected}");
        }
        await AssertNoChange(ids);
    }

    [Fact]
    public async Task The_other_firms_syndic_gets_404_on_every_page_and_form_of_the_first()
    {
        var ids = await FirstOrganisation();
        var session = await SignedIn("syndic2@demo.koprogo.be");
        foreach (var url in Pages(ids))
            Assert.True((await session.GetRaw(url)).StatusCode == HttpStatusCode.NotFound, $"GET {url} should be 404");
        await AttemptWrites(session, ids, HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task The_other_firms_lists_show_nothing_of_the_first()
    {
        var session = await SignedIn("syndic2@demo.koprogo.be");
        var dashboard = await session.Get("/dashboard");
        Assert.Equal(["Résidence Quai de Meuse"], dashboard.Texts(".card h2"));
        var owners = await session.Get("/owners?q=a");
        Assert.DoesNotContain("Lambert", owners.MainText());
        Assert.DoesNotContain("Dupont", (await session.Get("/owners?q=dupont")).MainText());
    }

    [Theory]
    [InlineData("owner@demo.koprogo.be")]
    [InlineData("owner2@demo.koprogo.be")]
    public async Task Owners_get_403_on_the_syndics_pages_and_forms(string email)
    {
        var ids = await FirstOrganisation();
        var session = await SignedIn(email);
        foreach (var url in Pages(ids).Append("/owners").Append("/dashboard").Append("/buildings/new"))
            Assert.True((await session.GetRaw(url)).StatusCode == HttpStatusCode.Forbidden, $"GET {url} should be 403");
        await AttemptWrites(session, ids, HttpStatusCode.Forbidden);
    }

    [Fact]
    public async Task A_board_member_reads_their_building_only_and_changes_nothing()
    {
        var ids = await FirstOrganisation();
        var session = await SignedIn("board@demo.koprogo.be");
        Assert.Equal(HttpStatusCode.OK, (await session.GetRaw($"/buildings/{ids.Building}")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await session.GetRaw($"/lots/{ids.Lot}")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await session.GetRaw($"/buildings/{ids.OtherBuilding}")).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await session.GetRaw($"/owners/{ids.Owner}")).StatusCode);
        await AttemptWrites(session, ids, HttpStatusCode.Forbidden);
    }

    [Fact]
    public async Task The_platform_admin_reads_counts_but_no_tenant_page()
    {
        var ids = await FirstOrganisation();
        var session = await SignedIn("admin@demo.koprogo.be");
        var admin = await session.Get("/admin");
        Assert.Contains("Syndic Horizon SRL", admin.MainText());
        Assert.Equal(HttpStatusCode.Forbidden, (await session.GetRaw($"/buildings/{ids.Building}")).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await session.GetRaw("/owners")).StatusCode);
    }
}
