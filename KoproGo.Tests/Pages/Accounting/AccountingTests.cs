using System.Globalization;
using System.Net;
using System.Text;
using KoproGo.Domain.Accounting;
using KoproGo.Tests.Support;
using KoproGo.Web.Infrastructure;

namespace KoproGo.Tests.Pages.Accounting;

public class AccountingTests(App app) : AppTest(app)
{
    private Task<long> Tilleuls() => Scalar<long>("select id from buildings where slug = 'residence-les-tilleuls'");
    private Task<long> Supplier(string name) => Scalar<long>("select id from suppliers where name = @name", new { name });
    private static string Today => BrusselsTime.Today.ToString("yyyy-MM-dd");

    private static (string, string)[] InvoiceForm(long supplier, string reference, params (string Account, string Amount, string Vat)[] lines)
    {
        var fields = new List<(string, string)>
        {
            ("Input.SupplierId", supplier.ToString()), ("Input.Reference", reference), ("Input.InvoiceDate", Today),
            ("Input.DueDate", BrusselsTime.Today.AddDays(30).ToString("yyyy-MM-dd")), ("Input.Description", "Test"),
        };
        for (var i = 0; i < lines.Length; i++)
            fields.AddRange([($"Input.Lines[{i}].Description", $"Ligne {i}"), ($"Input.Lines[{i}].Account", lines[i].Account),
                ($"Input.Lines[{i}].Amount", lines[i].Amount), ($"Input.Lines[{i}].VatRate", lines[i].Vat), ($"Input.Lines[{i}].KeyId", "")]);
        return fields.ToArray();
    }

    private static long IdFrom(HttpResponseMessage response) =>
        long.Parse(response.Headers.Location!.OriginalString.Split('/', '?', '#')[2], CultureInfo.InvariantCulture);

    [Fact]
    public async Task An_invoice_goes_from_draft_to_paid_with_its_entries_and_its_charges_split_to_the_cent()
    {
        var building = await Tilleuls();
        var accountant = await SignedIn("accountant@demo.koprogo.be");
        var created = await accountant.Post($"/buildings/{building}/invoices",
            InvoiceForm(await Supplier("Brillant Nettoyage SRL"), "BN-2026-77", ("611", "1000,00", "21"), ("610", "333.33", "6")));
        Assert.Equal(HttpStatusCode.Redirect, created.StatusCode);
        var invoice = IdFrom(created);
        // 1,000.00 + 210.00 VAT + 333.33 + 20.00 VAT
        Assert.Contains("1 563,33", (await accountant.Get($"/invoices/{invoice}")).MainText().Replace('\u00a0', ' ').Replace('\u202f', ' '));

        Assert.Equal(HttpStatusCode.Redirect, (await accountant.Post($"/invoices/{invoice}?handler=submit")).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await accountant.Post($"/invoices/{invoice}?handler=approve")).StatusCode);
        var syndic = await SignedIn("syndic@demo.koprogo.be");
        Assert.Equal(HttpStatusCode.Redirect, (await syndic.Post($"/invoices/{invoice}?handler=approve")).StatusCode);
        Assert.Equal("approved", await Scalar<string>("select status from invoices where id = @invoice", new { invoice }));
        var entry = await Scalar<long>("select entry_id from invoices where id = @invoice", new { invoice });
        Assert.Equal(1210.00m, await Scalar<decimal>("select debit from journal_lines where entry_id = @entry and account_code = '611'", new { entry }));
        Assert.Equal(353.33m, await Scalar<decimal>("select debit from journal_lines where entry_id = @entry and account_code = '610'", new { entry }));
        Assert.Equal(1563.33m, await Scalar<decimal>("select credit from journal_lines where entry_id = @entry and account_code = '440'", new { entry }));
        Assert.Equal(1563.33m, await Scalar<decimal>("select sum(amount) from charges where invoice_id = @invoice", new { invoice }));
        Assert.Equal(1210.00m, await Scalar<decimal>("select sum(amount) from charges where invoice_id = @invoice and account_code = '611'", new { invoice }));
        Assert.True(await Scalar<long>("select count(distinct owner_id) from charges where invoice_id = @invoice", new { invoice }) > 20);

