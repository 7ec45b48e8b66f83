using System.Net;
using KoproGo.Tests.Support;

namespace KoproGo.Tests.Pages.Lots;

public class OwnershipTests(App app) : AppTest(app)
{
    private Task<long> Lot(string number) => Scalar<long>(
        "select l.id from lots l join buildings b on b.id = l.building_id where b.slug = 'residence-les-tilleuls' and l.number = @number", new { number });

    private Task<long> Owner(string lastName, string firstName) =>
        Scalar<long>("select id from owners where last_name = @lastName and first_name = @firstName", new { lastName, firstName });

    private static (string, string)[] Rows(string from, params (long Owner, string Share, string Right)[] rows) =>
        rows.SelectMany((r, i) => new[] { ($"Rows[{i}].OwnerId", r.Owner.ToString()), ($"Rows[{i}].Share", r.Share), ($"Rows[{i}].Right", r.Right) })
            .Prepend(("EffectiveFrom", from)).ToArray();

    [Fact]
    public async Task A_sale_ends_the_seller_and_starts_the_buyer_on_the_same_day()
    {
        var lot = await Lot("A6.1");
        var buyer = await Owner("Vermeulen", "Joris");
        var session = await SignedIn("syndic@demo.koprogo.be");
        var response = await session.Post($"/lots/{lot}/owners", Rows("2025-03-01", (buyer, "100%", "full")));
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        var page = await session.Get($"/lots/{lot}");
        Assert.Contains("Joris Vermeulen", page.QuerySelectorAll("table")[0].TextContent);
        Assert.Contains("Julie Collignon", page.QuerySelectorAll("table")[1].TextContent);
        Assert.Equal(new DateOnly(2025, 3, 1), await Scalar<DateOnly>("select valid_to from lot_ownerships o join owners w on w.id = o.owner_id where o.lot_id = @lot and w.last_name = 'Collignon'", new { lot }));
    }

    [Fact]
    public async Task Three_heirs_with_a_third_each_and_a_split_into_bare_ownership_and_usufruct_are_accepted()
    {
        var lot = await Lot("A6.2");
        var (a, b, c) = (await Owner("Martin", "Sarah"), await Owner("Martin", "Emma"), await Owner("Martin", "Noah"));
        var session = await SignedIn("syndic@demo.koprogo.be");
        Assert.Equal(HttpStatusCode.Redirect, (await session.Post($"/lots/{lot}/owners",
            Rows("2025-01-10", (a, "1/3", "full"), (b, "1/3", "full"), (c, "1/3", "full")))).StatusCode);
        Assert.Equal(HttpStatusCode.Redirect, (await session.Post($"/lots/{lot}/owners",
            Rows("2026-01-10", (a, "100%", "usufruct"), (b, "1/2", "bare"), (c, "50%", "bare")))).StatusCode);
        Assert.Equal(3L, await Scalar<long>("select count(*) from lot_ownerships where lot_id = @lot and valid_to is null", new { lot }));
    }

    [Theory]
    [InlineData("1/2", "full")]
    [InlineData("100%", "bare")]
    [InlineData("150%", "full")]
    [InlineData("half", "full")]
    public async Task Shares_that_do_not_make_a_whole_lot_are_refused_and_nothing_changes(string share, string right)
    {
        var lot = await Lot("A1.1");
        var someone = await Owner("Claes", "Bart");
        var before = await Scalar<long>("select count(*) from lot_ownerships where lot_id = @lot", new { lot });
        var session = await SignedIn("syndic@demo.koprogo.be");
        var response = await session.Post($"/lots/{lot}/owners", Rows("2025-05-05", (someone, share, right)));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var page = await Session.Parse(response);
        Assert.True(page.QuerySelector(".error-summary") is not null);
        Assert.Equal(share, page.FieldValue("Rows[0].Share"));
        Assert.Equal(before, await Scalar<long>("select count(*) from lot_ownerships where lot_id = @lot", new { lot }));
        Assert.Equal(0L, await Scalar<long>("select count(*) from lot_ownerships where lot_id = @lot and valid_to is not null", new { lot }));
    }

    [Fact]
    public async Task A_change_dated_before_the_last_one_is_refused()
    {
        var lot = await Lot("A3.1");
        var someone = await Owner("Claes", "Bart");
        var session = await SignedIn("syndic@demo.koprogo.be");
        var response = await session.Post($"/lots/{lot}/owners", Rows("2020-01-01", (someone, "1/1", "full")));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.NotNull((await Session.Parse(response)).FieldError("EffectiveFrom"));
    }

    [Fact]
    public async Task Ending_one_of_two_joint_owners_alone_is_refused_but_ending_a_sole_owner_is_accepted()
    {
        var session = await SignedIn("syndic@demo.koprogo.be");
        var joint = await Lot("A2.1");
        var marc = await Scalar<long>("select o.id from lot_ownerships o join owners w on w.id = o.owner_id where o.lot_id = @joint and w.first_name = 'Marc'", new { joint });
        var refused = await session.Post($"/lots/{joint}?handler=end", ("EndId", marc.ToString()), ("EndDate", "2026-01-01"));
        Assert.Equal(HttpStatusCode.OK, refused.StatusCode);
        Assert.NotNull((await Session.Parse(refused)).GetElementById("end-error"));
        Assert.Null(await Scalar<DateOnly?>("select valid_to from lot_ownerships where id = @marc", new { marc }));

        var sole = await Lot("K1");
        var only = await Scalar<long>("select id from lot_ownerships where lot_id = @sole", new { sole });
        var accepted = await session.Post($"/lots/{sole}?handler=end", ("EndId", only.ToString()), ("EndDate", "2026-01-01"));
        Assert.Equal(HttpStatusCode.Redirect, accepted.StatusCode);
        Assert.Equal(new DateOnly(2026, 1, 1), await Scalar<DateOnly>("select valid_to from lot_ownerships where id = @only", new { only }));
    }
}
