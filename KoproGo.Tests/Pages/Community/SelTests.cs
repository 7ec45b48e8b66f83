using System.Net;
using KoproGo.Tests.Support;

namespace KoproGo.Tests.Pages.Community;

/// <summary>The local exchange system between two owners of Les Tilleuls: Sophie (owner@) and Pieter (board@, an owner too).</summary>
public class SelTests(App app) : AppTest(app)
{
    private Task<long> Tilleuls() => Scalar<long>("select id from buildings where slug = 'residence-les-tilleuls'");
    /// <summary>The member id of an owner of Les Tilleuls, by first name.</summary>
    private Task<long> Member(string firstName) => Scalar<long>("""
        select m.id from community_members m join owners o on o.id = m.owner_id join buildings b on b.id = m.building_id
        where o.first_name = @firstName and b.slug = 'residence-les-tilleuls'
        """, new { firstName });
    private Task<int> Balance(long building, long owner) => Scalar<int>("""
        select coalesce(sum(case when to_member = @owner then credits else -credits end), 0)::int from sel_transfers
        where building_id = @building and (to_member = @owner or from_member = @owner)
        """, new { building, owner });

    private static long IdFrom(HttpResponseMessage response) => long.Parse(response.Headers.Location!.OriginalString.Split('/')[2]);

    private static async Task<long> Offer(Session provider, long building, string title, string credits = "3")
    {
        var posted = await provider.Post($"/buildings/{building}/sel", ("Input.Kind", "service"), ("Input.Category", "diy"), ("Input.Title", title),
            ("Input.Description", "Deux heures un samedi"), ("Input.Credits", credits));
        Assert.Equal(HttpStatusCode.Redirect, posted.StatusCode);
        return IdFrom(posted);
    }

    [Fact]
    public async Task Two_owners_exchange_from_offer_to_rating_and_the_credits_move_once()
    {
        var building = await Tilleuls();
        var (sophie, pieter) = (await Member("Sophie"), await Member("Pieter"));
        var provider = await SignedIn("owner@demo.koprogo.be");
        var requester = await SignedIn("board@demo.koprogo.be");
        var before = (await Balance(building, sophie), await Balance(building, pieter));
        var exchange = await Offer(provider, building, "Monter une armoire");
        Assert.Contains("Monter une armoire", (await requester.Get($"/buildings/{building}/sel")).MainText());
        // the provider finds it among their own exchanges, not among what the neighbours offer
        var own = await provider.Get($"/buildings/{building}/sel");
        Assert.DoesNotContain("Monter une armoire", own.Texts("ul.cards h3"));
        Assert.Contains("Monter une armoire", own.Texts("#mine + .table-wrap th[scope=row]"));

        // nobody asks for their own offer; only the provider starts
        Assert.Equal(HttpStatusCode.Forbidden, (await provider.Post($"/sel/{exchange}?handler=request")).StatusCode);
        Assert.Equal(HttpStatusCode.Redirect, (await requester.Post($"/sel/{exchange}?handler=request")).StatusCode);
        Assert.Equal(1, await Scalar<long>("""
            select count(*) from notifications n join users u on u.id = n.user_id where u.email = 'owner@demo.koprogo.be'
            """));
        Assert.Equal(HttpStatusCode.Forbidden, (await requester.Post($"/sel/{exchange}?handler=start")).StatusCode);
        Assert.Equal(HttpStatusCode.Redirect, (await provider.Post($"/sel/{exchange}?handler=start")).StatusCode);

        Assert.Equal(HttpStatusCode.Redirect, (await provider.Post($"/sel/{exchange}?handler=confirm")).StatusCode);
        Assert.Equal(before, (await Balance(building, sophie), await Balance(building, pieter)));
        Assert.Equal(HttpStatusCode.Redirect, (await requester.Post($"/sel/{exchange}?handler=confirm")).StatusCode);
        Assert.Equal("completed", await Scalar<string>("select status from sel_exchanges where id = @exchange", new { exchange }));
        Assert.Equal((before.Item1 + 3, before.Item2 - 3), (await Balance(building, sophie), await Balance(building, pieter)));

        // a completed exchange is not cancelled; each rates the other once
        Assert.Equal(HttpStatusCode.Forbidden, (await provider.Post($"/sel/{exchange}?handler=cancel", ("Input.Reason", "oops"))).StatusCode);
        var badRating = await requester.Post($"/sel/{exchange}?handler=rate", ("Input.Stars", "6"), ("Input.Comment", "Parfait"));
        Assert.Equal(HttpStatusCode.OK, badRating.StatusCode);
        Assert.NotNull((await Session.Parse(badRating)).FieldError("Input.Stars"));
        Assert.Equal(HttpStatusCode.Redirect, (await requester.Post($"/sel/{exchange}?handler=rate", ("Input.Stars", "5"), ("Input.Comment", "Parfait"))).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await requester.Post($"/sel/{exchange}?handler=rate", ("Input.Stars", "1"))).StatusCode);
        Assert.Equal(5, await Scalar<int>("select stars from sel_ratings where exchange_id = @exchange", new { exchange }));

