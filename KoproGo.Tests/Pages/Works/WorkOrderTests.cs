using System.Net;
using AngleSharp.Dom;
using KoproGo.Tests.Support;
using KoproGo.Web.Infrastructure;
using SkiaSharp;

namespace KoproGo.Tests.Pages.Works;

public class WorkOrderTests(App app) : AppTest(app)
{
    private const string Syndic = "syndic@demo.koprogo.be", Lumiere = "info@electricite-lumiere.example";

    private static readonly byte[] InvoicePdf = WorksRequestTests.QuotePdf;

    private static string Day(int days) => WorksRequestTests.Day(days);

    private static long IdOf(HttpResponseMessage response, string prefix) => WorksRequestTests.IdOf(response, prefix);

    private static byte[] Photo()
    {
        using var bitmap = new SKBitmap(800, 600);
        using (var canvas = new SKCanvas(bitmap)) canvas.Clear(SKColors.DarkSlateGray);
        using var image = SKImage.FromBitmap(bitmap);
        return image.Encode(SKEncodedImageFormat.Jpeg, 80).ToArray();
    }

    /// <summary>A request for the hall's lighting, Électricité Lumière's quote typed in (1,000 + 21%) and accepted as urgent.</summary>
    private async Task<long> AcceptedQuote(Session syndic)
    {
        var building = await Scalar<long>("select id from buildings where slug = 'residence-les-tilleuls'");
        var request = IdOf(await syndic.Post("/works/new", ("Input.Building", building.ToString()), ("Input.Title", "New lighting in the hall"),
            ("Input.Description", "Replace the six ceiling lights of the entrance hall by LED ones."), ("Input.Estimate", "1200"), ("Input.AnswerBy", Day(10))), "/works/");
        var lumiere = await Scalar<long>("select id from suppliers where name = 'Électricité Lumière SA'");
        Assert.Equal(HttpStatusCode.Redirect, (await syndic.Post($"/works/{request}?handler=Paper", ("Paper.Supplier", lumiere.ToString()), ("Paper.AmountExclVat", "1000"),
            ("Paper.VatRate", "21"), ("Paper.DurationDays", "2"), ("Paper.StartOn", Day(7)), ("Paper.WarrantyYears", "1"), ("Paper.ValidUntil", Day(60)), ("Paper.Notes", ""))).StatusCode);
        var quote = await Scalar<long>("select id from quotes where request_id = @request", new { request });
        Assert.Equal(HttpStatusCode.Redirect, (await syndic.Post($"/works/{request}?handler=Accept", ("Decision.Quote", quote.ToString()), ("Decision.How", "urgent"),
            ("Decision.Reason", "The hall is dark at night"), ("Decision.FewerQuotesReason", ""))).StatusCode);
        return quote;
    }

