using KoproGo.Tests.Support;

namespace KoproGo.Tests.Pages;

public class MyLotsTests(App app) : AppTest(app)
{
    [Fact]
    public async Task An_owner_sees_exactly_their_lots_today_grouped_by_building()
    {
        var page = await (await SignedIn("owner@demo.koprogo.be")).Get("/my");
        Assert.Equal(["Résidence du Parc", "Résidence Les Tilleuls"], page.Texts("main section h2"));
        Assert.Equal(["2", "G2", "A2.1", "K2", "P2"], page.Texts("main tbody th"));
        Assert.Contains("50 %", page.MainText());
        Assert.Contains("contact@horizon-syndic.be", page.MainText());
    }

    [Fact]
    public async Task A_sold_lot_leaves_the_sellers_page()
    {
        await Scalar<int>("""
            update lot_ownerships set valid_to = current_date - 1
            where owner_id = (select id from owners where first_name = 'Sophie') and lot_id in (select id from lots where number = 'P2')
            returning 1
            """);
        var page = await (await SignedIn("owner@demo.koprogo.be")).Get("/my");
        Assert.DoesNotContain("P2", page.Texts("main tbody th"));
    }
}
