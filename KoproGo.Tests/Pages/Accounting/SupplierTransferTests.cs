using System.Globalization;
using System.Net;
using System.Xml.Linq;
using KoproGo.Domain.Accounting;
using KoproGo.Tests.Support;
using KoproGo.Web.Infrastructure;

namespace KoproGo.Tests.Pages.Accounting;

/// <summary>Paying the suppliers of Les Tilleuls in one SEPA transfer file (pain.001.001.03).</summary>
public class SupplierTransferTests(App app) : AppTest(app)
{
    private const string TilleulsIban = "BE41363081234510";
    private static readonly string Today = BrusselsTime.Today.ToString("yyyy-MM-dd");
    private Task<long> Tilleuls() => Scalar<long>("select id from buildings where slug = 'residence-les-tilleuls'");
    private Task<long> Supplier(string name) => Scalar<long>("select id from suppliers where name = @name", new { name });

    private static (string, string)[] Invoice(long supplier, string reference, string paymentReference, string amount) =>
    [
        ("Input.SupplierId", supplier.ToString()), ("Input.Reference", reference), ("Input.PaymentReference", paymentReference),
        ("Input.InvoiceDate", Today), ("Input.DueDate", BrusselsTime.Today.AddDays(30).ToString("yyyy-MM-dd")), ("Input.Description", "Test"),
        ("Input.Lines[0].Description", "Prestation"), ("Input.Lines[0].Account", "610"), ("Input.Lines[0].Amount", amount), ("Input.Lines[0].VatRate", "21"), ("Input.Lines[0].KeyId", ""),
    ];

    private async Task<long> Approved(Session accountant, Session syndic, long building, (string, string)[] form)
    {
        var created = await accountant.Post($"/buildings/{building}/invoices", form);
        Assert.Equal(HttpStatusCode.Redirect, created.StatusCode);
        var invoice = long.Parse(created.Headers.Location!.OriginalString.Split('/', '?', '#')[2], CultureInfo.InvariantCulture);
        Assert.Equal(HttpStatusCode.Redirect, (await accountant.Post($"/invoices/{invoice}?handler=submit")).StatusCode);
        Assert.Equal(HttpStatusCode.Redirect, (await syndic.Post($"/invoices/{invoice}?handler=approve")).StatusCode);
        return invoice;
    }

