using System.Net;
using KoproGo.Tests.Support;

namespace KoproGo.Tests.Pages.Privacy;

/// <summary>The controller's duties: the register of processing (art. 30) and the versioned privacy notice each person accepts (art. 7, 13).</summary>
public class NoticeAndRegisterTests(App app) : AppTest(app)
{
    [Fact]
    public async Task A_new_version_of_the_notice_is_asked_again_at_the_next_sign_in_and_the_acceptance_recorded()
    {
        // The demo's people accepted version 1: signing in goes straight where asked.
        var first = App.NewSession();
        var response = await first.Post("/account/login?returnUrl=%2Fmy", ("Input.Email", "owner@demo.koprogo.be"), ("Input.Password", Session.DemoPassword));
        Assert.Equal("/my", response.Headers.Location!.OriginalString);

        var syndic = await SignedIn("syndic@demo.koprogo.be");
        var refused = await Session.Parse(await syndic.Submit("/privacy/notice", ("Additions", "Notre délégué : dpo@horizon-syndic.be"), ("Changes", "")));
        Assert.NotNull(refused.FieldError("Changes"));
        Assert.Equal(HttpStatusCode.Redirect, (await syndic.Submit("/privacy/notice", ("Additions", "Notre délégué : dpo@horizon-syndic.be"),
            ("Changes", "Un délégué à la protection des données est désigné."))).StatusCode);
        Assert.Equal(2, await Scalar<int>("select max(version) from privacy_notices n join organisations g on g.id = n.organisation_id where g.name = 'Syndic Horizon SRL'"));

        // At her next sign-in Sophie reads version 2 before going on; her session of before is not interrupted.
        await first.Get("/my");
        var sophie = App.NewSession("fr");
        response = await sophie.Post("/account/login?returnUrl=%2Fmy", ("Input.Email", "owner@demo.koprogo.be"), ("Input.Password", Session.DemoPassword));
        Assert.Equal("/account/notice?returnUrl=%2Fmy", response.Headers.Location!.OriginalString);
        var notice = await sophie.Get("/account/notice?returnUrl=%2Fmy");
        Assert.Contains("Version 2", notice.MainText());
        Assert.Contains("dpo@horizon-syndic.be", notice.MainText());
        Assert.Contains("Tenir la liste des copropriétaires", notice.MainText()); // the register's activities, in her language
        response = await sophie.Post("/account/notice?returnUrl=%2Fmy", ("version", "2"));
        Assert.Equal("/my", response.Headers.Location!.OriginalString);
        Assert.Equal(2, await Scalar<int>("""
            select max(n.version) from privacy_acceptances a join privacy_notices n on n.id = a.notice_id join users u on u.id = a.user_id
            where u.email = 'owner@demo.koprogo.be'
            """));
        response = await App.NewSession().Post("/account/login", ("Input.Email", "owner@demo.koprogo.be"), ("Input.Password", Session.DemoPassword));
        Assert.Equal("/", response.Headers.Location!.OriginalString);

        // The other firm's people are not asked: their notice did not change.
        response = await App.NewSession().Post("/account/login", ("Input.Email", "owner2@demo.koprogo.be"), ("Input.Password", Session.DemoPassword));
        Assert.Equal("/", response.Headers.Location!.OriginalString);
        // And the building's public page links the notice for whoever has no account.
        var anonymous = await App.NewSession().Get("/public/residence-les-tilleuls/privacy");
        Assert.Contains("dpo@horizon-syndic.be", anonymous.MainText());
    }

