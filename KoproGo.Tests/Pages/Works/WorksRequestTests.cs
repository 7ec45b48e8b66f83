using System.Net;
using AngleSharp.Dom;
using AngleSharp.Html.Dom;
using KoproGo.Tests.Support;
using KoproGo.Web.Infrastructure;

namespace KoproGo.Tests.Pages.Works;

public class WorksRequestTests(App app) : AppTest(app)
{
    private const string Owner = "owner@demo.koprogo.be", Syndic = "syndic@demo.koprogo.be", Board = "board@demo.koprogo.be";

    /// <summary>Just enough of a PDF for the content check (it starts as every PDF does).</summary>
    internal static readonly byte[] QuotePdf = Samples.MinimalPdf;

    private Task<long> Tilleuls() => Scalar<long>("select id from buildings where slug = 'residence-les-tilleuls'");

    internal static string Day(int days) => BrusselsTime.Today.AddDays(days).ToString("yyyy-MM-dd");

    internal static long IdOf(HttpResponseMessage response, string prefix)
    {
        Assert.True(response.StatusCode == HttpStatusCode.Redirect, $"answered {(int)response.StatusCode}");
        var path = response.Headers.Location!.OriginalString;
        Assert.StartsWith(prefix, path);
        return long.Parse(path[prefix.Length..].Split('#', '/', '?')[0]);
    }

    private static (string, string)[] Quote(string amount, string vat = "6", string days = "10", string warranty = "10", string prefix = "Input") =>
    [
        ($"{prefix}.AmountExclVat", amount), ($"{prefix}.VatRate", vat), ($"{prefix}.DurationDays", days), ($"{prefix}.StartOn", Day(30)),
        ($"{prefix}.WarrantyYears", warranty), ($"{prefix}.ValidUntil", Day(90)), ($"{prefix}.Notes", ""),
    ];

    private async Task<long> NewRequest(Session syndic, string title, string estimate)
    {
        var building = await Tilleuls();
        return IdOf(await syndic.Post("/works/new", ("Input.Building", building.ToString()), ("Input.Title", title),
            ("Input.Description", "Remove the old bitumen, insulate, lay an EPDM membrane."), ("Input.Estimate", estimate), ("Input.AnswerBy", Day(14))), "/works/");
    }

    private Task<long> Supplier(string name) => Scalar<long>("select id from suppliers where name = @name", new { name });

    /// <summary>Invites the contractor and opens the link of the mail they received, as they would on their phone.</summary>
    private async Task<(Session Contractor, string Link)> InviteAndOpen(Session syndic, long request, string contractor, string title)
    {
        var supplier = await Supplier(contractor);
        var email = await Scalar<string>("select email from suppliers where id = @supplier", new { supplier });
        Assert.Equal(HttpStatusCode.Redirect, (await syndic.Post($"/works/{request}?handler=Invite", ("SupplierIds", supplier.ToString()))).StatusCode);
        var mail = await App.Smtp.WaitFor(m => m.To.Contains(email) && m.Text.Contains(title));
        var link = mail.Link("/c/");
        var session = App.NewSession("fr");
        var opened = await session.GetRaw(link);
        Assert.Equal("/contractor", opened.Headers.Location?.OriginalString);
        return (session, link);
    }

