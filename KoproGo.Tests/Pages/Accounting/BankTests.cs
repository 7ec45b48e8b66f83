using System.Globalization;
using System.Net;
using System.Text;
using KoproGo.Domain.Accounting;
using KoproGo.Tests.Support;
using KoproGo.Web.Infrastructure;

namespace KoproGo.Tests.Pages.Accounting;

/// <summary>Bank statements in CODA imported and matched to calls for funds, lines assigned by hand, payments recorded by hand.</summary>
public class BankTests(App app) : AppTest(app)
{
    private const string TilleulsIban = "BE41363081234510";
    private static readonly DateOnly Today = BrusselsTime.Today;

    private sealed record Item(long Id, long OwnerId, string LastName, string Communication, decimal Amount);

    private Task<long> Tilleuls() => Scalar<long>("select id from buildings where slug = 'residence-les-tilleuls'");

    /// <summary>A call of 1,000.00 € issued through the page; its items, one per owner.</summary>
    private async Task<IReadOnlyList<Item>> Call(Session syndic, long building)
    {
        var issued = await syndic.Post($"/buildings/{building}/calls", ("Input.Kind", "working_capital"), ("Input.Title", "Provisions banque"),
            ("Input.Total", "1000.00"), ("Input.KeyId", ""), ("Input.IssuedOn", Today.ToString("yyyy-MM-dd")), ("Input.DueDate", Today.AddDays(30).ToString("yyyy-MM-dd")));
        Assert.Equal(HttpStatusCode.Redirect, issued.StatusCode);
        return await Query<Item>("""
            select i.id, i.owner_id, o.last_name, i.communication, i.amount from fund_call_items i join owners o on o.id = i.owner_id
            join fund_calls c on c.id = i.call_id where c.title = 'Provisions banque' order by o.last_name
            """);
    }

    private async Task<long> Import(Session syndic, long building, byte[] file, string name = "statement.cod")
    {
        var response = await syndic.Upload($"/buildings/{building}/bank?handler=import", "Statement", name, file);
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        var import = long.Parse(response.Headers.Location!.OriginalString.Split('/')[2], CultureInfo.InvariantCulture);
        for (var i = 0; i < 300 && await Scalar<long>("select count(*) from bank_lines where status = 'pending'") > 0; i++) await Task.Delay(100);
        return import;
    }

    private Task<long> Count(string table) => Scalar<long>($"select count(*) from {table}");