    [Fact]
    public async Task The_register_is_prefilled_rewritten_by_the_syndic_exported_as_pdf_and_kept_to_the_firm()
    {
        var syndic = await SignedIn("syndic@demo.koprogo.be");
        var page = await syndic.Get("/privacy/register");
        Assert.Contains("Tenir la liste des copropriétaires, de leurs lots et quotes-parts", page.MainText());
        Assert.Equal(KoproGo.Web.Pages.Privacy.ProcessingRegister.Defaults.Length, page.QuerySelectorAll("section.activity").Length);
        Assert.Contains("Achat groupé d'énergie, quand la personne y participe", page.MainText());

        var empty = await Session.Parse(await syndic.Submit("/privacy/register/accounting", ("Input.Retention", "")));
        Assert.NotNull(empty.FieldError("Input.Retention"));
        Assert.Equal(HttpStatusCode.Redirect,
            (await syndic.Submit("/privacy/register/accounting", ("Input.Retention", "Dix ans pour tout, par prudence."))).StatusCode);
        Assert.Equal(HttpStatusCode.Redirect, (await syndic.Submit("/privacy/register/new", ("Input.Purpose", "Vidéosurveillance du parking"),
            ("Input.LegalBasis", "Intérêt légitime"), ("Input.DataCategories", "Images"), ("Input.Persons", "Usagers du parking"),
            ("Input.Recipients", "Le syndic ; la police sur réquisition"), ("Input.Retention", "30 jours"), ("Input.Security", "Enregistreur fermé à clé"))).StatusCode);
        page = await syndic.Get("/privacy/register");
        Assert.Contains("Dix ans pour tout, par prudence.", page.MainText());
        Assert.Equal(KoproGo.Web.Pages.Privacy.ProcessingRegister.Defaults.Length + 1, page.QuerySelectorAll("section.activity").Length);

        var pdf = await syndic.GetRaw("/privacy/register?handler=pdf");
        Assert.Equal("application/pdf", pdf.Content.Headers.ContentType!.MediaType);
        var text = await PdfText.Of(await pdf.Content.ReadAsByteArrayAsync());
        Assert.Contains("Syndic Horizon SRL", text);
        Assert.Contains("Vidéosurveillance du parking", text);
        Assert.Contains("Dix ans pour tout", text);

        // KoproGo's text comes back on request; the other firm never saw any of it.
        Assert.Equal(HttpStatusCode.Redirect, (await syndic.Post("/privacy/register/accounting?handler=Restore")).StatusCode);
        Assert.DoesNotContain("Dix ans pour tout", (await syndic.Get("/privacy/register")).MainText());
        var other = await SignedIn("syndic2@demo.koprogo.be");
        var theirs = await other.Get("/privacy/register");
        Assert.DoesNotContain("Vidéosurveillance", theirs.MainText());
        Assert.Equal(KoproGo.Web.Pages.Privacy.ProcessingRegister.Defaults.Length, theirs.QuerySelectorAll("section.activity").Length);
        var own = await Scalar<string>("select activity_key from processing_activities");
        Assert.Equal(HttpStatusCode.NotFound, (await other.GetRaw($"/privacy/register/{own}")).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await (await SignedIn("owner@demo.koprogo.be")).GetRaw("/privacy/register")).StatusCode);
    }

    [Fact]
    public async Task The_processor_agreement_is_filled_for_the_firm_with_its_register_as_annex()
    {
        var syndic = await SignedIn("syndic@demo.koprogo.be");
        var page = await syndic.Get("/privacy/dpa");
        Assert.Contains("Syndic Horizon SRL (0812.345.603)", page.MainText());
        Assert.Equal(12, page.QuerySelectorAll("main h2").Count(h => char.IsDigit(h.TextContent.Trim()[0])));
        var pdf = await syndic.GetRaw("/privacy/dpa?handler=pdf");
        var text = await PdfText.Of(await pdf.Content.ReadAsByteArrayAsync());
        Assert.Contains("Contrat de sous-traitance", text);
        Assert.Contains("24 heures", text);
        Assert.Contains("Tenir la liste des copropriétaires", text);
        Assert.Equal(HttpStatusCode.Forbidden, (await (await SignedIn("accountant@demo.koprogo.be")).GetRaw("/privacy/dpa")).StatusCode);
    }
}