    [Fact]
    public async Task From_an_owners_report_three_contractors_quote_by_link_the_assembly_votes_and_each_contractor_is_told()
    {
        var building = await Tilleuls();
        var owner = await SignedIn(Owner);
        var report = IdOf(await owner.Post($"/problems/new?building={building}", ("Input.Lot", ""), ("Input.Place", "Roof above the garages"),
            ("Input.Category", "water_leak"), ("Input.Urgency", "high"), ("Input.Title", "The garage roof leaks"),
            ("Input.Description", "Water drips into garage 3 whenever it rains.")), "/problems/");

        // The syndic opens the request from the report: bad input is refused by the field, what was typed kept.
        var syndic = await SignedIn(Syndic);
        var form = await syndic.Get($"/works/new?report={report}");
        Assert.Equal("The garage roof leaks", form.QuerySelector<IHtmlInputElement>("#Input_Title")!.Value);
        var bad = await Session.Parse(await syndic.Post($"/works/new?report={report}", ("Input.Title", "Garage roof: new membrane"),
            ("Input.Description", "Remove the old bitumen, insulate, lay an EPDM membrane."), ("Input.Estimate", "12 000 euros"), ("Input.AnswerBy", Day(0))));
        Assert.NotNull(bad.FieldError("Input.Estimate"));
        Assert.NotNull(bad.FieldError("Input.AnswerBy"));
        Assert.Equal("Garage roof: new membrane", bad.QuerySelector<IHtmlInputElement>("#Input_Title")!.Value);
        var id = IdOf(await syndic.Post($"/works/new?report={report}", ("Input.Title", "Garage roof: new membrane"),
            ("Input.Description", "Remove the old bitumen, insulate, lay an EPDM membrane."), ("Input.Estimate", "12000"), ("Input.AnswerBy", Day(14))), "/works/");
        Assert.Equal(report, await Scalar<long>("select problem_report_id from works_requests where id = @id", new { id }));

        // Three roofers, each through their own link; one sends the PDF of the quote, the Dutch one is written to in Dutch.
        var (dubois, _) = await InviteAndOpen(syndic, id, "Toitures Dubois SRL", "Garage roof: new membrane");
        var (lemaire, _) = await InviteAndOpen(syndic, id, "Couvertures Lemaire SA", "Garage roof: new membrane");
        var (peeters, _) = await InviteAndOpen(syndic, id, "Dakwerken Peeters BV", "Garage roof: new membrane");
        Assert.Contains("Offerteaanvraag", (await App.Smtp.WaitFor(m => m.To.Contains("offerte@dakwerken-peeters.example"))).Subject);
        Assert.Contains("Garage roof: new membrane", (await dubois.Get("/contractor")).MainText());
        var wrong = await Session.Parse(await dubois.Post($"/contractor/requests/{id}", Quote("ten thousand", vat: "7", days: "0")));
        Assert.NotNull(wrong.FieldError("Input.AmountExclVat"));
        Assert.NotNull(wrong.FieldError("Input.VatRate"));
        Assert.NotNull(wrong.FieldError("Input.DurationDays"));
        Assert.Equal(HttpStatusCode.Redirect, (await dubois.Upload($"/contractor/requests/{id}", "Pdf", "devis-dubois.pdf", QuotePdf, Quote("10000", days: "10"))).StatusCode);
        Assert.Equal(HttpStatusCode.Redirect, (await lemaire.Post($"/contractor/requests/{id}", Quote("9000", vat: "21", days: "20"))).StatusCode);
        Assert.Equal(HttpStatusCode.Redirect, (await peeters.Post($"/contractor/requests/{id}", Quote("11000", days: "5", warranty: "15"))).StatusCode);
        // what was done by link is in the audit log with the link, not with an account
        var sent = await Query<(long? UserId, long? LinkId)>("select user_id, contractor_link_id from audit_log where entity = 'quote' and action = 'quote_sent'");
        Assert.Equal(3, sent.Count);
        Assert.All(sent, s => Assert.True(s.UserId is null && s.LinkId is not null));
        Assert.Equal("board", await Scalar<string>("""
            select d.visibility from quotes q join documents d on d.id = q.document_id join suppliers s on s.id = q.supplier_id where q.request_id = @id and s.name = 'Toitures Dubois SRL'
            """, new { id }));

        // The comparison: each part of the score, sorted by score unless asked otherwise.
        var page = await syndic.Get($"/works/{id}");
        Assert.Equal(["Dakwerken Peeters BV", "Toitures Dubois SRL", "Couvertures Lemaire SA"],
            page.QuerySelectorAll("table.comparison tbody th").Select(th => th.TextContent.Trim().Split('\n')[0].Trim()));
        Assert.Equal("91,4", page.QuerySelectorAll("table.comparison tbody tr")[0].QuerySelectorAll("td").Last().TextContent.Trim());
        var byPrice = await syndic.Get($"/works/{id}?sort=price");
        Assert.Equal("Toitures Dubois SRL", byPrice.QuerySelector("table.comparison tbody th")!.TextContent.Trim().Split('\n')[0].Trim());
        Assert.Equal("ascending", byPrice.QuerySelectorAll("table.comparison th[aria-sort]").Single().GetAttribute("aria-sort"));
        var pdf = await syndic.GetRaw($"/works/{id}?handler=pdf");
        var text = await PdfText.Of(await pdf.Content.ReadAsByteArrayAsync());
        Assert.Contains("Comparaison des devis", text);
        Assert.True(text.IndexOf("Dakwerken Peeters") < text.IndexOf("Toitures Dubois") && text.IndexOf("91,4") < text.IndexOf("73,3"), text);
        Assert.Contains("91,4", text);

        // Put to a real assembly: the item (works, two thirds) with the comparison attached; the vote adopts it.
        var assembly = IdOf(await syndic.Post($"/assemblies/edit?building={building}", ("Input.Kind", "extraordinary"),
            ("Input.Date", Day(20)), ("Input.Time", "18:30"), ("Input.Place", "Salle communale")), "/assemblies/");
        var peetersQuote = await Scalar<long>("select q.id from quotes q join suppliers s on s.id = q.supplier_id where q.request_id = @id and s.name = 'Dakwerken Peeters BV'", new { id });
        var put = await syndic.Post($"/works/{id}?handler=Assembly", ("Decision.ProposedQuote", peetersQuote.ToString()), ("Decision.Assembly", assembly.ToString()));
        Assert.True(put.StatusCode == HttpStatusCode.Redirect, (await Session.Parse(put)).QuerySelector(".error-summary")?.TextContent);
        var item = await Row<(long Id, string Kind, string Majority, string Title)>(
            "select id, decision_kind as kind, majority, title from agenda_items where assembly_id = @assembly", new { assembly });
        Assert.Equal(("common_parts_works", "two_thirds"), (item.Kind, item.Majority));
        var attached = await Scalar<long>("select document_id from agenda_item_documents where agenda_item_id = @Id", new { item.Id });
        Assert.Contains("Dakwerken Peeters", await PdfText.Of(await (await owner.GetRaw($"/documents/{attached}")).Content.ReadAsByteArrayAsync()));
        // once on the agenda, no contractor may still change their quote
        Assert.Equal(HttpStatusCode.OK, (await lemaire.Post($"/contractor/requests/{id}", Quote("8000"))).StatusCode);
        Assert.Equal(9000m, await Scalar<decimal>("select q.amount_excl_vat from quotes q join suppliers s on s.id = q.supplier_id where q.request_id = @id and s.name = 'Couvertures Lemaire SA'", new { id }));

        Assert.Equal(HttpStatusCode.Redirect, (await syndic.Post($"/assemblies/{assembly}?handler=Convene")).StatusCode);
        await Scalar<int>("update assemblies set meeting_at = now() where id = @assembly returning 1", new { assembly });
        Assert.Equal(HttpStatusCode.Redirect, (await syndic.Post($"/assemblies/{assembly}/live?handler=Open")).StatusCode);
        var members = await Query<long>("select owner_id from assembly_members where assembly_id = @assembly", new { assembly });
        foreach (var member in members)
            Assert.Equal(HttpStatusCode.Redirect, (await syndic.Post($"/assemblies/{assembly}/live?handler=Attendance", ("OwnerId", member.ToString()),
                ("Attendance", "present"), ("ProxyHolder", ""), ("ProxyName", ""))).StatusCode);
        Assert.Equal(HttpStatusCode.Redirect, (await syndic.Post($"/assemblies/{assembly}/live?handler=OpenVote", ("itemId", item.Id.ToString()))).StatusCode);
        Assert.Equal(HttpStatusCode.Redirect, (await syndic.Post($"/assemblies/{assembly}/live?handler=Votes",
            [.. members.Select(m => ($"Choices[{m}]", "for")).Prepend(("itemId", item.Id.ToString()))])).StatusCode);
        Assert.Equal(HttpStatusCode.Redirect, (await syndic.Post($"/assemblies/{assembly}/live?handler=CloseVote", ("itemId", item.Id.ToString()))).StatusCode);

        var decided = await Row<(string State, string DecidedHow, long AcceptedQuoteId)>("select state, decided_how, accepted_quote_id from works_requests where id = @id", new { id });
        Assert.Equal(("accepted", "assembly", peetersQuote), decided);
        Assert.Equal(["accepted", "rejected", "rejected"], await Query<string>("select status from quotes where request_id = @id order by status", new { id }));
        Assert.Contains("aanvaard", (await App.Smtp.WaitFor(m => m.To.Contains("offerte@dakwerken-peeters.example") && m.Subject.Contains("aanvaard"))).Subject);
        Assert.Contains("pas été retenu", (await App.Smtp.WaitFor(m => m.To.Contains("devis@toitures-dubois.example") && m.Subject.Contains("retenu"))).Subject);
        Assert.Contains("Non retenu", (await dubois.Get($"/contractor/requests/{id}")).MainText());
        // the board of the building reads it all; an accepted request cannot go back, whatever asks
        Assert.Contains("Dakwerken Peeters BV", (await (await SignedIn(Board)).Get($"/works/{id}")).MainText());
        await Assert.ThrowsAsync<Npgsql.PostgresException>(() => Scalar<int>("update works_requests set state = 'collecting' where id = @id returning 1", new { id }));
        await Assert.ThrowsAsync<Npgsql.PostgresException>(() => Scalar<int>("update quotes set status = 'accepted' where request_id = @id returning 1", new { id }));

        // the comparison reads each contractor's record from their past orders: one for Lemaire, finished late, rated 4
        // (on time 0 of 50, without correction 25, rating 20: 45 out of 100, 4.5 points out of 10)
        await Scalar<int>("""
            insert into work_orders (organisation_id, building_id, supplier_id, title, place, start_on, due_on, amount_excl_vat, vat_rate, account_code,
                                     warranty_years, state, report, done_at, validated_at, rating)
            select o.organisation_id, o.building_id, s.id, 'Zinguerie', o.place, o.start_on, o.due_on, o.amount_excl_vat, o.vat_rate, o.account_code,
                   o.warranty_years, 'validated', 'Gouttières remplacées', (o.due_on + 3)::timestamp at time zone 'Europe/Brussels', now(), 4
            from work_orders o join suppliers s on s.organisation_id = o.organisation_id and s.name = 'Couvertures Lemaire SA'
            where o.state = 'validated' limit 1 returning 1
            """);
        var lemaireRow = (await syndic.Get($"/works/{id}")).QuerySelectorAll("table.comparison tbody tr").Single(r => r.TextContent.Contains("Couvertures Lemaire SA"));
        Assert.Contains("4,5", lemaireRow.QuerySelectorAll("td")[^2].TextContent);
    }