    [Fact]
    public async Task A_coda_file_is_matched_by_communication_then_by_amount_and_name_and_importing_it_again_changes_nothing()
    {
        var building = await Tilleuls();
        var syndic = await SignedIn("syndic@demo.koprogo.be");
        var items = await Call(syndic, building);
        // matched by amount and name: an owner of another name whose amount is theirs alone among the open items
        var open = await Query<decimal>("""
            select i.amount - coalesce((select sum(p.amount) from payments p where p.item_id = i.id), 0) from fund_call_items i
            """);
        var (byReference, byName) = (items[0], items.First(i => i.LastName != items[0].LastName && open.Count(x => x == i.Amount) == 1));
        StructuredCommunication.TryParse(byReference.Communication, out var reference);
        var paymentsBefore = await Count("payments");
        var file = new CodaSample(TilleulsIban, Today, 7, 12_000m)
            .Credit(byReference.Amount, reference.Digits, $"{byReference.LastName.ToUpperInvariant()} J")
            .Credit(byName.Amount, "provisions appartement", $"M. ET MME {byName.LastName.ToUpperInvariant()}", structured: false)
            .Credit(12.34m, "remboursement", "INCONNU SPRL", structured: false)
            .Debit(15.00m, "frais de tenue de compte", "BANQUE")
            .Bytes;

        var import = await Import(syndic, building, file);
        var lines = await Query<(decimal Amount, string Status)>("select amount, status from bank_lines where import_id = @import order by sequence", new { import });
        Assert.Equal(["matched", "matched", "unmatched", "unmatched"], lines.Select(l => l.Status));
        Assert.Equal(reference.ToString(), await Scalar<string>("select communication from bank_lines where import_id = @import and sequence = 1", new { import }));
        var paid = await Query<(long Item, string MatchedBy, decimal Amount)>("""
            select p.item_id, p.matched_by, p.amount from payments p join bank_lines l on l.id = p.bank_line_id where l.import_id = @import order by p.id
            """, new { import });
        Assert.Equal([(byReference.Id, "communication", byReference.Amount), (byName.Id, "amount_and_name", byName.Amount)], paid);
        // each payment is posted: D 550 bank / C 410 the owner
        Assert.Equal(byReference.Amount, await Scalar<decimal>("""
            select sum(l.credit) from journal_lines l join payments p on p.entry_id = l.entry_id where p.item_id = @Id and l.account_code = '410' and l.owner_id = @OwnerId
            """, byReference));
        var page = (await syndic.Get($"/bank-imports/{import}")).MainText();
        Assert.Contains("2 rapprochées, 2 à attribuer", page);

        // the same file again: nothing changes, and the user is told so
        var (entries, bankLines) = (await Count("journal_entries"), await Count("bank_lines"));
        var again = await syndic.Upload($"/buildings/{building}/bank?handler=import", "Statement", "copie.cod", file);
        Assert.Equal($"/bank-imports/{import}", again.Headers.Location!.OriginalString);
        Assert.Contains("déjà été importé", (await syndic.Get($"/bank-imports/{import}")).MainText());
        // another file holding the same movements (an overlapping export) adds no line either
        await Import(syndic, building, Encoding.Latin1.GetBytes(Encoding.Latin1.GetString(file) + "\r\n"));
        Assert.Equal((entries, bankLines, paymentsBefore + 2), (await Count("journal_entries"), await Count("bank_lines"), await Count("payments")));

        // the call page counts what was received
        Assert.Contains(string.Format(new CultureInfo("fr-BE"), "{0:N2}", byReference.Amount + byName.Amount).Replace('\u202f', '\u00a0'),
            (await syndic.Get($"/buildings/{building}/calls")).MainText().Replace('\u202f', '\u00a0'));
    }

    [Fact]
    public async Task Statements_with_a_reused_number_or_an_old_account_number_or_several_in_one_file_lose_no_movement()
    {
        var building = await Tilleuls();
        var syndic = await SignedIn("syndic@demo.koprogo.be");
        Task<long> Lines(string iban) => Scalar<long>("select count(*) from bank_lines l join buildings b on b.id = l.building_id where b.iban = @iban", new { iban });
        var (here, there) = (await Lines(TilleulsIban), await Lines("BE21363089876503"));

        // the bank numbers statements from 001 every year: 042 of last year and 042 of this year are two statements
        await Import(syndic, building, new CodaSample(TilleulsIban, Today.AddYears(-1), 42, 0m)
            .Credit(11m, "un", "A", structured: false).Credit(12m, "deux", "B", structured: false).Bytes);
        var reused = await Import(syndic, building, new CodaSample(TilleulsIban, Today, 42, 23m)
            .Credit(13m, "trois", "C", structured: false).Credit(14m, "quatre", "D", structured: false).Bytes);
        Assert.Equal(["trois", "quatre"], await Query<string>("select communication from bank_lines where import_id = @reused order by sequence", new { reused }));

        // one file: two statements of Les Tilleuls (one with the old Belgian account number) and one of another building of the firm
        await Import(syndic, building, CodaSample.BytesOf(
            new CodaSample(TilleulsIban, Today, 43, 50m).Credit(1m, "cinq", "E", structured: false).Credit(2m, "six", "F", structured: false),
            new CodaSample(TilleulsIban, Today, 44, 53m).WithOldAccountNumber().Credit(3m, "sept", "G", structured: false, information: true),
            new CodaSample("BE21363089876503", Today, 5, 0m).Credit(4m, "huit", "H", structured: false)));
        Assert.Equal((here + 7, there + 1), (await Lines(TilleulsIban), await Lines("BE21363089876503")));

        // a statement of an account that is none of the firm's buildings (here another firm's): the whole file is refused
        var stored = await Count("bank_lines");
        var foreign = await syndic.Upload($"/buildings/{building}/bank?handler=import", "Statement", "mixed.cod", CodaSample.BytesOf(
            new CodaSample(TilleulsIban, Today, 45, 56m).Credit(1m, "neuf", "I", structured: false),
            new CodaSample("BE55735065432144", Today, 1, 0m).Credit(1m, "dix", "J", structured: false)));
        var error = (await Session.Parse(foreign)).FieldError("Statement");
        Assert.Contains("BE55735065432144", error);
        Assert.Contains("rien n'a été importé", error);
        Assert.Equal(stored, await Count("bank_lines"));

        // what is wrong is said in the reader's language
        var badDate = new CodaSample(TilleulsIban, Today, 46, 0m).Credit(1m, "x", "Y", structured: false).ToString().Split("\r\n");
        badDate[2] = badDate[2][..47] + "321326" + badDate[2][53..];
        var refused = await syndic.Upload($"/buildings/{building}/bank?handler=import", "Statement", "x.cod", Encoding.Latin1.GetBytes(string.Join("\r\n", badDate)));
        Assert.Equal("Ce n'est pas un fichier CODA valide (ligne 3 : la date « 321326 » n'est pas au format JJMMAA).", (await Session.Parse(refused)).FieldError("Statement"));
    }