    [Fact]
    public async Task Approved_invoices_go_in_one_transfer_file_banks_read_and_the_statements_debits_mark_them_paid()
    {
        var building = await Tilleuls();
        var accountant = await SignedIn("accountant@demo.koprogo.be");
        var syndic = await SignedIn("syndic@demo.koprogo.be");
        var communication = new StructuredCommunication(909_337_554);
        // a communication with wrong check digits is refused by its field, the input kept
        var bad = await Session.Parse(await accountant.Post($"/buildings/{building}/invoices",
            Invoice(await Supplier("Ascenseurs Delvaux SA"), "AD-T-1", "+++090/9337/55400+++", "100.00")));
        Assert.NotNull(bad.FieldError("Input.PaymentReference"));
        Assert.Equal("+++090/9337/55400+++", bad.FieldValue("Input.PaymentReference"));

        var lift = await Approved(accountant, syndic, building, Invoice(await Supplier("Ascenseurs Delvaux SA"), "AD-T-1", communication.ToString(), "100.00"));
        var cleaning = await Approved(accountant, syndic, building, Invoice(await Supplier("Brillant Nettoyage SRL"), "BN-T-1", "", "200.00"));
        var noIban = await Scalar<long>("""
            insert into suppliers (organisation_id, name, default_account) select organisation_id, 'Menuiserie Sans Compte', '610' from buildings where id = @building returning id
            """, new { building });
        var carpentry = await Approved(accountant, syndic, building, Invoice(noIban, "MSC-1", "", "50.00"));

        // the supplier without an IBAN is listed, not silently left out; a past date is refused by its field
        var page = await accountant.Get($"/buildings/{building}/transfers");
        Assert.Contains("Menuiserie Sans Compte", page.MainText());
        Assert.Contains("Pas d'IBAN pour ce fournisseur", page.MainText());
        Assert.Null(page.QuerySelector($"input[name=Selected][value='{carpentry}']"));
        var past = await Session.Parse(await accountant.Post($"/buildings/{building}/transfers", ("Selected", lift.ToString()), ("Selected", cleaning.ToString()),
            ("ExecutionDate", BrusselsTime.Today.AddDays(-1).ToString("yyyy-MM-dd"))));
        Assert.NotNull(past.FieldError("ExecutionDate"));
        var none = await Session.Parse(await accountant.Post($"/buildings/{building}/transfers", ("Selected", carpentry.ToString()), ("ExecutionDate", Today)));
        Assert.NotNull(none.FieldError("Selected"));

        Assert.Equal(HttpStatusCode.Redirect, (await accountant.Post($"/buildings/{building}/transfers", ("Selected", lift.ToString()), ("Selected", cleaning.ToString()),
            ("ExecutionDate", Today))).StatusCode);
        var transfer = await Scalar<long>("select id from supplier_transfers where building_id = @building", new { building });
        Assert.Equal([lift, cleaning], await Query<long>("select id from invoices where transfer_id = @transfer order by id", new { transfer }));
        Assert.Contains("Envoyé à la banque", (await accountant.Get($"/invoices/{lift}")).MainText());
        // in a file once: the invoices leave the list
        Assert.Null((await accountant.Get($"/buildings/{building}/transfers")).QuerySelector($"input[name=Selected][value='{lift}']"));

        var file = await (await accountant.GetRaw($"/buildings/{building}/transfers?handler=file&transfer={transfer}")).Content.ReadAsByteArrayAsync();
        var xml = XDocument.Load(new MemoryStream(file));
        var ns = CreditTransfers.Pain001;
        Assert.Equal(ns + "Document", xml.Root!.Name);
        var group = xml.Root.Element(ns + "CstmrCdtTrfInitn")!.Element(ns + "GrpHdr")!;
        Assert.Equal(("2", "363.00"), (group.Element(ns + "NbOfTxs")!.Value, group.Element(ns + "CtrlSum")!.Value));
        var block = xml.Root.Descendants(ns + "PmtInf").Single();
        Assert.Equal(("TRF", "SEPA", Today, TilleulsIban), (block.Element(ns + "PmtMtd")!.Value, block.Descendants(ns + "SvcLvl").Single().Value,
            block.Element(ns + "ReqdExctnDt")!.Value, block.Element(ns + "DbtrAcct")!.Value));
        Assert.Equal("Residence Les Tilleuls", block.Element(ns + "Dbtr")!.Value);
        var payments = block.Elements(ns + "CdtTrfTxInf").ToList();
        var structured = payments[0].Descendants(ns + "CdtrRefInf").Single();
        Assert.Equal(("SCOR", "BBA", communication.Digits), (structured.Descendants(ns + "Cd").Single().Value, structured.Descendants(ns + "Issr").Single().Value,
            structured.Element(ns + "Ref")!.Value));
        Assert.Equal("BN-T-1", payments[1].Descendants(ns + "Ustrd").Single().Value);

        // read back by AqBanking: each payment's amount, debtor account, creditor and account
        var read = await AqBanking.Transactions(file);
        Assert.Equal(2, read.Count);
        Assert.Contains(read, t => t.Contains("121.00") && t.Contains(TilleulsIban) && t.Contains("Ascenseurs Delvaux SA") && t.Contains("BE71096123456769"));
        Assert.Contains(read, t => t.Contains("242.00") && t.Contains("Brillant Nettoyage SRL") && t.Contains("BE68539007547034") && t.Contains("BN-T-1"));

        // the bank's statement carries the debit: the invoice is paid
        var statement = new CodaSample(TilleulsIban, BrusselsTime.Today, 88, 20_000m).Debit(121.00m, "ASCENSEURS", "ASCENSEURS DELVAUX SA", "BE71096123456769").Bytes;
        Assert.Equal(HttpStatusCode.Redirect, (await accountant.Upload($"/buildings/{building}/bank?handler=import", "Statement", "statement.cod", statement)).StatusCode);
        for (var i = 0; i < 300 && await Scalar<string>("select status from invoices where id = @lift", new { lift }) != "paid"; i++) await Task.Delay(100);
        Assert.Equal("paid", await Scalar<string>("select status from invoices where id = @lift", new { lift }));

        // another firm reads nothing
        var other = await SignedIn("syndic2@demo.koprogo.be");
        Assert.Equal(HttpStatusCode.NotFound, (await other.GetRaw($"/buildings/{building}/transfers")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await other.GetRaw($"/buildings/{building}/transfers?handler=file&transfer={transfer}")).StatusCode);
    }
}
