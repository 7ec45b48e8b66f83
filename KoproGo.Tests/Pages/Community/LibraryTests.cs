using System.Net;
using KoproGo.Tests.Support;
using KoproGo.Web.Infrastructure;

namespace KoproGo.Tests.Pages.Community;

/// <summary>The object library of Les Tilleuls: Sophie (owner@) lends, Pieter (board@) borrows.</summary>
public class LibraryTests(App app) : AppTest(app)
{
    private Task<long> Tilleuls() => Scalar<long>("select id from buildings where slug = 'residence-les-tilleuls'");
    private static string Day(int fromToday) => BrusselsTime.Today.AddDays(fromToday).ToString("yyyy-MM-dd");

    // The smallest PNG: a 1×1 transparent pixel.
    private static readonly byte[] Png = Convert.FromBase64String("iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAQAAAC1HAwCAAAAC0lEQVR42mNkYAAAAAYAAjCB0C8AAAAASUVORK5CYII=");

    private async Task<long> Register(Session owner, string name)
    {
        var posted = await owner.Upload($"/buildings/{await Tilleuls()}/library", "Photo", "drill.png", Png, ("Input.Name", name), ("Input.Category", "tools"),
            ("Input.Condition", "good"), ("Input.LoanDays", "7"), ("Input.Deposit", "20"), ("Input.Description", "Avec mèches"));
        Assert.Equal(HttpStatusCode.Redirect, posted.StatusCode);
        return long.Parse(posted.Headers.Location!.OriginalString.Split('/')[2]);
    }

    private static Task<HttpResponseMessage> Ask(Session borrower, long objectId, int from, int to) =>
        borrower.Post($"/objects/{objectId}?handler=borrow", ("Input.StartsOn", Day(from)), ("Input.DueOn", Day(to)), ("Input.Message", "Pour le week-end"));

    private Task<long> LoanId(long objectId, int from) => Scalar<long>("select id from object_loans where object_id = @objectId and starts_on = @day",
        new { objectId, day = BrusselsTime.Today.AddDays(from) });

    [Fact]
    public async Task A_neighbour_borrows_an_object_from_request_to_return_and_dates_never_overlap()
    {
        var sophie = await SignedIn("owner@demo.koprogo.be");
        var pieter = await SignedIn("board@demo.koprogo.be");
        var drill = await Register(sophie, "Foreuse Bosch");
        var photo = await pieter.GetRaw($"/objects/{drill}?handler=photo");
        Assert.Equal("image/png", photo.Content.Headers.ContentType!.MediaType);
        Assert.Contains("Foreuse Bosch", (await pieter.Get($"/buildings/{await Tilleuls()}/library")).MainText());

        Assert.Equal(HttpStatusCode.Forbidden, (await Ask(sophie, drill, 1, 3)).StatusCode);
        Assert.Equal(HttpStatusCode.Redirect, (await Ask(pieter, drill, 1, 3)).StatusCode);
        Assert.Equal(HttpStatusCode.Redirect, (await Ask(pieter, drill, 3, 5)).StatusCode);
        var (first, second) = (await LoanId(drill, 1), await LoanId(drill, 3));
        Assert.Equal(HttpStatusCode.Forbidden, (await pieter.Post($"/objects/{drill}?handler=approve&loanId={first}")).StatusCode);
        Assert.Equal(HttpStatusCode.Redirect, (await sophie.Post($"/objects/{drill}?handler=approve&loanId={first}")).StatusCode);

        // the second request overlaps the approved one by a day: PostgreSQL refuses it, Sophie reads why
        var conflict = await sophie.Post($"/objects/{drill}?handler=approve&loanId={second}");
        Assert.Equal(HttpStatusCode.OK, conflict.StatusCode);
        Assert.Contains("déjà accepté", (await Session.Parse(conflict)).MainText());
        Assert.Equal("requested", await Scalar<string>("select status from object_loans where id = @second", new { second }));
        var third = await Ask(pieter, drill, 2, 4);
        Assert.NotNull((await Session.Parse(third)).FieldError("Input.StartsOn"));

        Assert.Equal(HttpStatusCode.Redirect, (await sophie.Post($"/objects/{drill}?handler=lend&loanId={first}")).StatusCode);
        await Assert.ThrowsAnyAsync<Npgsql.PostgresException>(() => Scalar<int>(
            "update object_loans set status = 'lent', starts_on = current_date + 20, due_on = current_date + 21 where id = @second returning 1", new { second }));
        var library = (await sophie.Get($"/buildings/{await Tilleuls()}/library")).MainText();
        Assert.Contains($"Prêté jusqu'au {BrusselsTime.Today.AddDays(3).ToString("d", Languages.Culture("fr"))}", library);
        Assert.Equal(HttpStatusCode.Redirect, (await sophie.Post($"/objects/{drill}?handler=return&loanId={first}")).StatusCode);
        Assert.Equal("returned", await Scalar<string>("select status from object_loans where id = @first", new { first }));
        // Pieter was told of the approval and thanked for the return
        Assert.Equal(2L, await Scalar<long>("""
            select count(*) from notifications n join users u on u.id = n.user_id where u.email = 'board@demo.koprogo.be' and n.link = @link
            """, new { link = $"/objects/{drill}" }));
    }

