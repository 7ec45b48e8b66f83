using System.Globalization;
using System.Net;
using KoproGo.Tests.Support;
using KoproGo.Web.Infrastructure;

namespace KoproGo.Tests.Pages.Accounting;

/// <summary>Owners' statements (décompte) and the year-end settlement, against the journal the demo's year was posted in.</summary>
public class OwnerStatementTests(App app) : AppTest(app)
{
    private static readonly CultureInfo French = new("fr-BE");

    private Task<long> Tilleuls() => Scalar<long>("select id from buildings where slug = 'residence-les-tilleuls'");
    private Task<long> Owner(string firstName) => Scalar<long>("select id from owners where first_name = @firstName", new { firstName });
    private static string Euros(decimal amount) => amount.ToString("N2", French).Replace('\u202f', '\u00a0') + "\u00a0€";
    private static string Plain(string text) => text.Replace('\u202f', '\u00a0');

    [Fact]
    public async Task The_settlement_adds_up_to_the_calls_and_the_charges_of_the_journal_to_the_cent()
    {
        var building = await Tilleuls();
        var syndic = await SignedIn("syndic@demo.koprogo.be");
        var page = await syndic.Get($"/buildings/{building}/settlement");
        var total = page.QuerySelectorAll("tr.total td").Select(td => Plain(td.TextContent.Trim())).ToList();
        var year = BrusselsTime.Today.Year;
        var provisions = await Scalar<decimal>("""
            select coalesce(sum(total), 0) from fund_calls where building_id = @building and kind = 'working_capital' and extract(year from issued_on) = @year
            """, new { building, year });
        var charges = await Scalar<decimal>("""
            select coalesce(sum(l.debit - l.credit), 0) from journal_lines l join journal_entries e on e.id = l.entry_id
            where e.building_id = @building and l.account_code ~ '^6' and extract(year from e.entry_date) = @year
            """, new { building, year });
        var owed = await Scalar<decimal>("""
            select coalesce(sum(l.debit - l.credit), 0) from journal_lines l join journal_entries e on e.id = l.entry_id
            where e.building_id = @building and l.account_code = '410' and l.owner_id is not null
            """, new { building });
        Assert.True(provisions > 0 && charges > 0, "the demo year has calls and approved invoices");
        Assert.Equal([Euros(provisions), Euros(charges), Euros(charges - provisions), Euros(owed)], total);
    }

    [Fact]
    public async Task An_owners_statement_carries_its_balance_line_by_line_and_matches_the_ledger()
    {
        var building = await Tilleuls();
        var sophie = await Owner("Sophie");
        var owner = await SignedIn("owner@demo.koprogo.be");
        var my = await owner.Get("/my");
        var link = my.QuerySelectorAll("a").Select(a => a.GetAttribute("href")).First(h => h == $"/buildings/{building}/owners/{sophie}/statement");
        var page = await owner.Get(link!);
        var balance = await Scalar<decimal>("""
            select coalesce(sum(l.debit - l.credit), 0) from journal_lines l join journal_entries e on e.id = l.entry_id
            where e.building_id = @building and l.account_code = '410' and l.owner_id = @sophie
            """, new { building, sophie });
        var rows = page.QuerySelectorAll("section.statement table").First().QuerySelectorAll("tbody tr").ToList();
        var closing = Plain(rows[^1].QuerySelectorAll("td").Last().TextContent.Trim());
        Assert.Equal(balance >= 0 ? Euros(balance) : $"{Euros(-balance)} en votre faveur", closing);
        // every call she was sent appears, with its amount, and the lot table adds up to them
        var called = await Scalar<decimal>("""
            select coalesce(sum(i.amount), 0) from fund_call_items i join fund_calls c on c.id = i.call_id
            where i.owner_id = @sophie and c.building_id = @building and extract(year from c.issued_on) = extract(year from current_date)
            """, new { building, sophie });
        var lots = page.QuerySelectorAll("section.statement table")[1].QuerySelector("tr.total td")!.TextContent.Trim();
        Assert.Equal(Euros(called), Plain(lots));

        var pdf = await owner.GetRaw($"{link}?handler=pdf");
        Assert.Equal("application/pdf", pdf.Content.Headers.ContentType?.MediaType);
        var bytes = await pdf.Content.ReadAsByteArrayAsync();
        var text = await PdfText.Of(bytes);
        Assert.Contains("Décompte du copropriétaire", text);
        // the document's title and language, for viewers and screen readers
        var (title, language) = await PdfText.Metadata(bytes);
        Assert.StartsWith("Décompte du copropriétaire — Résidence Les Tilleuls", title);
        Assert.Equal("fr", language);
        Assert.Contains("Sophie Lambert", text);
        PdfText.HasAddressLine(text, "1180 Uccle");
    }

    [Fact]
    public async Task An_owner_reads_only_their_own_statement_and_another_firm_none()
    {
        var building = await Tilleuls();
        var pieter = await Owner("Pieter");
        var sophie = await Owner("Sophie");
        var owner = await SignedIn("owner@demo.koprogo.be");
        Assert.Equal(HttpStatusCode.NotFound, (await owner.GetRaw($"/buildings/{building}/owners/{pieter}/statement")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await owner.GetRaw($"/buildings/{building}/owners/{pieter}/statement?handler=pdf")).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await owner.GetRaw($"/buildings/{building}/settlement")).StatusCode);
        var other = await SignedIn("syndic2@demo.koprogo.be");
        foreach (var url in new[] { $"/buildings/{building}/owners/{sophie}/statement", $"/buildings/{building}/settlement" })
            Assert.Equal(HttpStatusCode.NotFound, (await other.GetRaw(url)).StatusCode);
        // the board reads anyone's
        var board = await SignedIn("board@demo.koprogo.be");
        Assert.Equal(HttpStatusCode.OK, (await board.GetRaw($"/buildings/{building}/owners/{sophie}/statement")).StatusCode);
    }
}