    [Fact]
    public async Task Fewer_than_three_quotes_above_the_threshold_need_a_reason_and_urgent_works_a_reason_of_their_own()
    {
        var syndic = await SignedIn(Syndic);
        var id = await NewRequest(syndic, "Burst pipe in the boiler room", "8000");
        var thermo = await Supplier("Thermo Services SRL");
        var paper = await Session.Parse(await syndic.Post($"/works/{id}?handler=Paper", [("Paper.Supplier", ""), .. Quote("abc", prefix: "Paper")]));
        Assert.NotNull(paper.FieldError("Paper.Supplier"));
        Assert.NotNull(paper.FieldError("Paper.AmountExclVat"));
        Assert.Equal("abc", paper.QuerySelector<IHtmlInputElement>("#Paper_AmountExclVat")!.Value);
        Assert.Equal(HttpStatusCode.Redirect, (await syndic.Upload($"/works/{id}?handler=Paper", "Pdf", "scan.pdf", QuotePdf,
            [("Paper.Supplier", thermo.ToString()), .. Quote("7000", vat: "21", prefix: "Paper")])).StatusCode);
        var quote = await Scalar<long>("select id from quotes where request_id = @id", new { id });
        Assert.Equal(8470m, await Scalar<decimal>("select amount_excl_vat * (1 + vat_rate / 100) from quotes where id = @quote", new { quote }));

        // one quote where three are needed, urgent without saying why: both refused by their field
        var refused = await Session.Parse(await syndic.Post($"/works/{id}?handler=Accept", ("Decision.Quote", quote.ToString()), ("Decision.How", "urgent"),
            ("Decision.Reason", ""), ("Decision.FewerQuotesReason", "")));
        Assert.NotNull(refused.FieldError("Decision.Reason"));
        Assert.Contains("il y en a 1", refused.FieldError("Decision.FewerQuotesReason"));
        // nothing was delegated to the syndic: "within the delegated amount" is refused too
        var delegated = await Session.Parse(await syndic.Post($"/works/{id}?handler=Accept", ("Decision.Quote", quote.ToString()), ("Decision.How", "delegated"),
            ("Decision.Reason", ""), ("Decision.FewerQuotesReason", "The pipe burst tonight")));
        Assert.NotNull(delegated.FieldError("Decision.How"));
        Assert.Equal("collecting", await Scalar<string>("select state from works_requests where id = @id", new { id }));

        Assert.Equal(HttpStatusCode.Redirect, (await syndic.Post($"/works/{id}?handler=Accept", ("Decision.Quote", quote.ToString()), ("Decision.How", "urgent"),
            ("Decision.Reason", "Water pours into the boiler room"), ("Decision.FewerQuotesReason", "The pipe burst tonight: no time for three quotes"))).StatusCode);
        var decided = await Row<(string State, string DecidedHow, string DecisionReason, string FewerQuotesReason)>(
            "select state, decided_how, decision_reason, fewer_quotes_reason from works_requests where id = @id", new { id });
        Assert.Equal(("accepted", "urgent", "Water pours into the boiler room", "The pipe burst tonight: no time for three quotes"), decided);
        await App.Smtp.WaitFor(m => m.To.Contains("contact@thermo-services.example") && m.Subject.Contains("Burst pipe"));
        // the database keeps the reason of urgent works
        await Assert.ThrowsAsync<Npgsql.PostgresException>(() => Scalar<int>("update works_requests set decision_reason = null where id = @id returning 1", new { id }));
    }

