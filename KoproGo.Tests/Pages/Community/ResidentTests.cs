using System.Net;
using KoproGo.Tests.Support;

namespace KoproGo.Tests.Pages.Community;

/// <summary>
/// Residents (occupants who own no lot) in Les Tilleuls' community, which the demo opens to them; Lucas Martin
/// (resident@, French) rents flat A1.1.
/// </summary>
public class ResidentTests(App app) : AppTest(app)
{
    private Task<long> Tilleuls() => Scalar<long>("select id from buildings where slug = 'residence-les-tilleuls'");

    private Task<int> Balance(long building, string email) => Scalar<int>("""
        select coalesce(sum(case when t.to_member = m.id then t.credits else -t.credits end), 0)::int
        from community_members m join users u on u.id = m.user_id or u.owner_id = m.owner_id
             left join sel_transfers t on t.building_id = m.building_id and m.id in (t.to_member, t.from_member)
        where m.building_id = @building and u.email = @email
        """, new { building, email });

    private static (string, string)[] Invitation(string lot, string email = "nina.wouters@example.be", string name = "Nina Wouters") =>
        [("Input.Name", name), ("Input.Email", email), ("Input.Language", "nl"), ("Input.LotId", lot)];

    [Fact]
    public async Task An_invited_resident_joins_the_community_exchanges_with_an_owner_and_sees_nothing_of_the_co_ownership()
    {
        var building = await Tilleuls();
        var flat = await Scalar<long>("select id from lots where building_id = @building and number = 'A1.2'", new { building });
        var syndic = await SignedIn("syndic@demo.koprogo.be");
        Assert.Equal(HttpStatusCode.Redirect, (await syndic.Post($"/buildings/{building}/residents", Invitation(flat.ToString()))).StatusCode);
        var mail = await App.Smtp.WaitFor(m => m.To.Contains("nina.wouters@example.be"));
        Assert.Equal("Syndic Horizon SRL nodigt u uit op KoproGo", mail.Subject);
        var residents = (await syndic.Get($"/buildings/{building}/residents")).MainText();
        Assert.Contains("Nina Wouters", residents);
        Assert.Contains("A1.2", residents);

        var nina = App.NewSession();
        const string password = "Nina kiest haar wachtwoord";
        Assert.Equal(HttpStatusCode.Redirect, (await nina.Post(mail.Link("/account/set-password"), ("Input.New", password), ("Input.Confirm", password))).StatusCode);
        var home = await nina.GetRaw("/");
        Assert.Equal("/community", home.Headers.Location!.OriginalString);
        var community = await nina.GetRaw("/community");
        Assert.Equal($"/buildings/{building}/community", community.Headers.Location!.OriginalString);
        Assert.Contains("Gemeenschap", (await nina.Get($"/buildings/{building}/community")).MainText());

        // Nina offers help; Sophie, an owner, asks for it; both confirm and the credits move between them
        var before = (await Balance(building, "nina.wouters@example.be"), await Balance(building, "owner@demo.koprogo.be"));
        var offered = await nina.Post($"/buildings/{building}/sel", ("Input.Kind", "service"), ("Input.Category", "moving"),
            ("Input.Title", "Hulp bij het dragen van meubels"), ("Input.Credits", "2"));
        Assert.Equal(HttpStatusCode.Redirect, offered.StatusCode);
        var exchange = long.Parse(offered.Headers.Location!.OriginalString.Split('/')[2]);
        var sophie = await SignedIn("owner@demo.koprogo.be");
        Assert.Contains("Nina W.", (await sophie.Get($"/buildings/{building}/sel")).MainText());
        Assert.Equal(HttpStatusCode.Redirect, (await sophie.Post($"/sel/{exchange}?handler=request")).StatusCode);
        Assert.Equal(1, await Scalar<long>("select count(*) from notifications n join users u on u.id = n.user_id where u.email = 'nina.wouters@example.be'"));
        Assert.Equal(HttpStatusCode.Redirect, (await nina.Post($"/sel/{exchange}?handler=start")).StatusCode);
        Assert.Equal(HttpStatusCode.Redirect, (await nina.Post($"/sel/{exchange}?handler=confirm")).StatusCode);
        Assert.Equal(HttpStatusCode.Redirect, (await sophie.Post($"/sel/{exchange}?handler=confirm")).StatusCode);
        Assert.Equal((before.Item1 + 2, before.Item2 - 2),
            (await Balance(building, "nina.wouters@example.be"), await Balance(building, "owner@demo.koprogo.be")));
        Assert.Contains("Sophie L.", (await nina.Get($"/buildings/{building}/sel/statement")).MainText());

        // the co-ownership's pages stay closed to a resident
        var sophieOwner = await Scalar<long>("select id from owners where first_name = 'Sophie'");
        var poll = await Scalar<long>("select id from polls where building_id = @building limit 1", new { building });
        foreach (var url in new[] { $"/buildings/{building}", $"/buildings/{building}/documents", "/my", $"/buildings/{building}/owners/{sophieOwner}/statement",
                     $"/polls/{poll}", $"/buildings/{building}/impact", $"/buildings/{building}/moderation", $"/buildings/{building}/residents", "/dashboard", "/owners" })
            Assert.True((await nina.GetRaw(url)).StatusCode is HttpStatusCode.NotFound or HttpStatusCode.Forbidden, url);
        var parc = await Scalar<long>("select id from buildings where slug = 'residence-du-parc'");
        Assert.Equal(HttpStatusCode.NotFound, (await nina.GetRaw($"/buildings/{parc}/community")).StatusCode);
    }