    [Fact]
    public async Task An_order_from_an_accepted_quote_is_done_corrected_validated_and_invoiced_into_a_flagged_draft_purchase_invoice()
    {
        // (without the demo's other order for this electrician, which would keep their link open)
        await Scalar<int>("delete from work_orders where title like 'Remplacer l''éclairage%' returning 1");
        var syndic = await SignedIn(Syndic);
        var quote = await AcceptedQuote(syndic);
        // the hall's lighting is borne by the lots of block A only
        var keyId = await Scalar<long>("""
            with k as (insert into distribution_keys (organisation_id, building_id, name) select organisation_id, id, 'Block A' from buildings
                       where slug = 'residence-les-tilleuls' returning id, building_id)
            insert into distribution_key_lots (key_id, lot_id, weight) select k.id, l.id, 1 from k join lots l on l.building_id = k.building_id and l.number like 'A%'
            returning key_id
            """);
        var order = IdOf(await syndic.Post($"/orders/new?quote={quote}", ("Input.Title", "New lighting in the hall"), ("Input.Description", ""),
            ("Input.Place", "Entrance hall"), ("Input.SiteContact", "Concierge 0470 12 34 56"), ("Input.StartOn", Day(7)), ("Input.DueOn", Day(9)),
            ("Input.Key", keyId.ToString()), ("Input.Account", "610")), "/orders/");
        // amounts and VAT come from the quote, whatever the form says
        Assert.Equal((1000m, 21m, 2), await Row<(decimal, decimal, int)>("select amount_excl_vat, vat_rate, warranty_years from work_orders where id = @order", new { order }));

        var mail = await App.Smtp.WaitFor(m => m.To.Contains(Lumiere) && m.Subject.Contains("New lighting in the hall") && m.Text.Contains("/c/"));
        var contractor = App.NewSession("fr");
        Assert.Equal("/contractor", (await contractor.GetRaw(mail.Link("/c/"))).Headers.Location?.OriginalString);
        Assert.Contains("New lighting in the hall", (await contractor.Get("/contractor")).MainText());
        Assert.Equal(HttpStatusCode.Redirect, (await contractor.Post($"/contractor/orders/{order}?handler=Accept")).StatusCode);
        Assert.Equal(HttpStatusCode.Redirect, (await contractor.Post($"/contractor/orders/{order}?handler=Start")).StatusCode);
        // the report: refused by the field when incomplete, then with a photo before and after
        var incomplete = await Session.Parse(await contractor.Post($"/contractor/orders/{order}?handler=Report", ("Report.Text", ""), ("Report.Parts", ""), ("Report.Hours", "two")));
        Assert.NotNull(incomplete.FieldError("Report.Text"));
        Assert.NotNull(incomplete.FieldError("Report.Hours"));
        Assert.Equal(HttpStatusCode.Redirect, (await contractor.Upload($"/contractor/orders/{order}?handler=Report", "Before", "before.jpg", Photo(),
            ("Report.Text", "Six LED ceiling lights fitted."), ("Report.Parts", "6 LED lights"), ("Report.Hours", "5.5"))).StatusCode);
        Assert.Equal(("done", 5.5m), await Row<(string, decimal)>("select state, hours_spent from work_orders where id = @order", new { order }));
        Assert.Equal(1L, await Scalar<long>("select count(*) from work_order_photos where order_id = @order and moment = 'before' and link_id is not null", new { order }));

        // the syndic asks for a correction; the contractor reports again; the works are validated with a rating
        Assert.NotNull((await Session.Parse(await syndic.Post($"/orders/{order}?handler=Correction", ("Reason", "")))).FieldError("Reason"));
        Assert.Equal(HttpStatusCode.Redirect, (await syndic.Post($"/orders/{order}?handler=Correction", ("Reason", "One light flickers."))).StatusCode);
        Assert.Contains("One light flickers.", (await contractor.Get($"/contractor/orders/{order}")).MainText());
        Assert.Equal(HttpStatusCode.Redirect, (await contractor.Post($"/contractor/orders/{order}?handler=Report",
            ("Report.Text", "Six LED ceiling lights fitted; the flickering one replaced."), ("Report.Parts", "7 LED lights"), ("Report.Hours", "6"))).StatusCode);
        Assert.NotNull((await Session.Parse(await syndic.Post($"/orders/{order}?handler=Validate", ("Rating", "9")))).FieldError("Rating"));
        Assert.Equal(HttpStatusCode.Redirect, (await syndic.Post($"/orders/{order}?handler=Validate", ("Rating", "4"))).StatusCode);
        Assert.Equal(("validated", 1, 4), await Row<(string, int, int)>("select state, corrections, rating from work_orders where id = @order", new { order }));
        // the database refuses a step the rules do not allow
        await Assert.ThrowsAsync<Npgsql.PostgresException>(() => Scalar<int>("update work_orders set state = 'closed' where id = @order returning 1", new { order }));

        // the invoice (1,100 + 21% = 1,331.00 > 1,210.00 ordered): a draft purchase invoice with the order's key, account and VAT, flagged
        var noPdf = await Session.Parse(await contractor.Post($"/contractor/orders/{order}?handler=Invoice", ("Invoice.Number", "F-2026-881"),
            ("Invoice.Date", Day(0)), ("Invoice.DueDate", Day(30)), ("Invoice.AmountExclVat", "1100")));
        Assert.NotNull(noPdf.FieldError("Pdf"));
        Assert.Equal("F-2026-881", noPdf.QuerySelector<AngleSharp.Html.Dom.IHtmlInputElement>("#Invoice_Number")!.Value);
        Assert.Equal(HttpStatusCode.Redirect, (await contractor.Upload($"/contractor/orders/{order}?handler=Invoice", "Pdf", "F-2026-881.pdf", InvoicePdf,
            ("Invoice.Number", "F-2026-881"), ("Invoice.Date", Day(0)), ("Invoice.DueDate", Day(30)), ("Invoice.AmountExclVat", "1100"))).StatusCode);
        var invoice = await Scalar<long>("select invoice_id from work_orders where id = @order", new { order });
        Assert.Equal(("draft", "F-2026-881"), await Row<(string, string)>("select status, supplier_reference from invoices where id = @invoice", new { invoice }));
        Assert.Equal(("610", 1100m, 21m, 231m, (long?)keyId), await Row<(string, decimal, decimal, decimal, long?)>(
            "select account_code, amount_excl_vat, vat_rate, vat, key_id from invoice_lines where invoice_id = @invoice", new { invoice }));
        Assert.NotNull(await Scalar<long?>("select document_id from invoices where id = @invoice", new { invoice }));
        var invoicePage = await syndic.Get($"/invoices/{invoice}");
        Assert.Contains("1 331,00", invoicePage.QuerySelector(".warning")!.TextContent.Replace('\u202f', ' ').Replace('\u00a0', ' '));
        Assert.NotNull((await syndic.Get($"/orders/{order}")).QuerySelector(".warning"));
        Assert.Equal(1L, await Scalar<long>("select count(*) from audit_log where entity = 'work_order' and action = 'invoice_sent' and contractor_link_id is not null"));

        // approved through the usual flow, the order closes and the contractor's link ends with it
        Assert.NotNull((await Session.Parse(await syndic.Post($"/orders/{order}?handler=Close"))).QuerySelector("#Reason-error"));
        Assert.Equal(HttpStatusCode.Redirect, (await syndic.Post($"/invoices/{invoice}?handler=Submit")).StatusCode);
        Assert.Equal(HttpStatusCode.Redirect, (await syndic.Post($"/invoices/{invoice}?handler=Approve")).StatusCode);
        Assert.Equal("approved", await Scalar<string>("select status from invoices where id = @invoice", new { invoice }));
        Assert.Equal(HttpStatusCode.Redirect, (await syndic.Post($"/orders/{order}?handler=Close")).StatusCode);
        Assert.Equal("closed", await Scalar<string>("select state from work_orders where id = @order", new { order }));
        Assert.Equal("/contractor/signed-out", (await contractor.GetRaw("/contractor")).Headers.Location?.OriginalString);

        // the contractor's record now counts this order: on time (50), corrected once (0 of 25), rated 4 (20 of 25)
        var history = await syndic.Get($"/suppliers/{await Scalar<long>("select supplier_id from work_orders where id = @order", new { order })}");
        Assert.Contains("New lighting in the hall", history.MainText());
        Assert.Contains("70,0", history.MainText());
    }

