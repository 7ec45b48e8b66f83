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

    [Fact]
    public async Task An_owner_sees_the_polls_open_in_their_buildings_only_and_their_balance_as_the_ledger_says()
    {
        // a poll open in a building of the firm where Sophie holds no lot, and one of hers closed yesterday: neither is listed
        await Scalar<int>("""
            insert into polls (organisation_id, building_id, question, kind, opens_on, closes_on)
            select organisation_id, id, 'Hors de ses immeubles ' || name, 'yes_no', current_date - 7, case when slug = 'residence-les-tilleuls' then current_date - 1 else current_date + 7 end
            from buildings where organisation_id = (select organisation_id from buildings where slug = 'residence-les-tilleuls')
              and id not in (select l.building_id from lot_ownerships o join lots l on l.id = o.lot_id where o.owner_id = (select id from owners where first_name = 'Sophie'))
               or slug = 'residence-les-tilleuls'
            returning 1
            """);
        Assert.True(await Scalar<long>("select count(*) from polls where question like 'Hors de ses immeubles %'") >= 2);
        var page = await (await SignedIn("owner@demo.koprogo.be")).Get("/my");
        var tilleuls = page.QuerySelectorAll("main section").Single(s => s.QuerySelector("h2")!.TextContent.Contains("Les Tilleuls"));
        Assert.Contains("Quel jour pour la journée de nettoyage du jardin ?", tilleuls.TextContent);
        Assert.DoesNotContain("Hors de ses immeubles", page.MainText());

        var balance = await Scalar<decimal>("""
            select coalesce(sum(l.debit - l.credit), 0) from journal_lines l join journal_entries e on e.id = l.entry_id join buildings b on b.id = e.building_id
            where b.slug = 'residence-les-tilleuls' and l.account_code = '410' and l.owner_id = (select id from owners where first_name = 'Sophie')
            """);
        // (in Sophie's language) what she owes or what is in her favour, to the cent
        var account = tilleuls.QuerySelectorAll("p").Single(p => p.QuerySelector("a[href$='/statement']") is not null).TextContent;
        Assert.Contains(balance > 0 ? "Vous devez" : balance < 0 ? "en votre faveur" : "Votre compte est en ordre", account);
        Assert.Equal(Math.Abs(balance).ToString("0.00", System.Globalization.CultureInfo.InvariantCulture).Replace(".", "").TrimStart('0'),
            string.Concat(account.Where(char.IsDigit)).TrimStart('0'));
    }
}