        Assert.Equal(HttpStatusCode.Redirect, (await accountant.Post($"/invoices/{invoice}?handler=pay", ("Decision.PaidOn", Today))).StatusCode);
        var payment = await Scalar<long>("select payment_entry_id from invoices where id = @invoice and status = 'paid'", new { invoice });
        Assert.Equal(1563.33m, await Scalar<decimal>("select credit from journal_lines where entry_id = @payment and account_code = '550'", new { payment }));
        var journal = (await accountant.Get($"/buildings/{building}/journal")).MainText();
        Assert.Contains("BN-2026-77", journal);
        // An automatic entry cannot be changed, even in SQL.
        await Assert.ThrowsAnyAsync<Npgsql.PostgresException>(() => Scalar<int>("update journal_entries set description = 'x' where id = @entry returning 1", new { entry }));
        var csv = await (await accountant.GetRaw($"/buildings/{building}/journal?handler=csv")).Content.ReadAsStringAsync();
        Assert.Contains($"{entry};{BrusselsTime.Today:yyyy-MM-dd};purchases;", csv);
        Assert.Contains(";1563,33;", csv);
    }

    [Fact]
    public async Task Above_the_threshold_the_board_approves_too()
    {
        var accountant = await SignedIn("accountant@demo.koprogo.be");
        var created = await accountant.Post($"/buildings/{await Tilleuls()}/invoices", InvoiceForm(await Supplier("Ascenseurs Delvaux SA"), "AD-900", ("612", "4000", "21")));
        var invoice = IdFrom(created);
        await accountant.Post($"/invoices/{invoice}?handler=submit");
        var syndic = await SignedIn("syndic@demo.koprogo.be");
        await syndic.Post($"/invoices/{invoice}?handler=approve");
        Assert.Equal("submitted", await Scalar<string>("select status from invoices where id = @invoice", new { invoice }));
        var board = await SignedIn("board@demo.koprogo.be");
        Assert.Equal(HttpStatusCode.Redirect, (await board.Post($"/invoices/{invoice}?handler=approve")).StatusCode);
        Assert.Equal("approved", await Scalar<string>("select status from invoices where id = @invoice", new { invoice }));
        Assert.Equal(4840m, await Scalar<decimal>("select sum(amount) from charges where invoice_id = @invoice", new { invoice }));
    }

    [Fact]
    public async Task A_rejected_invoice_goes_back_to_draft_with_the_reason()
    {
        var invoice = await Scalar<long>("select id from invoices where supplier_reference = 'F-2026-0412'");
        var syndic = await SignedIn("syndic@demo.koprogo.be");
        var empty = await syndic.Post($"/invoices/{invoice}?handler=reject", ("Decision.Reason", " "));
        Assert.NotNull((await Session.Parse(empty)).FieldError("Decision.Reason"));
        await syndic.Post($"/invoices/{invoice}?handler=reject", ("Decision.Reason", "Montant du contrat erroné"));
        Assert.Equal(("draft", "Montant du contrat erroné"),
            await Row<(string, string)>("select status, rejection_reason from invoices where id = @invoice", new { invoice }));
    }

    [Fact]
    public async Task A_call_for_funds_is_split_posted_and_each_owner_gets_a_pdf_with_a_valid_communication()
    {
        var building = await Tilleuls();
        var syndic = await SignedIn("syndic@demo.koprogo.be");
        var issued = await syndic.Post($"/buildings/{building}/calls", ("Input.Kind", "working_capital"), ("Input.Title", "Provisions test"),
            ("Input.Total", "1000.00"), ("Input.KeyId", ""), ("Input.IssuedOn", Today), ("Input.DueDate", BrusselsTime.Today.AddDays(30).ToString("yyyy-MM-dd")));
        Assert.Equal(HttpStatusCode.Redirect, issued.StatusCode);
        var call = IdFrom(issued);
        Assert.Equal(1000.00m, await Scalar<decimal>("select sum(amount) from fund_call_items where call_id = @call", new { call }));
        Assert.Equal(1000.00m, await Scalar<decimal>("""
            select sum(l.debit) from journal_lines l join fund_calls c on c.entry_id = l.entry_id where c.id = @call and l.account_code = '410'
            """, new { call }));
        var communications = await Query<string>("select communication from fund_call_items where call_id = @call", new { call });
        Assert.All(communications, c => Assert.True(StructuredCommunication.TryParse(c, out _)));

        // Sophie (owner@demo) has lots here and an e-mail address: her mail carries her letter.
        var sophie = await Row<(long Item, string Communication, decimal Amount)>("""
            select i.id, i.communication, i.amount from fund_call_items i join owners o on o.id = i.owner_id where i.call_id = @call and o.first_name = 'Sophie'
            """, new { call });
        var mail = await App.Smtp.WaitFor(m => m.Subject.Contains("Provisions test") && m.To.Contains("sophie", StringComparison.OrdinalIgnoreCase), 60);
        var pdf = Assert.Single(mail.Attachments).Value;
        StructuredCommunication.TryParse(sophie.Communication, out var reference);
        var text = await PdfText.Of(pdf);
        Assert.Contains(reference.ToString(), text);
        Assert.Contains(sophie.Amount.ToString("N2", CultureInfo.GetCultureInfo("fr-BE")).Replace('\u202f', ' ').Replace('\u00a0', ' '), text.Replace('\u202f', ' ').Replace('\u00a0', ' '));
        Assert.Contains("BE41 3630 8123 4510", text);

        for (var i = 0; i < 300 && await Scalar<long>("select count(*) from fund_call_items where call_id = @call and letter_sent_at is null", new { call }) > 0; i++)
            await Task.Delay(200);
        var page = (await syndic.Get($"/calls/{call}")).MainText();
        Assert.Contains("Toutes les lettres sont prêtes", page);
        var letter = await (await syndic.GetRaw($"/calls/{call}?handler=letter&itemId={sophie.Item}")).Content.ReadAsByteArrayAsync();
        var letterText = await PdfText.Of(letter);
        Assert.Contains(reference.ToString(), letterText);
        PdfText.HasAddressLine(letterText, "1180 Uccle");

        // the payment QR code, decoded from the printed page: UTF-8 bytes, as its charset line (1) says, "Résidence" included
        var payload = GiroCode.Payload("Résidence Les Tilleuls", "BE41363081234510", sophie.Amount, reference);
        var scanned = await QrScan.FirstCodeOf(letter);
        Assert.Equal(Encoding.UTF8.GetBytes(payload), scanned.AsSpan().TrimEnd((byte)'\n').ToArray());
    }

    [Fact]
    public async Task The_journal_comes_a_page_at_a_time_latest_first_and_an_accounts_balance_runs_on_across_pages()
    {
        var building = await Tilleuls();
        var accountant = await SignedIn("accountant@demo.koprogo.be");
        var year = await Scalar<long>("select id from financial_years where building_id = @building and closed_at is null order by starts_on limit 1", new { building });
        // sixty small bank entries on the year's first day, whatever else the demo holds on the day the test runs
        await Scalar<long>("""
            with e as (
                insert into journal_entries (organisation_id, building_id, year_id, journal, entry_date, description)
                select b.organisation_id, b.id, y.id, 'financial', y.starts_on, 'Frais bancaires ' || g
                from buildings b join financial_years y on y.building_id = b.id, generate_series(1, 60) g where y.id = @year
                returning id)
            insert into journal_lines (entry_id, account_code, debit, credit) select id, '650', 1.25, 0 from e union all select id, '550', 0, 1.25 from e
            returning 1
            """, new { year });
        var entries = await Scalar<long>("select count(*) from journal_entries where year_id = @year", new { year });

        var last = await accountant.Get($"/buildings/{building}/journal?year={year}");
        var pager = System.Text.RegularExpressions.Regex.Match(last.QuerySelector("nav.pager")!.TextContent, @"Page (\d+) sur (\d+)");
        var pages = int.Parse(pager.Groups[2].Value, CultureInfo.InvariantCulture);
        Assert.True(pages > 1 && pager.Groups[1].Value == pager.Groups[2].Value, $"not on the last of several pages: {pager.Value}");
        var latest = await Scalar<long>("select id from journal_entries where year_id = @year order by entry_date desc, id desc limit 1", new { year });
        Assert.NotNull(last.GetElementById($"entry-{latest}"));
        // every page stays light, and every entry is on exactly one of them
        var seen = new List<string>();
        for (var page = 1; page <= pages; page++)
        {
            var html = await (await accountant.GetRaw($"/buildings/{building}/journal?year={year}&page={page}")).Content.ReadAsStringAsync();
            Assert.True(html.Length < 100_000, $"page {page} weighs {html.Length} characters");
            seen.AddRange(System.Text.RegularExpressions.Regex.Matches(html, @"<tbody id=""(entry-\d+)""").Select(m => m.Groups[1].Value));
        }
        Assert.Equal(entries, seen.Distinct().Count());
        Assert.Equal(seen.Count, seen.Distinct().Count());
        var first = await accountant.Get($"/buildings/{building}/journal?year={year}&page=1");
        var earliest = await Scalar<long>("select id from journal_entries where year_id = @year order by entry_date, id limit 1", new { year });
        Assert.NotNull(first.GetElementById($"entry-{earliest}"));
        Assert.Null(first.GetElementById($"entry-{latest}"));
        // a page is cut every LinesPerPage lines (an entry is never split): page 1 holds at least that many
        static int LinesOn(AngleSharp.Html.Dom.IHtmlDocument page) => page.QuerySelectorAll("tbody[id^=entry-] td a[href*='account=']").Length;
        Assert.InRange(LinesOn(first), KoproGo.Web.Pages.Accounting.JournalModel.LinesPerPage, 2 * KoproGo.Web.Pages.Accounting.JournalModel.LinesPerPage);

        // a link to an entry (from a call, an invoice, a payment) opens its year at the page that holds it
        var linked = await accountant.Get(KoproGo.Web.Pages.Accounting.JournalModel.Link(building, earliest));
        Assert.NotNull(linked.GetElementById($"entry-{earliest}"));
        Assert.StartsWith("Page 1 sur", linked.QuerySelector("nav.pager")!.TextContent.Trim());
        var older = await Scalar<long>("select id from journal_entries where building_id = @building and year_id <> @year order by id desc limit 1", new { building, year });
        Assert.NotNull((await accountant.Get(KoproGo.Web.Pages.Accounting.JournalModel.Link(building, older))).GetElementById($"entry-{older}"));
        // another building's entry: the journal as usual, nothing of the other building
        var elsewhere = await Scalar<long>("""
            with e as (
                insert into journal_entries (organisation_id, building_id, year_id, journal, entry_date, description)
                select y.organisation_id, y.building_id, y.id, 'misc', y.starts_on, 'Ailleurs'
                from (select b.organisation_id, y.building_id, y.id, y.starts_on from financial_years y join buildings b on b.id = y.building_id
                      where y.building_id <> @building and y.closed_at is null order by y.id limit 1) y
                returning id),
            l as (insert into journal_lines (entry_id, account_code, debit, credit) select id, '650', 1, 0 from e union all select id, '550', 0, 1 from e)
            select id from e
            """, new { building });
        Assert.Null((await accountant.Get(KoproGo.Web.Pages.Accounting.JournalModel.Link(building, elsewhere))).GetElementById($"entry-{elsewhere}"));

        // the bank account, last page: the running balance ends on the account's balance for the whole year
        var owed = await Scalar<decimal>("""
            select sum(l.debit - l.credit) from journal_lines l join journal_entries e on e.id = l.entry_id where e.year_id = @year and l.account_code = '550'
            """, new { year });
        var drill = await accountant.Get($"/buildings/{building}/journal?year={year}&account=550");
        Assert.NotNull(drill.QuerySelector("nav.pager a[rel=prev]"));
        Assert.InRange(LinesOn(await accountant.Get($"/buildings/{building}/journal?year={year}&account=550&page=1")),
            KoproGo.Web.Pages.Accounting.JournalModel.LinesPerPage, 2 * KoproGo.Web.Pages.Accounting.JournalModel.LinesPerPage);
        var balances = drill.QuerySelectorAll("table tbody tr td.num:last-child").Select(td => td.TextContent.Trim().Replace('\u202f', '\u00a0')).ToList();
        Assert.Equal(owed.ToString("N2", CultureInfo.GetCultureInfo("fr-BE")).Replace('\u202f', '\u00a0') + "\u00a0€", balances[^1]);
    }

    [Fact]
    public async Task The_journal_csv_has_headers_in_the_readers_language_and_no_text_runs_as_a_formula()
    {
        var building = await Tilleuls();
        var accountant = await SignedIn("accountant@demo.koprogo.be");
        var posted = await accountant.Post($"/buildings/{building}/journal", ("Entry.Date", Today), ("Entry.Description", "=HYPERLINK(\"http://evil.example\";\"Cliquez\")"),
            ("Entry.Lines[0].Account", "610"), ("Entry.Lines[0].Debit", "10"), ("Entry.Lines[0].Credit", ""),
            ("Entry.Lines[1].Account", "550"), ("Entry.Lines[1].Debit", ""), ("Entry.Lines[1].Credit", "10"));
        Assert.Equal(HttpStatusCode.Redirect, posted.StatusCode);
        var csv = await (await accountant.GetRaw($"/buildings/{building}/journal?handler=csv")).Content.ReadAsStringAsync();
        var lines = csv.TrimStart('\uFEFF').Split("\r\n");
        Assert.Equal("Écriture;Date;Journal;Description;Compte;Nom;Débit;Crédit;Contrepartie", lines[0]);
        Assert.Contains(lines, line => line.Contains(";\"'=HYPERLINK(\"\"http://evil.example\"\";\"\"Cliquez\"\")\";"));
        Assert.DoesNotContain(lines, line => line.Contains(";=HYPERLINK"));
    }

    [Fact]
    public async Task An_invoice_takes_only_a_real_pdf_whatever_the_file_is_named()
    {
        var accountant = await SignedIn("accountant@demo.koprogo.be");
        var invoice = await Scalar<long>("select id from invoices where status <> 'paid' order by id limit 1");
        var fake = await accountant.Upload($"/invoices/{invoice}?handler=attach", "Upload", "facture.pdf", Encoding.ASCII.GetBytes("<html><script>alert(1)</script></html>"));
        Assert.Equal(HttpStatusCode.OK, fake.StatusCode);
        Assert.NotNull((await Session.Parse(fake)).FieldError("Upload"));
        Assert.Null(await Scalar<long?>("select document_id from invoices where id = @invoice", new { invoice }));
        var real = await accountant.Upload($"/invoices/{invoice}?handler=attach", "Upload", "facture",
            Samples.MinimalPdf);
        Assert.Equal(HttpStatusCode.Redirect, real.StatusCode);
        Assert.Equal("facture.pdf", await Scalar<string>("select d.file_name from invoices i join documents d on d.id = i.document_id where i.id = @invoice", new { invoice }));
    }

    [Fact]
    public async Task Bad_input_gets_a_message_next_to_the_field_and_writes_nothing()
    {
        var building = await Tilleuls();
        var accountant = await SignedIn("accountant@demo.koprogo.be");
        var entries = await Scalar<long>("select count(*) from journal_entries");

        var unbalanced = await accountant.Post($"/buildings/{building}/journal", ("Entry.Date", Today), ("Entry.Description", "Correction"),
            ("Entry.Lines[0].Account", "610"), ("Entry.Lines[0].Debit", "100"), ("Entry.Lines[0].Credit", ""),
            ("Entry.Lines[1].Account", "550"), ("Entry.Lines[1].Debit", ""), ("Entry.Lines[1].Credit", "90"));
        var page = await Session.Parse(unbalanced);
        Assert.Contains("pas équilibrée", page.QuerySelector(".error-summary")!.TextContent);
        Assert.Equal("Correction", page.FieldValue("Entry.Description"));

        var closedYear = await accountant.Post($"/buildings/{building}/journal", ("Entry.Date", $"{BrusselsTime.Today.Year - 1}-06-30"), ("Entry.Description", "Oubli"),
            ("Entry.Lines[0].Account", "610"), ("Entry.Lines[0].Debit", "100"), ("Entry.Lines[0].Credit", ""),
            ("Entry.Lines[1].Account", "550"), ("Entry.Lines[1].Debit", ""), ("Entry.Lines[1].Credit", "100"));
        Assert.Contains("clôturé", (await Session.Parse(closedYear)).FieldError("Entry.Date"));

        // Through the page's own form, so the fields' names are the ones the page gives.
        var vat = await accountant.Submit($"/buildings/{building}/invoices", ("Input.SupplierId", (await Supplier("Brillant Nettoyage SRL")).ToString()),
            ("Input.Reference", "X-1"), ("Input.Lines[0].Account", "611"), ("Input.Lines[0].Amount", "100"), ("Input.Lines[0].VatRate", "7"));
        var vatPage = await Session.Parse(vat);
        Assert.Contains("21", vatPage.FieldError("Input.Lines[0].VatRate"));
        Assert.Equal("100", vatPage.FieldValue("Input.Lines[0].Amount"));
        var dueBefore = await accountant.Submit($"/buildings/{building}/invoices", ("Input.SupplierId", (await Supplier("Brillant Nettoyage SRL")).ToString()),
            ("Input.Reference", "X-3"), ("Input.DueDate", BrusselsTime.Today.AddDays(-1).ToString("yyyy-MM-dd")), ("Input.Lines[0].Account", "611"),
            ("Input.Lines[0].Amount", "100"));
        Assert.Equal(HttpStatusCode.OK, dueBefore.StatusCode);
        Assert.NotNull((await Session.Parse(dueBefore)).FieldError("Input.DueDate"));
        var negative = await accountant.Post($"/buildings/{building}/invoices", InvoiceForm(await Supplier("Brillant Nettoyage SRL"), "X-2", ("611", "-50", "21")));
        Assert.NotNull((await Session.Parse(negative)).FieldError("Input.Lines[0].Amount"));
        var iban = await accountant.Post("/suppliers", ("Input.Name", "Plombier Dupuis"), ("Input.Iban", "BE00 1234 5678 9999"), ("Input.CompanyNumber", ""),
            ("Input.Email", ""), ("Input.DefaultAccount", ""));
        var ibanPage = await Session.Parse(iban);
        Assert.Contains("IBAN", ibanPage.FieldError("Input.Iban"));
        Assert.Equal("Plombier Dupuis", ibanPage.FieldValue("Input.Name"));

        Assert.Equal(entries, await Scalar<long>("select count(*) from journal_entries"));
        Assert.Equal(0, await Scalar<long>("select count(*) from invoices where supplier_reference like 'X-%'"));
        Assert.Equal(0, await Scalar<long>("select count(*) from suppliers where name = 'Plombier Dupuis'"));
    }

    [Fact]
    public async Task The_database_refuses_an_unbalanced_entry_and_any_entry_in_a_closed_year()
    {
        var building = await Tilleuls();
        await Assert.ThrowsAnyAsync<Npgsql.PostgresException>(() => Scalar<int>("""
            with e as (insert into journal_entries (organisation_id, building_id, year_id, journal, entry_date, description)
                       select organisation_id, id, 0, 'misc', current_date, 'bad' from buildings where id = @building returning id)
            insert into journal_lines (entry_id, account_code, debit) select id, '610', 10 from e returning 1
            """, new { building }));
        await Assert.ThrowsAnyAsync<Npgsql.PostgresException>(() => Scalar<int>("""
            insert into journal_entries (organisation_id, building_id, year_id, journal, entry_date, description)
            select organisation_id, id, 0, 'misc', make_date(extract(year from current_date)::int - 1, 3, 1), 'late' from buildings where id = @building returning 1
            """, new { building }));
    }

    [Fact]
    public async Task Each_entry_counts_its_lines_and_the_count_cannot_be_made_wrong()
    {
        var building = await Tilleuls();
        // an entry written in two insert statements of one transaction, as the ledger and the demo do
        long entry;
        await using (var conn = await App.DataSource.OpenConnectionAsync())
        await using (var tx = await conn.BeginTransactionAsync())
        {
            entry = await Dapper.SqlMapper.ExecuteScalarAsync<long>(conn, """
                with e as (insert into journal_entries (organisation_id, building_id, year_id, journal, entry_date, description)
                           select organisation_id, id, 0, 'misc', current_date, 'Trois lignes' from buildings where id = @building returning id),
                     first as (insert into journal_lines (entry_id, account_code, debit) select id, '610', 10 from e)
                select id from e
                """, new { building }, tx);
            await Dapper.SqlMapper.ExecuteAsync(conn, "insert into journal_lines (entry_id, account_code, credit) values (@entry, '550', 4), (@entry, '550', 6)", new { entry }, tx);
            await tx.CommitAsync();
        }
        Assert.Equal(3, await Scalar<int>("select line_count from journal_entries where id = @entry", new { entry }));
        Assert.Equal(0, await Scalar<long>("""
            select count(*) from journal_entries e where line_count <> (select count(*) from journal_lines l where l.entry_id = e.id)
            """));
        // an automatic entry (fixed otherwise) still refuses a wrong count
        var automatic = await Scalar<long>("select id from journal_entries where building_id = @building and automatic limit 1", new { building });
        var refused = await Assert.ThrowsAsync<Npgsql.PostgresException>(() => Scalar<int>(
            "update journal_entries set line_count = line_count + 1 where id = @automatic returning 1", new { automatic }));
        Assert.Equal("journal_entries_line_count", refused.ConstraintName);
    }

    [Fact]
    public async Task The_statements_balance_and_owners_read_only_closed_years()
    {
        var building = await Tilleuls();
        var syndic = await SignedIn("syndic@demo.koprogo.be");
        var page = await syndic.Get($"/buildings/{building}/statements");
        var totals = page.QuerySelectorAll("#assets ~ table tr.total td, section[aria-labelledby=assets] tr.total td, section[aria-labelledby=liabilities] tr.total td")
            .Select(t => t.TextContent).ToList();
        Assert.Equal(2, totals.Count);
        Assert.Equal(totals[0], totals[1]);
        var owner = await SignedIn("owner@demo.koprogo.be");
        var ownerPage = (await owner.Get($"/buildings/{building}/statements")).MainText();
        Assert.Contains((BrusselsTime.Today.Year - 1).ToString(), ownerPage);
        Assert.Contains("Fonds de réserve", ownerPage);
        Assert.Equal(HttpStatusCode.Forbidden, (await owner.GetRaw($"/buildings/{building}/journal")).StatusCode);
    }

    [Fact]
    public async Task A_reserve_contribution_below_five_percent_of_last_years_charges_is_warned_until_the_assembly_waives_it()
    {
        var building = await Tilleuls();
        var syndic = await SignedIn("syndic@demo.koprogo.be");
        (string, string)[] Plan(string waived) => [("Plan.Year", BrusselsTime.Today.Year.ToString()), ("Plan.WorkingCapital", "96000"),
            ("Plan.Reserve", "100"), ("Plan.Frequency", "quarterly"), ("Plan.ReserveWaived", waived)];
        Assert.Equal(HttpStatusCode.Redirect, (await syndic.Post($"/buildings/{building}/accounting?handler=plan", Plan("false"))).StatusCode);
        // Last year's ordinary charges in the demo: 84,000.00 €, so at least 4,200.00 €.
        Assert.Contains("4 200,00", (await syndic.Get($"/buildings/{building}")).QuerySelector(".warning")?.TextContent.Replace('\u202f', ' ').Replace('\u00a0', ' '));
        Assert.NotNull((await syndic.Get($"/buildings/{building}/accounting")).QuerySelector(".warning"));
        await syndic.Post($"/buildings/{building}/accounting?handler=plan", Plan("true"));
        Assert.DoesNotContain("fonds de réserve", (await syndic.Get($"/buildings/{building}")).QuerySelector(".warning")?.TextContent ?? "");
        Assert.DoesNotContain("fonds de réserve", (await syndic.Get($"/buildings/{building}/accounting")).QuerySelector(".warning")?.TextContent ?? "");
    }

    [Fact]
    public async Task Another_firm_sees_and_changes_nothing_by_guessing_ids()
    {
        var building = await Tilleuls();
        var invoice = await Scalar<long>("select id from invoices limit 1");
        var calls = await Scalar<long>("select count(*) from fund_calls");
        var owner = await Scalar<long>("select id from owners where last_name = 'Dupont'");
        var other = await SignedIn("syndic2@demo.koprogo.be");
        foreach (var url in new[] { $"/buildings/{building}/accounting", $"/buildings/{building}/journal", $"/buildings/{building}/statements",
                     $"/buildings/{building}/settlement", $"/buildings/{building}/owners/{owner}/statement",
                     $"/buildings/{building}/invoices", $"/buildings/{building}/calls", $"/buildings/{building}/keys", $"/invoices/{invoice}" })
            Assert.Equal(HttpStatusCode.NotFound, (await other.GetRaw(url)).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await other.Post($"/invoices/{invoice}?handler=approve")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await other.Post($"/buildings/{building}/calls", ("Input.Kind", "reserve"), ("Input.Title", "x"),
            ("Input.Total", "10"), ("Input.IssuedOn", Today), ("Input.DueDate", Today))).StatusCode);
        Assert.DoesNotContain("Ascenseurs Delvaux", (await other.Get("/suppliers")).MainText());
        Assert.Equal(calls, await Scalar<long>("select count(*) from fund_calls"));
    }
    [Fact]
    public async Task A_key_posted_with_rows_missing_comes_back_with_every_lot_and_saves_the_weights_it_has()
    {
        var building = await Tilleuls();
        var lots = await Query<long>("select id from lots where building_id = @building order by number", new { building }); // the page's order
        var syndic = await SignedIn("syndic@demo.koprogo.be");
        var rows = lots.Select((lot, i) => ($"Input.LotIds[{i}]", lot.ToString())).ToList();

        // the weights start at index 1: list binding stops at the gap, so no weight reaches the page
        var gap = await syndic.Post($"/buildings/{building}/keys",
            [("Input.Name", "Ascenseur"), .. rows, .. lots.Skip(1).Select((_, i) => ($"Input.Weights[{i + 1}]", "1"))]);
        Assert.Equal(HttpStatusCode.OK, gap.StatusCode);
        var page = await Session.Parse(gap);
        Assert.Equal(lots.Count, page.QuerySelectorAll("input[name^='Input.Weights']").Length);
        Assert.Equal("Ascenseur", page.FieldValue("Input.Name"));

        // a row posted out of its place: its refused weight comes back by its own lot, nowhere else
        var moved = await Session.Parse(await syndic.Post($"/buildings/{building}/keys",
            ("Input.Name", "Ascenseur"), ("Input.LotIds[0]", lots[5].ToString()), ("Input.Weights[0]", "-3")));
        Assert.Equal("-3", moved.FieldValue("Input.Weights[5]"));
        Assert.NotNull(moved.FieldError("Input.Weights[5]"));
        Assert.Equal("", moved.FieldValue("Input.Weights[0]"));

        // fewer weights than lots: the lots after them are left out, the others weighed
        var shorter = await syndic.Post($"/buildings/{building}/keys", [("Input.Name", "Ascenseur"), .. rows, ("Input.Weights[0]", "2")]);
        Assert.Equal(HttpStatusCode.Redirect, shorter.StatusCode);
        Assert.Equal(2m, await Scalar<decimal>("""
            select sum(weight) from distribution_key_lots kl join distribution_keys k on k.id = kl.key_id where k.name = 'Ascenseur'
            """));
        // the audit line names the lot by its number, in the reader's language
        var first = await Scalar<string>("select number from lots where id = @lot", new { lot = lots[0] });
        Assert.Contains($"Lot: {first}, Poids: 2", (await syndic.Get("/audit?entity=distribution_key")).QuerySelector("tbody tr dd")!.TextContent);
    }
}