        var statement = (await provider.Get($"/buildings/{building}/sel/statement")).MainText();
        Assert.Contains("Monter une armoire", statement);
        Assert.Contains("Pieter J.", statement);
        Assert.DoesNotContain("@", statement);
        Assert.Contains($"Mes crédits : {before.Item1 + 3}", (await provider.Get($"/buildings/{building}/sel")).MainText());
    }

    [Fact]
    public async Task Twenty_concurrent_confirmations_complete_the_exchange_and_move_the_credits_once()
    {
        var building = await Tilleuls();
        var provider = await SignedIn("owner@demo.koprogo.be");
        var requester = await SignedIn("board@demo.koprogo.be");
        var exchange = await Offer(provider, building, "Arroser les plantes", "2");
        await requester.Post($"/sel/{exchange}?handler=request");
        await provider.Post($"/sel/{exchange}?handler=start");

        var token = (await provider.Token(), await requester.Token());
        var posts = Enumerable.Range(0, 20).Select(i =>
        {
            var (who, t) = i % 2 == 0 ? (provider, token.Item1) : (requester, token.Item2);
            return who.Client.PostAsync($"/sel/{exchange}?handler=confirm",
                new FormUrlEncodedContent([new("__RequestVerificationToken", t)]));
        }).ToList();
        var answers = await Task.WhenAll(posts);
        Assert.All(answers, a => Assert.True(a.StatusCode is HttpStatusCode.Redirect or HttpStatusCode.Forbidden, $"{a.StatusCode}"));
        Assert.Equal(1, await Scalar<long>("select count(*) from sel_transfers where exchange_id = @exchange", new { exchange }));
        Assert.Equal(2, await Scalar<int>("select credits from sel_transfers where exchange_id = @exchange", new { exchange }));
    }

    [Fact]
    public async Task Bad_offers_are_refused_with_the_input_kept_and_the_limit_stops_spending_too_much()
    {
        var building = await Tilleuls();
        var provider = await SignedIn("owner@demo.koprogo.be");
        foreach (var (field, value) in new[] { ("Input.Credits", "0"), ("Input.Credits", "101"), ("Input.Credits", "deux"), ("Input.Title", ""),
                     ("Input.Category", "weapons"), ("Input.Kind", "money") })
        {
            var fields = new Dictionary<string, string>
            {
                ["Input.Kind"] = "service", ["Input.Category"] = "diy", ["Input.Title"] = "Cours de guitare", ["Input.Credits"] = "2", [field] = value,
            };
            var response = await provider.Post($"/buildings/{building}/sel", fields);
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            var page = await Session.Parse(response);
            Assert.NotNull(page.FieldError(field));
            Assert.Equal("Cours de guitare", field == "Input.Title" ? "Cours de guitare" : page.FieldValue("Input.Title"));
        }
        Assert.Equal(0, await Scalar<long>("select count(*) from sel_exchanges where title = 'Cours de guitare'"));

        // Pieter owes 19 credits already: a 5-credit request would pass the building's limit of 20
        var (sophie, pieter) = (await Member("Sophie"), await Member("Pieter"));
        var earlier = await Scalar<long>("""
            insert into sel_exchanges (organisation_id, building_id, provider_id, requester_id, kind, category, title, credits, status,
                                       provider_confirmed_at, requester_confirmed_at, completed_at)
            select organisation_id, id, @sophie, @pieter, 'service', 'moving', 'Déménagement', 19, 'completed', now(), now(), now() from buildings where id = @building
            returning id
            """, new { building, sophie, pieter });
        await Scalar<int>("insert into sel_transfers (building_id, exchange_id, from_member, to_member, credits) values (@building, @earlier, @pieter, @sophie, 19) returning 1",
            new { building, earlier, pieter, sophie });
        var exchange = await Offer(provider, building, "Cours de cuisine", "5");
        var requester = await SignedIn("board@demo.koprogo.be");
        var refused = await requester.Post($"/sel/{exchange}?handler=request");
        Assert.Equal(HttpStatusCode.OK, refused.StatusCode);
        Assert.Equal("offered", await Scalar<string>("select status from sel_exchanges where id = @exchange", new { exchange }));
        Assert.Contains("-20", (await Session.Parse(refused)).MainText());
        await Assert.ThrowsAnyAsync<Npgsql.PostgresException>(() => Scalar<int>("update sel_transfers set credits = 1 returning 1"));
    }

    [Fact]
    public async Task Another_firm_sees_nothing_and_the_syndic_moderates()
    {
        var building = await Tilleuls();
        var provider = await SignedIn("owner@demo.koprogo.be");
        var exchange = await Offer(provider, building, "Prêter ma foreuse");
        var stranger = await SignedIn("owner2@demo.koprogo.be");
        foreach (var url in new[] { $"/buildings/{building}/sel", $"/sel/{exchange}", $"/buildings/{building}/sel/statement" })
            Assert.Equal(HttpStatusCode.NotFound, (await stranger.GetRaw(url)).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await stranger.Post($"/sel/{exchange}?handler=request")).StatusCode);

        var syndic = await SignedIn("syndic@demo.koprogo.be");
        Assert.Contains("Prêter ma foreuse", (await syndic.Get($"/buildings/{building}/sel")).MainText());
        Assert.Equal(HttpStatusCode.Forbidden, (await syndic.Post($"/sel/{exchange}?handler=request")).StatusCode);
        Assert.Equal(HttpStatusCode.Redirect, (await syndic.Post($"/sel/{exchange}?handler=cancel", ("Input.Reason", "Hors charte"))).StatusCode);
        Assert.Equal("cancelled", await Scalar<string>("select status from sel_exchanges where id = @exchange", new { exchange }));
        Assert.Equal(HttpStatusCode.Redirect, (await provider.Post($"/sel/{exchange}?handler=delete")).StatusCode);
        Assert.Equal(0, await Scalar<long>("select count(*) from sel_exchanges where id = @exchange", new { exchange }));
    }
}