    [Fact]
    public async Task Borrowers_get_a_reminder_the_day_before_and_on_the_due_date_and_late_loans_are_flagged()
    {
        var sophie = await SignedIn("owner@demo.koprogo.be");
        var pieter = await SignedIn("board@demo.koprogo.be");
        var ladder = await Register(sophie, "Échelle");
        var tent = await Register(sophie, "Tente");
        var raclette = await Register(sophie, "Appareil à raclette");
        foreach (var (item, due) in new[] { (ladder, 1), (tent, 0), (raclette, -2) })
            await Scalar<int>("""
                insert into object_loans (object_id, borrower_id, starts_on, due_on, status, lent_at)
                select @item, m.id, current_date - 3, current_date + @due, 'lent', now()
                from community_members m join owners o on o.id = m.owner_id where o.first_name = 'Pieter' returning 1
                """, new { item, due });

        var admin = await SignedIn("admin@demo.koprogo.be");
        Assert.Equal(HttpStatusCode.Redirect, (await admin.Post("/admin/jobs?handler=run&key=loan-reminders")).StatusCode);
        var tomorrow = await App.Smtp.WaitFor(m => m.To.Contains("board@demo.koprogo.be") && m.Subject.Contains("Échelle"));
        Assert.Equal("Échelle moet morgen terug", tomorrow.Subject);
        var today = await App.Smtp.WaitFor(m => m.To.Contains("board@demo.koprogo.be") && m.Subject.Contains("Tente"));
        Assert.Equal("Tente moet vandaag terug", today.Subject);
        Assert.Contains($"/objects/{tent}", today.Text);

        // run again: nothing is sent twice; the late one is flagged, not mailed
        await admin.Post("/admin/jobs?handler=run&key=loan-reminders");
        for (var i = 0; i < 100 && await Scalar<long>("select count(*) from job_runs where job_key = 'loan-reminders'") < 2; i++) await Task.Delay(100);
        Assert.Equal(2L, await Scalar<long>("select count(*) from outbox_messages where dedupe_key like 'loan-reminder:%'"));
        Assert.Contains("En retard", (await sophie.Get($"/objects/{raclette}")).MainText());
        Assert.Contains("En retard depuis", (await sophie.Get($"/buildings/{await Tilleuls()}/library")).MainText());
    }

    [Fact]
    public async Task Bad_objects_and_requests_are_refused_with_the_input_kept_and_other_firms_see_nothing()
    {
        var sophie = await SignedIn("owner@demo.koprogo.be");
        var building = await Tilleuls();
        foreach (var (field, value) in new[] { ("Input.Name", ""), ("Input.Category", "weapons"), ("Input.Condition", "broken"), ("Input.LoanDays", "0"),
                     ("Input.LoanDays", "sept"), ("Input.Deposit", "-5") })
        {
            var fields = new Dictionary<string, string>
            {
                ["Input.Name"] = "Tondeuse", ["Input.Category"] = "tools", ["Input.Condition"] = "good", ["Input.LoanDays"] = "3", ["Input.Deposit"] = "0",
                ["Input.Description"] = "Électrique", [field] = value,
            };
            var response = await sophie.Post($"/buildings/{building}/library", fields);
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            var page = await Session.Parse(response);
            Assert.NotNull(page.FieldError(field));
            Assert.Equal("Électrique", page.FieldValue("Input.Description"));
        }
        var notAPhoto = await sophie.Upload($"/buildings/{building}/library", "Photo", "photo.png", "pas une image"u8.ToArray(), ("Input.Name", "Tondeuse"),
            ("Input.Category", "tools"), ("Input.Condition", "good"), ("Input.LoanDays", "3"));
        Assert.NotNull((await Session.Parse(notAPhoto)).FieldError("Photo"));
        Assert.Equal(0L, await Scalar<long>("select count(*) from shared_objects where name = 'Tondeuse'"));

        var drill = await Register(sophie, "Ponceuse");
        var pieter = await SignedIn("board@demo.koprogo.be");
        foreach (var (from, to, field) in new[] { (-1, 2, "Input.DueOn"), (1, 10, "Input.DueOn"), (3, 1, "Input.DueOn") })
        {
            var response = await Ask(pieter, drill, from, to);
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            var page = await Session.Parse(response);
            Assert.NotNull(page.FieldError(field));
            Assert.Equal("Pour le week-end", page.FieldValue("Input.Message"));
        }
        var garbled = await pieter.Post($"/objects/{drill}?handler=borrow", ("Input.StartsOn", "bientôt"), ("Input.DueOn", Day(2)));
        Assert.NotNull((await Session.Parse(garbled)).FieldError("Input.StartsOn"));
        Assert.Equal(0L, await Scalar<long>("select count(*) from object_loans where object_id = @drill", new { drill }));

        var stranger = await SignedIn("owner2@demo.koprogo.be");
        Assert.Equal(HttpStatusCode.NotFound, (await stranger.GetRaw($"/objects/{drill}")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await stranger.GetRaw($"/objects/{drill}?handler=photo")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await stranger.Post($"/objects/{drill}?handler=borrow", ("Input.StartsOn", Day(1)), ("Input.DueOn", Day(2)))).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await stranger.GetRaw($"/buildings/{building}/library")).StatusCode);

        // the owner removes it at any time it is not out
        Assert.Equal(HttpStatusCode.Forbidden, (await pieter.Post($"/objects/{drill}?handler=delete")).StatusCode);
        Assert.Equal(HttpStatusCode.Redirect, (await sophie.Post($"/objects/{drill}?handler=delete")).StatusCode);
        Assert.Equal(0L, await Scalar<long>("select count(*) from shared_objects where id = @drill", new { drill }));
    }
}
