using System.Net;
using KoproGo.Tests.Support;
using KoproGo.Web.Infrastructure;

namespace KoproGo.Tests.Pages.Privacy;

/// <summary>The breach register (GDPR art. 33, 34): recorded, alerted before and after 72 hours, decided, and the persons told.</summary>
public class BreachTests(App app) : AppTest(app)
{
    private async Task<long> Record(Session syndic, int hoursAgo)
    {
        var discovered = BrusselsTime.FromUtc(DateTime.UtcNow.AddHours(-hoursAgo));
        var response = await syndic.Submit("/privacy/breaches", ("Input.Title", "Ordinateur portable volé"),
            ("Input.DiscoveredOn", discovered.ToString("yyyy-MM-dd")), ("Input.DiscoveredAt", discovered.ToString("HH:mm")),
            ("Input.Description", "Le portable du gestionnaire a été volé dans sa voiture."), ("Input.DataConcerned", "Noms, adresses, IBAN des propriétaires."),
            ("Input.Consequences", "Hameçonnage possible."), ("Input.Measures", "Disque chiffré ; mots de passe changés."), ("Input.HighRisk", "true"));
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        return long.Parse(response.Headers.Location!.OriginalString.Split('/')[^1]);
    }

    [Fact]
    public async Task A_breach_is_refused_by_the_field_when_its_moment_is_wrong_and_the_input_is_kept()
    {
        var syndic = await SignedIn("syndic@demo.koprogo.be");
        var tomorrow = BrusselsTime.Today.AddDays(1).ToString("yyyy-MM-dd");
        var page = await Session.Parse(await syndic.Submit("/privacy/breaches", ("Input.Title", ""), ("Input.DiscoveredOn", tomorrow),
            ("Input.DiscoveredAt", "25:00"), ("Input.Description", "Une clé USB perdue."), ("Input.PersonsEstimate", "beaucoup")));
        Assert.NotNull(page.FieldError("Input.Title"));
        Assert.NotNull(page.FieldError("Input.DiscoveredAt"));
        Assert.NotNull(page.FieldError("Input.PersonsEstimate"));
        Assert.Equal("Une clé USB perdue.", page.FieldValue("Input.Description"));
        // a moment to come, and the hour skipped when the clocks go forward (last Sunday of March, 02:00–03:00 in Brussels)
        page = await Session.Parse(await syndic.Submit("/privacy/breaches", ("Input.Title", "Clé USB"), ("Input.DiscoveredOn", tomorrow),
            ("Input.DiscoveredAt", "10:00"), ("Input.Description", "Perdue.")));
        Assert.NotNull(page.FieldError("Input.DiscoveredOn"));
        page = await Session.Parse(await syndic.Submit("/privacy/breaches", ("Input.Title", "Clé USB"), ("Input.DiscoveredOn", "2026-03-29"),
            ("Input.DiscoveredAt", "02:30"), ("Input.Description", "Perdue.")));
        Assert.NotNull(page.FieldError("Input.DiscoveredAt"));
        Assert.Equal(0L, await Scalar<long>("select count(*) from data_breaches"));
    }

    [Fact]
    public async Task The_syndic_is_alerted_a_day_before_the_72_hours_and_again_once_they_are_over()
    {
        var syndic = await SignedIn("syndic@demo.koprogo.be");
        var id = await Record(syndic, hoursAgo: 10);
        await RunJob("privacy-deadlines");
        Assert.Equal(0L, await Scalar<long>("select count(*) from notifications where link = @link", new { link = $"/privacy/breaches/{id}" }));

        await Scalar<int>("update data_breaches set discovered_at = now() - interval '50 hours' returning 1");
        await RunJob("privacy-deadlines");
        await RunJob("privacy-deadlines");
        Assert.Equal(["Une violation doit être notifiée dans la journée"], await Query<string>("""
            select n.title from notifications n join users u on u.id = n.user_id where n.link = @link and u.email = 'syndic@demo.koprogo.be'
            """, new { link = $"/privacy/breaches/{id}" }));
        Assert.Equal(0L, await Scalar<long>("select count(*) from notifications n join users u on u.id = n.user_id where u.email = 'syndic2@demo.koprogo.be'"));

        await Scalar<int>("update data_breaches set discovered_at = now() - interval '73 hours' returning 1");
        await RunJob("privacy-deadlines");
        Assert.Equal(2L, await Scalar<long>("select count(*) from notifications where link = @link", new { link = $"/privacy/breaches/{id}" }));
        var page = await syndic.Get($"/privacy/breaches/{id}");
        Assert.Contains("72", page.QuerySelector("main .notice")!.TextContent);

        // Late: the notification needs the authority's reference and the reasons for the delay.
        var refused = await Session.Parse(await syndic.Submit($"/privacy/breaches/{id}?handler=Decide", ("NewState", "notified")));
        Assert.NotNull(refused.FieldError("Reference"));
        Assert.NotNull(refused.FieldError("Reason"));
        Assert.Equal(HttpStatusCode.Redirect, (await syndic.Submit($"/privacy/breaches/{id}?handler=Decide", ("NewState", "notified"),
            ("Reference", "APD-2026-1234"), ("Reason", "Le vol n'a été compris qu'au retour du gestionnaire."))).StatusCode);
        Assert.Equal("notified", await Scalar<string>("select state from data_breaches"));
        await RunJob("privacy-deadlines");
        Assert.Equal(2L, await Scalar<long>("select count(*) from notifications where link = @link", new { link = $"/privacy/breaches/{id}" }));
        var e = await Assert.ThrowsAsync<Npgsql.PostgresException>(() => Scalar<int>("update data_breaches set state = 'open' returning 1"));
        Assert.Equal("data_breaches_state_transition", e.ConstraintName);
    }