    [Fact]
    public async Task Works_delegated_to_the_board_are_accepted_by_a_board_member_within_the_amount_only()
    {
        var building = await Tilleuls();
        var syndic = await SignedIn(Syndic);
        var rules = await Session.Parse(await syndic.Post($"/buildings/{building}/works-rules", ("Input.TenderThreshold", "5000"),
            ("Input.DelegatedAmount", "lots"), ("Input.DelegatedTo", "board"), ("Input.ValidatedBy", "board")));
        Assert.NotNull(rules.FieldError("Input.DelegatedAmount"));
        Assert.Equal("lots", rules.QuerySelector<IHtmlInputElement>("#Input_DelegatedAmount")!.Value);
        Assert.Equal(HttpStatusCode.Redirect, (await syndic.Post($"/buildings/{building}/works-rules", ("Input.TenderThreshold", "5000"),
            ("Input.DelegatedAmount", "2000"), ("Input.DelegatedTo", "board"), ("Input.ValidatedBy", "board"))).StatusCode);

        var id = await NewRequest(syndic, "New lock on the bicycle room", "1500");
        var small = await Supplier("Électricité Lumière SA");
        var big = await Supplier("Thermo Services SRL");
        await syndic.Post($"/works/{id}?handler=Paper", [("Paper.Supplier", small.ToString()), .. Quote("1500", vat: "21", prefix: "Paper")]);
        await syndic.Post($"/works/{id}?handler=Paper", [("Paper.Supplier", big.ToString()), .. Quote("1700", vat: "21", prefix: "Paper")]);
        var quotes = await Query<(long Id, long SupplierId)>("select id, supplier_id from quotes where request_id = @id", new { id });
        var within = quotes.Single(q => q.SupplierId == small).Id;   // 1,815.00 VAT included
        var over = quotes.Single(q => q.SupplierId == big).Id;       // 2,057.00

        // delegated to the board: not the syndic's to accept
        Assert.NotNull((await Session.Parse(await syndic.Post($"/works/{id}?handler=Accept", ("Decision.Quote", within.ToString()), ("Decision.How", "delegated"),
            ("Decision.Reason", ""), ("Decision.FewerQuotesReason", "")))).FieldError("Decision.How"));
        var board = await SignedIn(Board);
        Assert.NotNull((await Session.Parse(await board.Post($"/works/{id}?handler=Accept", ("Decision.Quote", over.ToString()),
            ("Decision.FewerQuotesReason", "")))).FieldError("Decision.Quote"));
        Assert.Equal(HttpStatusCode.Redirect, (await board.Post($"/works/{id}?handler=Accept", ("Decision.Quote", within.ToString()),
            ("Decision.FewerQuotesReason", ""))).StatusCode);
        Assert.Equal(("delegated", "Pieter Janssens"), await Row<(string, string)>(
            "select w.decided_how, u.display_name from works_requests w join users u on u.id = w.decided_by where w.id = @id", new { id }));
        // the board may read and accept, not invite nor type quotes in
        Assert.Equal(HttpStatusCode.NotFound, (await board.Post($"/works/{id}?handler=Invite", ("SupplierIds", small.ToString()))).StatusCode);

        // works done are validated by the board here, not by the syndic
        var purge = await Scalar<long>("""
            update work_orders set state = 'in_progress' where title like 'Purge%' returning id;
            """);
        await Scalar<int>("update work_orders set state = 'done', done_at = now(), report = 'Radiators bled.' where id = @purge returning 1", new { purge });
        Assert.Equal(HttpStatusCode.NotFound, (await syndic.Post($"/orders/{purge}?handler=Validate", ("Rating", ""))).StatusCode);
        Assert.Equal(HttpStatusCode.Redirect, (await board.Post($"/orders/{purge}?handler=Validate", ("Rating", "5"))).StatusCode);
        Assert.Equal(("validated", "Pieter Janssens"), await Row<(string, string)>(
            "select o.state, u.display_name from work_orders o join users u on u.id = o.validated_by where o.id = @purge", new { purge }));
    }