    [Fact]
    public async Task A_contractor_never_sees_another_contractors_order_and_a_direct_order_stays_within_the_threshold()
    {
        var syndic = await SignedIn(Syndic);
        var building = await Scalar<long>("select id from buildings where slug = 'residence-les-tilleuls'");
        var thermo = await Scalar<long>("select id from suppliers where name = 'Thermo Services SRL'");
        (string, string)[] Direct(string amount) =>
        [
            ("Input.Building", building.ToString()), ("Input.Supplier", thermo.ToString()), ("Input.AmountExclVat", amount), ("Input.VatRate", "21"),
            ("Input.Title", "Bleed the radiators"), ("Input.Description", ""), ("Input.Place", "Common parts"), ("Input.SiteContact", ""),
            ("Input.StartOn", Day(3)), ("Input.DueOn", Day(4)), ("Input.Key", ""), ("Input.Account", "600"),
        ];
        // 4,200 + 21% = 5,082 > the threshold of 5,000: quotes first
        Assert.NotNull((await Session.Parse(await syndic.Post("/orders/new", Direct("4200")))).FieldError("Input.AmountExclVat"));
        var order = IdOf(await syndic.Post("/orders/new", Direct("400")), "/orders/");

        // the heating firm's link opens their order; the electrician's link does not
        var thermoMail = await App.Smtp.WaitFor(m => m.To.Contains("contact@thermo-services.example") && m.Subject.Contains("Bleed the radiators"));
        var mine = App.NewSession();
        await mine.GetRaw(thermoMail.Link("/c/"));
        Assert.Contains("Bleed the radiators", (await mine.Get($"/contractor/orders/{order}")).MainText());
        var other = await Scalar<long>("select id from work_orders where title like 'Remplacer l''éclairage%'");
        Assert.Equal(HttpStatusCode.NotFound, (await mine.GetRaw($"/contractor/orders/{other}")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await mine.Post($"/contractor/orders/{other}?handler=Accept")).StatusCode);
        // another firm's syndic does not find the order
        Assert.Equal(HttpStatusCode.NotFound, (await (await SignedIn("syndic2@demo.koprogo.be")).GetRaw($"/orders/{order}")).StatusCode);
        // a step out of turn changes nothing
        Assert.Equal(HttpStatusCode.Redirect, (await mine.Post($"/contractor/orders/{order}?handler=Start")).StatusCode);
        Assert.Equal("sent", await Scalar<string>("select state from work_orders where id = @order", new { order }));
        // cancelled before the works start, with a reason; the contractor's link ends when nothing else is open for them
        Assert.Equal(HttpStatusCode.Redirect, (await syndic.Post($"/orders/{order}?handler=Cancel", ("Reason", "Done by the concierge"))).StatusCode);
        Assert.Equal(("cancelled", "Done by the concierge"), await Row<(string, string)>("select state, cancel_reason from work_orders where id = @order", new { order }));
        // (the demo's heating purge is still open for them: their link stays valid)
        Assert.Equal(HttpStatusCode.OK, (await mine.GetRaw("/contractor")).StatusCode);
    }