    [Fact]
    public async Task Closing_the_community_shuts_residents_out_and_removing_one_cancels_their_bookings_and_account()
    {
        var building = await Tilleuls();
        var syndic = await SignedIn("syndic@demo.koprogo.be");
        var lucas = await SignedIn("resident@demo.koprogo.be");
        Assert.Equal(HttpStatusCode.OK, (await lucas.GetRaw($"/buildings/{building}/swap")).StatusCode);

        Assert.Equal(HttpStatusCode.Redirect, (await syndic.Post($"/buildings/{building}/residents?handler=setting", ("Open", "false"))).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await lucas.GetRaw($"/buildings/{building}/swap")).StatusCode);
        Assert.Contains("n'est pas ouverte aux résidents", (await lucas.Get("/community")).MainText());
        Assert.Contains("Fermée aux résidents", (await syndic.Get($"/buildings/{building}/community")).MainText());
        // no invitation while closed
        Assert.Equal(HttpStatusCode.Redirect, (await syndic.Post($"/buildings/{building}/residents", Invitation(""))).StatusCode);
        Assert.Equal(0, await Scalar<long>("select count(*) from users where email = 'nina.wouters@example.be'"));
        Assert.Equal(HttpStatusCode.Redirect, (await syndic.Post($"/buildings/{building}/residents?handler=setting", ("Open", "true"))).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await lucas.GetRaw($"/buildings/{building}/swap")).StatusCode);

        // Lucas moves out: his laundry booking to come is freed, his account closes, what he did stays
        var user = await Scalar<long>("select id from users where email = 'resident@demo.koprogo.be'");
        Assert.Equal(1, await Scalar<long>("""
            select count(*) from bookings k join community_members m on m.id = k.member_id where m.user_id = @user and k.status = 'confirmed'
            """, new { user }));
        Assert.Equal(HttpStatusCode.Redirect, (await syndic.Post($"/buildings/{building}/residents?handler=remove&userId={user}")).StatusCode);
        // his account closed, his open session is signed out at its next click
        var after = await lucas.GetRaw($"/buildings/{building}/swap");
        Assert.Equal(HttpStatusCode.Redirect, after.StatusCode);
        Assert.Contains("/account/login", after.Headers.Location!.OriginalString);
        Assert.Equal(0, await Scalar<long>("""
            select count(*) from bookings k join community_members m on m.id = k.member_id where m.user_id = @user and k.status = 'confirmed'
            """, new { user }));
        Assert.NotNull(await Scalar<DateTime?>("select disabled_at from users where id = @user", new { user }));
        Assert.Contains("Lucas M.", (await syndic.Get($"/buildings/{building}/swap")).MainText());
        Assert.DoesNotContain("Lucas Martin", (await syndic.Get($"/buildings/{building}/residents")).MainText());
        var login = await App.NewSession().Post("/account/login", ("Input.Email", "resident@demo.koprogo.be"), ("Input.Password", Session.DemoPassword));
        Assert.Equal(HttpStatusCode.OK, login.StatusCode);

        // he moves back in: the same account and history, a new password to choose
        Assert.Equal(HttpStatusCode.Redirect, (await syndic.Post($"/buildings/{building}/residents", Invitation("", "resident@demo.koprogo.be", "Lucas Martin"))).StatusCode);
        Assert.Equal(1, await Scalar<long>("select count(*) from users where email = 'resident@demo.koprogo.be' and disabled_at is null and password_hash is null"));
        var link = (await App.Smtp.WaitFor(m => m.To.Contains("resident@demo.koprogo.be"))).Link("/account/set-password");
        var back = App.NewSession();
        Assert.Equal(HttpStatusCode.Redirect, (await back.Post(link, ("Input.New", "Lucas est de retour 2027"), ("Input.Confirm", "Lucas est de retour 2027"))).StatusCode);
        Assert.Contains("Jeux de société", (await back.Get($"/buildings/{building}/swap")).MainText());
        Assert.Equal(1, await Scalar<long>("select count(*) from community_members where user_id = @user", new { user }));
    }

    [Fact]
    public async Task An_owner_invites_and_removes_the_residents_of_their_own_flats_only()
    {
        var building = await Tilleuls();
        var lot = (string number) => Scalar<long>("select id from lots where building_id = @building and number = @number", new { building, number });
        var sophie = await SignedIn("owner@demo.koprogo.be");
        var page = await sophie.Get($"/buildings/{building}/tenants");
        // her flat, not her cellar nor her parking, nor a neighbour's flat
        Assert.Equal(["A2.1"], page.QuerySelectorAll("#Input_LotId option").Select(o => o.TextContent.Trim()).ToArray());

        var jeans = await sophie.Post($"/buildings/{building}/tenants", Invitation((await lot("A1.1")).ToString(), "tom@example.be", "Tom Peeters"));
        Assert.Equal(HttpStatusCode.OK, jeans.StatusCode);
        Assert.NotNull((await Session.Parse(jeans)).FieldError("Input.LotId"));
        Assert.Equal(HttpStatusCode.Redirect, (await sophie.Post($"/buildings/{building}/tenants", Invitation((await lot("A2.1")).ToString(), "tom@example.be", "Tom Peeters"))).StatusCode);
        await App.Smtp.WaitFor(m => m.To.Contains("tom@example.be"));
        Assert.Equal(1, await Scalar<long>("""
            select count(*) from notifications n join users u on u.id = n.user_id where u.email = 'syndic@demo.koprogo.be' and n.link like '%/residents'
            """));
        Assert.Contains("Tom Peeters", (await sophie.Get($"/buildings/{building}/tenants")).MainText());
        var syndic = await SignedIn("syndic@demo.koprogo.be");
        Assert.Contains("Tom Peeters", (await syndic.Get($"/buildings/{building}/residents")).MainText());
        Assert.DoesNotContain("Tom Peeters", (await (await SignedIn("board@demo.koprogo.be")).Get($"/buildings/{building}/tenants")).MainText());

        // Lucas lives in Jean's flat: not Sophie's to remove; her own tenant is
        var lucas = await Scalar<long>("select id from users where email = 'resident@demo.koprogo.be'");
        Assert.Equal(HttpStatusCode.NotFound, (await sophie.Post($"/buildings/{building}/tenants?handler=remove&userId={lucas}")).StatusCode);
        var tom = await Scalar<long>("select id from users where email = 'tom@example.be'");
        Assert.Equal(HttpStatusCode.Redirect, (await sophie.Post($"/buildings/{building}/tenants?handler=remove&userId={tom}")).StatusCode);
        Assert.Equal(0, await Scalar<long>("select count(*) from user_roles where user_id = @tom", new { tom }));
        Assert.Equal(1, await Scalar<long>("select count(*) from user_roles where user_id = @lucas", new { lucas }));

        // a resident, a closed building or another building's owner: no such page
        Assert.Equal(HttpStatusCode.NotFound, (await (await SignedIn("resident@demo.koprogo.be")).GetRaw($"/buildings/{building}/tenants")).StatusCode);
        var parc = await Scalar<long>("select id from buildings where slug = 'residence-du-parc'");
        Assert.Equal(HttpStatusCode.NotFound, (await sophie.GetRaw($"/buildings/{parc}/tenants")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await (await SignedIn("owner2@demo.koprogo.be")).GetRaw($"/buildings/{building}/tenants")).StatusCode);
        await syndic.Post($"/buildings/{building}/residents?handler=setting", ("Open", "false"));
        Assert.Equal(HttpStatusCode.NotFound, (await sophie.GetRaw($"/buildings/{building}/tenants")).StatusCode);
    }

    [Fact]
    public async Task An_owners_first_visits_make_them_a_member_once_even_at_the_same_time()
    {
        // Sophie also owns a flat at the Parc, whose community she never opened
        var parc = await Scalar<long>("select id from buildings where slug = 'residence-du-parc'");
        Assert.Equal(0, await Scalar<long>("select count(*) from community_members where building_id = @parc", new { parc }));
        var sophie = await SignedIn("owner@demo.koprogo.be");
        var visits = await Task.WhenAll(Enumerable.Range(0, 10).Select(_ => sophie.GetRaw($"/buildings/{parc}/community")));
        Assert.All(visits, v => Assert.Equal(HttpStatusCode.OK, v.StatusCode));
        Assert.Equal(1, await Scalar<long>("select count(*) from community_members where building_id = @parc", new { parc }));
        var offered = await sophie.Post($"/buildings/{parc}/sel", ("Input.Kind", "service"), ("Input.Category", "education"),
            ("Input.Title", "Conversation en néerlandais"), ("Input.Credits", "1"));
        Assert.Equal(HttpStatusCode.Redirect, offered.StatusCode);
        Assert.Equal(1, await Scalar<long>("""
            select count(*) from sel_exchanges x join community_members m on m.id = x.provider_id
            where x.building_id = @parc and m.building_id = @parc and m.owner_id = (select id from owners where first_name = 'Sophie')
            """, new { parc }));
    }

    [Theory]
    [InlineData("Input.Email", "nina@")]
    [InlineData("Input.Email", "owner@demo.koprogo.be")]
    [InlineData("Input.Name", "")]
    [InlineData("Input.LotId", "other-building")]
    [InlineData("Input.LotId", "cellar")]
    public async Task Bad_invitations_are_refused_by_the_field_with_the_input_kept(string field, string value)
    {
        var building = await Tilleuls();
        var lot = value switch
        {
            "other-building" => (await Scalar<long>("select l.id from lots l join buildings b on b.id = l.building_id where b.slug = 'residence-du-parc' limit 1")).ToString(),
            "cellar" => (await Scalar<long>("select id from lots where building_id = @building and kind = 'cellar' limit 1", new { building })).ToString(),
            _ => "",
        };
        var fields = Invitation(lot).ToDictionary(f => f.Item1, f => f.Item2);
        if (field != "Input.LotId") fields[field] = value;
        var syndic = await SignedIn("syndic@demo.koprogo.be");
        var response = await syndic.Post($"/buildings/{building}/residents", fields);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var page = await Session.Parse(response);
        Assert.NotNull(page.FieldError(field));
        Assert.Equal(fields["Input.Email"], page.FieldValue("Input.Email"));
        Assert.Equal(fields["Input.Name"], page.FieldValue("Input.Name"));
        Assert.Equal(0, await Scalar<long>("select count(*) from users where email = 'nina.wouters@example.be'"));
        Assert.Equal(1, await Scalar<long>("select count(*) from user_roles where role = 'Resident'"));
    }

    [Fact]
    public async Task Only_the_firms_syndic_manages_residents_and_only_residents_of_the_building()
    {
        var building = await Tilleuls();
        var lucas = await Scalar<long>("select id from users where email = 'resident@demo.koprogo.be'");
        var other = await SignedIn("syndic2@demo.koprogo.be");
        Assert.Equal(HttpStatusCode.NotFound, (await other.GetRaw($"/buildings/{building}/residents")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await other.Post($"/buildings/{building}/residents", Invitation(""))).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await other.Post($"/buildings/{building}/residents?handler=remove&userId={lucas}")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await other.Post($"/buildings/{building}/residents?handler=setting", ("Open", "false"))).StatusCode);
        // through their own building, the other firm still cannot remove a resident of Les Tilleuls
        var own = await Scalar<long>("select b.id from buildings b join users u on u.organisation_id = b.organisation_id where u.email = 'syndic2@demo.koprogo.be' limit 1");
        Assert.Equal(HttpStatusCode.NotFound, (await other.Post($"/buildings/{own}/residents?handler=remove&userId={lucas}")).StatusCode);
        Assert.Equal(1, await Scalar<long>("select count(*) from user_roles where user_id = @lucas and role = 'Resident'", new { lucas }));
        Assert.True(await Scalar<bool>("select community_residents from buildings where id = @building", new { building }));

        var sophie = await SignedIn("owner@demo.koprogo.be");
        Assert.Equal(HttpStatusCode.Forbidden, (await sophie.GetRaw($"/buildings/{building}/residents")).StatusCode);
        var syndic = await SignedIn("syndic@demo.koprogo.be");
        var sophieUser = await Scalar<long>("select id from users where email = 'owner@demo.koprogo.be'");
        Assert.Equal(HttpStatusCode.NotFound, (await syndic.Post($"/buildings/{building}/residents?handler=remove&userId={sophieUser}")).StatusCode);
        Assert.Null(await Scalar<DateTime?>("select disabled_at from users where id = @sophieUser", new { sophieUser }));
    }
}