    [Fact]
    public async Task The_persons_concerned_are_told_by_mail_in_their_language_or_by_a_letter_for_the_post()
    {
        var syndic = await SignedIn("syndic@demo.koprogo.be");
        var id = await Record(syndic, hoursAgo: 2);
        await Scalar<int>("update owners set email = null where last_name = 'Dubois' returning 1");
        var building = await Scalar<long>("select id from buildings where slug = 'residence-les-tilleuls'");
        Assert.Equal(HttpStatusCode.Redirect, (await syndic.Post($"/privacy/breaches/{id}?handler=AddBuilding", ("BuildingId", building.ToString()))).StatusCode);
        var owners = await Scalar<long>("""
            select count(distinct o.owner_id) from lot_ownerships o join lots l on l.id = o.lot_id
            where l.building_id = @building and o.valid_from <= current_date and (o.valid_to is null or o.valid_to > current_date)
            """, new { building });
        Assert.Equal(owners, await Scalar<long>("select count(*) from data_breach_persons"));
        Assert.DoesNotContain("Michel Laurent", (await syndic.Get($"/privacy/breaches/{id}")).MainText()); // sold in 2023

        Assert.Equal(HttpStatusCode.Redirect, (await syndic.Post($"/privacy/breaches/{id}?handler=Inform")).StatusCode);
        var pieter = await App.Smtp.WaitFor(m => m.To.Contains("pieter.janssens@example.be"));
        Assert.Equal("Een inbreuk op uw persoonsgegevens", pieter.Subject);
        Assert.Contains("Le portable du gestionnaire a été volé", pieter.Text);
        Assert.Contains("Gegevensbeschermingsautoriteit", pieter.Text);
        Assert.Equal(1L, await Scalar<long>("select count(*) from data_breach_persons where channel = 'post'"));
        Assert.Equal(0L, await Scalar<long>("select count(*) from data_breach_persons where informed_at is null"));

        var letters = await syndic.GetRaw($"/privacy/breaches/{id}?handler=letters");
        Assert.Equal("application/pdf", letters.Content.Headers.ContentType!.MediaType);
        var text = await PdfText.Of(await letters.Content.ReadAsByteArrayAsync());
        Assert.Contains("Marie Dubois", text);
        Assert.Contains("Rue Vanderkindere 12", text);
        Assert.Contains("Disque chiffré", text);
    }

    [Fact]
    public async Task Another_firm_and_owners_see_nothing_of_the_register()
    {
        var syndic = await SignedIn("syndic@demo.koprogo.be");
        var id = await Record(syndic, hoursAgo: 1);
        var other = await SignedIn("syndic2@demo.koprogo.be");
        Assert.DoesNotContain("Ordinateur portable volé", (await other.Get("/privacy/breaches")).MainText());
        Assert.Equal(HttpStatusCode.NotFound, (await other.GetRaw($"/privacy/breaches/{id}")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await other.Post($"/privacy/breaches/{id}?handler=Decide", ("NewState", "not_notified"), ("Reason", "x"))).StatusCode);
        // nor can their owners be added to this firm's breach, whatever is posted
        var meuse = await Scalar<long>("select id from buildings where organisation_id <> (select organisation_id from data_breaches) limit 1");
        await syndic.Post($"/privacy/breaches/{id}?handler=AddBuilding", ("BuildingId", meuse.ToString()));
        Assert.Equal(0L, await Scalar<long>("select count(*) from data_breach_persons"));
        var owner = await SignedIn("owner@demo.koprogo.be");
        Assert.Equal(HttpStatusCode.Forbidden, (await owner.GetRaw("/privacy/breaches")).StatusCode);
    }
}