    [Fact]
    public async Task The_log_lists_validated_works_with_their_warranty_and_warns_once_before_it_ends()
    {
        var building = await Scalar<long>("select id from buildings where slug = 'residence-les-tilleuls'");
        // the demo's lighting validated 40 days ago with 2 years: make its warranty end in 30 days
        var order = await Scalar<long>("""
            update work_orders set validated_at = now() - interval '2 years' + interval '30 days' where title like 'Remplacer l''éclairage%' returning id
            """);
        var syndic = await SignedIn(Syndic);
        var log = await syndic.Get($"/buildings/{building}/maintenance");
        Assert.Contains("Remplacer l'éclairage de la cabine d'ascenseur", log.MainText());
        Assert.NotNull(log.QuerySelector("main .warning-inline"));
        await RunJob("inspection-warnings");
        await RunJob("inspection-warnings");
        Assert.Equal(1L, await Scalar<long>("select count(*) from notifications n join users u on u.id = n.user_id where u.email = @Syndic and n.link = @link",
            new { Syndic, link = $"/orders/{order}" }));
        var pdf = await syndic.GetRaw($"/buildings/{building}/maintenance?handler=pdf");
        var text = await PdfText.Of(await pdf.Content.ReadAsByteArrayAsync());
        Assert.Contains("Travaux réalisés et leurs garanties", text);
        Assert.Contains("Lumière", text);
    }

    [Fact]
    public async Task The_boards_dashboard_shows_decided_works_without_quotes_after_30_days_and_voted_works_not_started_after_60()
    {
        var building = await Scalar<long>("select id from buildings where slug = 'residence-les-tilleuls'");
        // the assembly voted a new façade 31 days ago (in Brussels' days), and nobody asked for quotes since
        var decision = await Scalar<long>("""
            with a as (insert into assemblies (organisation_id, building_id, kind, meeting_at, place, status, closed_at)
                       select organisation_id, id, 'ordinary', (@today::date - 31) + time '19:00', 'Salle', 'closed', now() from buildings where id = @building returning id, organisation_id),
                 i as (insert into agenda_items (organisation_id, assembly_id, position, title, decision_kind, majority, vote_status, adopted)
                       select organisation_id, id, 1, 'Renovate the façade', 'common_parts_works', 'two_thirds', 'closed', true from a returning id, organisation_id)
            insert into decisions (organisation_id, building_id, agenda_item_id, title) select organisation_id, @building, id, 'Renovate the façade' from i returning id
            """, new { building, today = BrusselsTime.Today });
        var board = await SignedIn("board@demo.koprogo.be");
        var late = (await board.Get("/dashboard")).QuerySelectorAll("main .warning-inline a").Select(a => a.GetAttribute("href")).ToList();
        Assert.Contains($"/buildings/{building}/board#decisions", late);

        // the syndic asks for quotes from the decision: no longer late
        var syndic = await SignedIn(Syndic);
        Assert.Equal("Renovate the façade", (await syndic.Get($"/works/new?decision={decision}")).QuerySelector<AngleSharp.Html.Dom.IHtmlInputElement>("#Input_Title")!.Value);
        var request = IdOf(await syndic.Post($"/works/new?decision={decision}", ("Input.Title", "Renovate the façade"), ("Input.Description", "Clean and repoint the brick façade."),
            ("Input.Estimate", "60000"), ("Input.AnswerBy", Day(20))), "/works/");
        Assert.DoesNotContain($"/buildings/{building}/board#decisions",
            (await board.Get("/dashboard")).QuerySelectorAll("main .warning-inline a").Select(a => a.GetAttribute("href")));

        // voted on a quote 61 days ago, no contractor at work yet: late to start
        var lumiere = await Scalar<long>("select id from suppliers where name = 'Électricité Lumière SA'");
        await Scalar<int>("""
            insert into quotes (request_id, supplier_id, amount_excl_vat, vat_rate, duration_days, start_on, warranty_years, valid_until, status)
            values (@request, @lumiere, 50000, 6, 60, @today, 10, @today + 90, 'accepted');
            update works_requests set state = 'accepted', accepted_quote_id = (select id from quotes where request_id = @request), decided_how = 'assembly',
                decided_at = now() - interval '61 days' where id = @request;
            select 1
            """, new { request, lumiere, today = BrusselsTime.Today });
        Assert.Contains($"/works?building={building}&state=accepted",
            (await board.Get("/dashboard")).QuerySelectorAll("main .warning-inline a").Select(a => a.GetAttribute("href")));
    }
}
