using System.Net;
using KoproGo.Tests.Support;

namespace KoproGo.Tests.Pages;

/// <summary>Oversized and odd input never answers 500, never reaches PostgreSQL, and never troubles the next user.</summary>
public class FormGuardTests(App app) : AppTest(app)
{
    private static readonly byte[] Pdf = Samples.MinimalPdf;

    private static Task<HttpResponseMessage> UploadDocument(Session session, long building, string title, string fileName) =>
        session.Upload($"/buildings/{building}/documents?handler=upload", "Upload", fileName, Pdf,
            ("Input.Title", title), ("Input.Category", "minutes"), ("Input.Visibility", "owners"));

    [Fact]
    public async Task A_nul_in_an_upload_is_refused_by_its_field_and_the_next_upload_of_another_firm_goes_through()
    {
        var meuse = await Scalar<long>("select b.id from buildings b join users u on u.organisation_id = b.organisation_id where u.email = 'syndic2@demo.koprogo.be' limit 1");
        var tilleuls = await Scalar<long>("select id from buildings where slug = 'residence-les-tilleuls'");
        var (syndic2, syndic) = (await SignedIn("syndic2@demo.koprogo.be"), await SignedIn("syndic@demo.koprogo.be"));
        var documents = await Scalar<long>("select count(*) from documents");
        for (var i = 0; i < 3; i++)
        {
            var poisoned = await UploadDocument(syndic2, meuse, "PV\0 2026", "pv.pdf");
            Assert.Equal(HttpStatusCode.OK, poisoned.StatusCode);
            var page = await Session.Parse(poisoned);
            Assert.Contains("ne se tapent pas", page.FieldError("Input.Title"));
            Assert.Equal("PV 2026", page.FieldValue("Input.Title"));
            Assert.Equal(HttpStatusCode.Redirect, (await UploadDocument(syndic, tilleuls, "PV 2026", "pv.pdf")).StatusCode);
        }
        Assert.Equal(documents + 3, await Scalar<long>("select count(*) from documents"));
        Assert.Equal(HttpStatusCode.Redirect, (await UploadDocument(syndic2, meuse, "PV 2026", "pv.pdf")).StatusCode);
    }

    [Fact]
    public async Task A_control_character_in_an_ordinary_form_gets_a_message_by_its_field()
    {
        var syndic = await SignedIn("syndic@demo.koprogo.be");
        var response = await syndic.Post("/owners/new", ("Input.Kind", "natural"), ("Input.FirstName", "Jean"), ("Input.LastName", "Zw\u001bick"), ("Input.Language", "fr"));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var page = await Session.Parse(response);
        Assert.Contains("ne se tapent pas", page.FieldError("Input.LastName"));
        Assert.Equal("Zwick", page.FieldValue("Input.LastName"));
        Assert.Equal(0L, await Scalar<long>("select count(*) from owners where last_name like 'Zw%ick'"));
    }

    [Fact]
    public async Task A_control_character_in_a_search_is_taken_out_before_it_reaches_the_database()
    {
        var building = await Scalar<long>("select id from buildings where slug = 'residence-les-tilleuls'");
        var syndic = await SignedIn("syndic@demo.koprogo.be");
        var response = await syndic.GetRaw($"/buildings/{building}?q=%00Lambert");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var page = await Session.Parse(response);
        Assert.Contains("Lambert", page.MainText());
        Assert.Equal("Lambert", page.FieldValue("q"));
    }

    [Fact]
    public async Task Oversized_fields_answer_413_with_a_friendly_page_signed_in_or_not()
    {
        var syndic = await SignedIn("syndic@demo.koprogo.be");
        // a field over 64 KB: the reading stops there, the answer is the friendly page
        var big = await syndic.Post("/buildings/new", ("Input.Name", new string('x', 100 * 1024)), ("Input.City", "Bruxelles"));
        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, big.StatusCode);
        Assert.Contains("trop volumineux", (await Session.Parse(big)).MainText());
        // 4 MB announced to the sign-in page: refused before it is read (the client waits for "100 Continue", which never comes)
        var anonymous = await App.NewSession().Post("/account/login", [new("Input.Email", new string('a', 4 * 1024 * 1024) + "@x.be"), new("Input.Password", "x")],
            configure: r => r.Headers.ExpectContinue = true);
        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, anonymous.StatusCode);
        // the page still works for the next one
        Assert.Equal(HttpStatusCode.Redirect, (await App.NewSession().Post("/account/login", ("Input.Email", "owner@demo.koprogo.be"), ("Input.Password", Session.DemoPassword))).StatusCode);
    }

    [Fact]
    public async Task A_post_to_a_handler_a_page_does_not_have_answers_404_not_the_page_without_its_data()
    {
        var building = await Scalar<long>("select id from buildings where slug = 'residence-les-tilleuls'");
        var assembly = await Scalar<long>("select id from assemblies where building_id = @building order by id limit 1", new { building });
        var works = await Scalar<long>("select id from works_requests where building_id = @building order by id limit 1", new { building });
        var syndic = await SignedIn("syndic@demo.koprogo.be");
        foreach (var page in new[] { $"/assemblies/{assembly}", $"/works/{works}", $"/buildings/{building}",
                     $"/buildings/{building}/bank", $"/buildings/{building}/community", "/dashboard" })
        {
            var response = await syndic.Post($"{page}?handler=nothing", ("Input.Title", "x"));
            Assert.True(response.StatusCode == HttpStatusCode.NotFound, $"{page}: {(int)response.StatusCode}");
        }
    }
}