    [Fact]
    public async Task A_line_left_is_assigned_by_hand_or_set_aside_and_a_payment_can_be_recorded_by_hand()
    {
        var building = await Tilleuls();
        var syndic = await SignedIn("syndic@demo.koprogo.be");
        var items = await Call(syndic, building);
        var import = await Import(syndic, building, new CodaSample(TilleulsIban, Today, 8, 0m)
            .Credit(items[1].Amount, "virement", "QUELQU'UN D'AUTRE", structured: false).Debit(15.00m, "frais", "BANQUE").Bytes);
        var (credit, debit) = await Row<(long, long)>("""
            select min(id) filter (where amount > 0), min(id) filter (where amount < 0) from bank_lines where import_id = @import
            """, new { import });

        var wrong = await syndic.Post($"/bank-lines/{credit}?handler=assign", ("Input.Target", "item-999999"));
        Assert.Equal(HttpStatusCode.OK, wrong.StatusCode);
        Assert.Equal("Choisissez une des options proposées.", (await Session.Parse(wrong)).FieldError("Input.Target"));

        Assert.Equal(HttpStatusCode.Redirect, (await syndic.Post($"/bank-lines/{credit}?handler=assign", ("Input.Target", $"item-{items[1].Id}"))).StatusCode);
        Assert.Equal(("assigned", items[1].Amount), await Row<(string, decimal)>("select matched_by, amount from payments where bank_line_id = @credit", new { credit }));
        Assert.Equal(HttpStatusCode.Redirect, (await syndic.Post($"/bank-lines/{debit}?handler=ignore")).StatusCode);
        Assert.Equal(["ignored", "matched"], await Query<string>("select status from bank_lines where import_id = @import order by status", new { import }));
        Assert.Contains("1 rapprochées, 0 à attribuer, 1 mises de côté", (await syndic.Get($"/bank-imports/{import}")).MainText());

        // by hand: half of the first owner's call, then the rest of it still shows as due
        var recorded = await syndic.Post($"/buildings/{building}/bank?handler=payment", ("Input.Target", $"item-{items[0].Id}"),
            ("Input.Amount", "10,50"), ("Input.PaidOn", Today.ToString("yyyy-MM-dd")));
        Assert.Equal(HttpStatusCode.Redirect, recorded.StatusCode);
        Assert.Equal(items[0].Amount - 10.50m, await Scalar<decimal>("""
            select i.amount - sum(p.amount) from fund_call_items i join payments p on p.item_id = i.id where i.id = @Id group by i.id
            """, items[0]));
        var form = await syndic.Get($"/buildings/{building}/bank");
        Assert.Contains(form.QuerySelectorAll("#Input_Target option").Select(o => o.GetAttribute("value")), v => v == $"item-{items[0].Id}");
        // the call settled by the bank line is no longer offered; what each item received is kept with it, to the cent
        Assert.DoesNotContain(form.QuerySelectorAll("#Input_Target option").Select(o => o.GetAttribute("value")), v => v == $"item-{items[1].Id}");
        Assert.Equal((10.50m, items[1].Amount), await Row<(decimal, decimal)>("select a.paid, b.paid from fund_call_items a, fund_call_items b where a.id = @A and b.id = @B",
            new { A = items[0].Id, B = items[1].Id }));
        Assert.Equal(0, await Scalar<long>("""
            select count(*) from fund_call_items i where i.paid <> coalesce((select sum(p.amount) from payments p where p.item_id = i.id), 0)
            """));
    }