    [Fact]
    public async Task A_replaced_or_expired_link_is_refused_an_expired_one_renews_to_the_address_on_record_and_a_contractor_sees_only_their_requests()
    {
        var syndic = await SignedIn(Syndic);
        var first = await NewRequest(syndic, "Repaint the stairwell", "3000");
        var second = await NewRequest(syndic, "Clean the gutters", "900");
        var (dubois, oldLink) = await InviteAndOpen(syndic, first, "Toitures Dubois SRL", "Repaint the stairwell");
        var (lemaire, _) = await InviteAndOpen(syndic, second, "Couvertures Lemaire SA", "Clean the gutters");

        // a contractor sees only what they were asked, and nothing of the syndic's pages
        Assert.Equal(HttpStatusCode.NotFound, (await dubois.GetRaw($"/contractor/requests/{second}")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await lemaire.GetRaw($"/contractor/requests/{first}")).StatusCode);
        Assert.DoesNotContain("Repaint the stairwell", (await lemaire.Get("/contractor")).MainText());
        Assert.NotEqual(HttpStatusCode.OK, (await dubois.GetRaw($"/works/{first}")).StatusCode);
        // another firm's syndic does not find the request, nor an owner
        Assert.Equal(HttpStatusCode.NotFound, (await (await SignedIn("syndic2@demo.koprogo.be")).GetRaw($"/works/{first}")).StatusCode);
        Assert.NotEqual(HttpStatusCode.OK, (await (await SignedIn(Owner)).GetRaw($"/works/{first}")).StatusCode);

        // a new link replaces the old one: the old link and the session it opened stop working
        var supplier = await Supplier("Toitures Dubois SRL");
        App.Smtp.Clear();
        Assert.Equal(HttpStatusCode.Redirect, (await syndic.Post($"/works/{first}?handler=Link&supplier={supplier}")).StatusCode);
        var newLink = (await App.Smtp.WaitFor(m => m.To.Contains("devis@toitures-dubois.example"))).Link("/c/");
        Assert.Equal("/contractor/signed-out", (await dubois.GetRaw("/contractor")).Headers.Location?.OriginalString);
        Assert.Equal("/contractor/signed-out", (await dubois.GetRaw($"/contractor/requests/{first}")).Headers.Location?.OriginalString);
        var stale = await App.NewSession().GetRaw(oldLink);
        Assert.Equal(HttpStatusCode.OK, stale.StatusCode);
        Assert.Null((await Session.Parse(stale)).QuerySelector("main form"));

        // expired: the page offers a new link, mailed to the address on record, at most once in 10 minutes
        await Scalar<int>("update contractor_links set expires_at = now() - interval '1 minute', created_at = now() - interval '3 days' where supplier_id = @supplier returning 1", new { supplier });
        var visitor = App.NewSession();
        var expired = await Session.Parse(await visitor.GetRaw(newLink));
        Assert.NotNull(expired.QuerySelector("main form"));
        Assert.Equal("/contractor/signed-out", (await visitor.GetRaw("/contractor")).Headers.Location?.OriginalString);
        var before = await Scalar<long>("select count(*) from outbox_messages where to_address = 'devis@toitures-dubois.example'");
        Assert.Equal(HttpStatusCode.OK, (await visitor.Post(newLink)).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await visitor.Post(newLink)).StatusCode);
        Assert.Equal(before + 1, await Scalar<long>("select count(*) from outbox_messages where to_address = 'devis@toitures-dubois.example'"));
        Assert.Equal(1L, await Scalar<long>("select count(*) from audit_log where action = 'link_asked' and contractor_link_id is not null"));
        var renewed = (await App.Smtp.WaitFor(m => m.To.Contains("devis@toitures-dubois.example") && m.Link("/c/") != newLink)).Link("/c/");
        Assert.Equal("/contractor", (await visitor.GetRaw(renewed)).Headers.Location?.OriginalString);
        Assert.Contains("Repaint the stairwell", (await visitor.Get("/contractor")).MainText());
        // an unknown link says the same as a replaced one
        Assert.Null((await App.NewSession().Get("/c/not-a-link")).QuerySelector("main form"));
    }

    [Fact]
    public async Task An_item_taken_off_a_draft_agenda_gives_the_request_back_and_a_rejected_vote_sends_it_back_to_the_syndic()
    {
        var building = await Tilleuls();
        var syndic = await SignedIn(Syndic);
        var id = await NewRequest(syndic, "Replace the intercom", "4000");
        await syndic.Post($"/works/{id}?handler=Paper", [("Paper.Supplier", (await Supplier("Électricité Lumière SA")).ToString()), .. Quote("3500", prefix: "Paper")]);
        var quote = await Scalar<long>("select id from quotes where request_id = @id", new { id });
        var assembly = IdOf(await syndic.Post($"/assemblies/edit?building={building}", ("Input.Kind", "extraordinary"),
            ("Input.Date", Day(20)), ("Input.Time", "18:30"), ("Input.Place", "Salle communale")), "/assemblies/");
        Assert.Equal(HttpStatusCode.Redirect, (await syndic.Post($"/works/{id}?handler=Assembly", ("Decision.ProposedQuote", quote.ToString()),
            ("Decision.Assembly", assembly.ToString()))).StatusCode);
        Assert.Equal("to_assembly", await Scalar<string>("select state from works_requests where id = @id", new { id }));
        await Scalar<int>("delete from agenda_items where assembly_id = @assembly returning 1", new { assembly });
        Assert.Equal("collecting", await Scalar<string>("select state from works_requests where id = @id", new { id }));

        Assert.Equal(HttpStatusCode.Redirect, (await syndic.Post($"/works/{id}?handler=Assembly", ("Decision.ProposedQuote", quote.ToString()),
            ("Decision.Assembly", assembly.ToString()))).StatusCode);
        var item = await Scalar<long>("select id from agenda_items where assembly_id = @assembly", new { assembly });
        await VoteAtMeeting(syndic, assembly, item, "against");
        Assert.False(await Scalar<bool>("select adopted from agenda_items where id = @item", new { item }));
        Assert.Equal(("collecting", (long?)null), await Row<(string, long?)>("select state, agenda_item_id from works_requests where id = @id", new { id }));
        Assert.Equal("received", await Scalar<string>("select status from quotes where id = @quote", new { quote }));
    }
}