    [Fact]
    public async Task A_malformed_or_foreign_statement_is_refused_with_a_clear_message_and_nothing_is_stored()
    {
        var building = await Tilleuls();
        var syndic = await SignedIn("syndic@demo.koprogo.be");
        var stored = (await Count("bank_imports"), await Count("bank_lines"), await Count("payments"));
        var good = new CodaSample(TilleulsIban, Today, 9, 100m).Credit(50m, "x", "Y", structured: false).ToString();
        var cases = new (string File, string Message)[]
        {
            ("ceci n'est pas un relevé", "Ce n'est pas un fichier CODA valide"),
            (good.Replace("0000000050000", "0000000050010"), "Ce n'est pas un fichier CODA valide"),
            (new CodaSample("BE68539007547034", Today, 9, 100m).Credit(50m, "x", "Y", structured: false).ToString(), "BE68539007547034"),
            ("", "Choisissez le fichier CODA"),
        };
        foreach (var (file, message) in cases)
        {
            var response = await syndic.Upload($"/buildings/{building}/bank?handler=import", "Statement", "x.cod", Encoding.Latin1.GetBytes(file));
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            Assert.Contains(message, (await Session.Parse(response)).FieldError("Statement"));
        }
        Assert.Equal(stored, (await Count("bank_imports"), await Count("bank_lines"), await Count("payments")));

        var bad = await syndic.Post($"/buildings/{building}/bank?handler=payment", ("Input.Target", ""), ("Input.Amount", "-5"), ("Input.PaidOn", "2099-01-01"));
        var page = await Session.Parse(bad);
        Assert.NotNull(page.FieldError("Input.Target"));
        Assert.NotNull(page.FieldError("Input.Amount"));
        Assert.NotNull(page.FieldError("Input.PaidOn"));
        Assert.Equal("-5", page.FieldValue("Input.Amount"));
        Assert.Equal(stored.Item3, await Count("payments"));
    }

    [Fact]
    public async Task Another_firm_cannot_read_or_assign_bank_lines_and_the_board_reads_without_entering()
    {
        var building = await Tilleuls();
        var syndic = await SignedIn("syndic@demo.koprogo.be");
        var import = await Import(syndic, building, new CodaSample(TilleulsIban, Today, 10, 0m).Credit(20m, "x", "Y", structured: false).Bytes);
        var line = await Scalar<long>("select id from bank_lines where import_id = @import", new { import });
        var other = await SignedIn("syndic2@demo.koprogo.be");
        foreach (var url in new[] { $"/buildings/{building}/bank", $"/bank-imports/{import}", $"/bank-lines/{line}" })
            Assert.Equal(HttpStatusCode.NotFound, (await other.GetRaw(url)).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await other.Post($"/bank-lines/{line}?handler=ignore")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await other.Upload($"/buildings/{building}/bank?handler=import", "Statement", "x.cod", [1, 2])).StatusCode);
        Assert.Equal("unmatched", await Scalar<string>("select status from bank_lines where id = @line", new { line }));

        var board = await SignedIn("board@demo.koprogo.be");
        var read = await board.Get($"/buildings/{building}/bank");
        Assert.Null(read.QuerySelector("input[type=file]"));
        Assert.Equal(HttpStatusCode.Forbidden, (await board.Post($"/bank-lines/{line}?handler=ignore")).StatusCode);
        Assert.Equal("unmatched", await Scalar<string>("select status from bank_lines where id = @line", new { line }));
    }
}
