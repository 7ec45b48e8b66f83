using System.Net;
using KoproGo.Domain.Works;
using KoproGo.Tests.Support;
using KoproGo.Web.Infrastructure;

namespace KoproGo.Tests.Pages.Maintenance;

public class MaintenanceLogTests(App app) : AppTest(app)
{
    private const string Syndic = "syndic@demo.koprogo.be";

    private Task<long> Tilleuls() => Scalar<long>("select id from buildings where slug = 'residence-les-tilleuls'");

    private static string Day(DateOnly d) => d.ToString("yyyy-MM-dd");

    private static long IdOf(HttpResponseMessage response)
    {
        Assert.True(response.StatusCode == HttpStatusCode.Redirect, $"answered {(int)response.StatusCode}");
        return long.Parse(response.Headers.Location!.OriginalString.Split('/').Last());
    }

    private static (string, string)[] Lift(string months = "", string installed = "2015-03-02", string kind = "lift") =>
    [
        ("Input.Kind", kind), ("Input.Name", "Lift of staircase B"), ("Input.Make", "Kone"), ("Input.Model", "MonoSpace"),
        ("Input.InstalledOn", installed), ("Input.ContractHolder", "Kone Belgium"), ("Input.InspectionMonths", months), ("Input.InspectionBody", "AIB-Vinçotte"),
    ];

    [Fact]
    public async Task The_syndic_adds_a_lift_records_its_inspections_and_a_non_compliant_one_opens_a_problem_report()
    {
        var building = await Tilleuls();
        var syndic = await SignedIn(Syndic);
        // bad input by each field, kept
        var bad = await syndic.Post($"/buildings/{building}/maintenance/edit", Lift(months: "0", installed: Day(BrusselsTime.Today.AddDays(3)), kind: "spaceship"));
        Assert.Equal(HttpStatusCode.OK, bad.StatusCode);
        var page = await Session.Parse(bad);
        Assert.NotNull(page.FieldError("Input.Kind"));
        Assert.NotNull(page.FieldError("Input.InstalledOn"));
        Assert.NotNull(page.FieldError("Input.InspectionMonths"));
        Assert.Equal("Lift of staircase B", page.FieldValue("Input.Name"));

        // left empty, the periodicity is the lift's: six months
        var id = IdOf(await syndic.Post($"/buildings/{building}/maintenance/edit", Lift()));
        Assert.Equal(6, await Scalar<int>("select inspection_months from equipment where id = @id", new { id }));
        var today = BrusselsTime.Today;
        // the inspector's report goes along as a PDF (a photo is refused by the field)
        var notPdf = await syndic.Upload($"/maintenance/{id}", "Report", "report.pdf", [0xFF, 0xD8, 0xFF, 0xE0, 0, 0], ("Input.DoneOn", Day(today)),
            ("Input.Body", "AIB-Vinçotte"), ("Input.Result", "compliant"), ("Input.Notes", ""));
        Assert.NotNull((await Session.Parse(notPdf)).FieldError("Report"));
        Assert.Equal(HttpStatusCode.Redirect, (await syndic.Upload($"/maintenance/{id}", "Report", "rapport-vincotte.pdf",
            Samples.MinimalPdf, ("Input.DoneOn", Day(today)),
            ("Input.Body", "AIB-Vinçotte"), ("Input.Result", "compliant"), ("Input.Notes", ""))).StatusCode);
        var recorded = await syndic.Get($"/maintenance/{id}");
        Assert.Contains(today.AddMonths(6).ToString("d", Languages.Culture("fr")), recorded.MainText());
        var document = await Scalar<long>("select document_id from inspections where equipment_id = @id", new { id });
        Assert.NotNull(recorded.QuerySelector($"a[href='/documents/{document}']"));
        Assert.Equal("board", await Scalar<string>("select visibility from documents where id = @document", new { document }));

        // not compliant: the notes are required, then a problem report follows the actions up
        var noNotes = await syndic.Post($"/maintenance/{id}", ("Input.DoneOn", Day(today)), ("Input.Body", "AIB-Vinçotte"), ("Input.Result", "non_compliant"), ("Input.Notes", ""));
        Assert.NotNull((await Session.Parse(noNotes)).FieldError("Input.Notes"));
        Assert.Equal(HttpStatusCode.Redirect, (await syndic.Post($"/maintenance/{id}", ("Input.DoneOn", Day(today)), ("Input.Body", "AIB-Vinçotte"),
            ("Input.Result", "non_compliant"), ("Input.Notes", "Door sensor to replace within 3 months."))).StatusCode);
        var report = await Scalar<long>("select problem_report_id from inspections where equipment_id = @id and result = 'non_compliant'", new { id });
        Assert.Equal(("lift", "high", "open"), await Row<(string, string, string)>("select category, urgency, state from problem_reports where id = @report", new { report }));
        Assert.Contains("Door sensor", (await syndic.Get($"/problems/{report}")).MainText());
        // a future inspection date is refused
        var future = await syndic.Post($"/maintenance/{id}", ("Input.DoneOn", Day(today.AddDays(1))), ("Input.Body", "X"), ("Input.Result", "compliant"), ("Input.Notes", ""));
        Assert.NotNull((await Session.Parse(future)).FieldError("Input.DoneOn"));
    }

    [Fact]
    public async Task The_morning_job_warns_the_syndic_once_of_an_inspection_due_soon_and_once_when_overdue()
    {
        var building = await Tilleuls();
        var syndic = await SignedIn(Syndic);
        var id = IdOf(await syndic.Post($"/buildings/{building}/maintenance/edit", Lift(months: "6")));
        var today = BrusselsTime.Today;
        // last inspected so that the next one falls within the coming month (a month's end may bring it a few days closer)
        await Scalar<int>("insert into inspections (equipment_id, done_on, body, result) values (@id, @done, 'AIB', 'compliant') returning 1",
            new { id, done = today.AddDays(10).AddMonths(-6) });
        Task<long> Warnings(string title) => Scalar<long>("""
            select count(*) from notifications n join users u on u.id = n.user_id where u.email = @Syndic and n.link = @link and n.title like @title
            """, new { Syndic, link = $"/maintenance/{id}", title });
        await RunJob("inspection-warnings");
        await RunJob("inspection-warnings");
        Assert.Equal(1L, await Warnings("Contrôle bientôt dû%"));

        await Scalar<int>("update inspections set done_on = @done where equipment_id = @id returning 1", new { id, done = today.AddDays(-10).AddMonths(-6) });
        await RunJob("inspection-warnings");
        await RunJob("inspection-warnings");
        Assert.Equal(1L, await Warnings("Contrôle en retard%"));
    }

    [Fact]
    public async Task The_boards_dashboard_shows_the_syndics_delays()
    {
        // the demo's entrance door, open for ten days (a week allowed), and the extinguishers checked 400 days ago (yearly)
        var text = (await (await SignedIn("board@demo.koprogo.be")).Get("/dashboard")).MainText();
        Assert.Contains("1 problemen niet tijdig aangepakt.", text);
        Assert.Contains("1 keuringen te laat.", text);
        var building = await Tilleuls();
        await Scalar<int>("""
            insert into inspections (equipment_id, done_on, body, result) select id, current_date, 'Sicli', 'compliant' from equipment
            where building_id = @building and kind = 'extinguishers' returning 1
            """, new { building });
        Assert.DoesNotContain("keuringen te laat", (await (await SignedIn("board@demo.koprogo.be")).Get("/dashboard")).MainText());
    }

    [Fact]
    public async Task The_board_reads_the_log_owners_and_another_firm_do_not()
    {
        var building = await Tilleuls();
        var lift = await Scalar<long>("select id from equipment where building_id = @building and kind = 'lift'", new { building });
        var board = await SignedIn("board@demo.koprogo.be");
        Assert.Contains("Schindler", (await board.Get($"/maintenance/{lift}")).MainText());
        Assert.Null((await board.Get($"/maintenance/{lift}")).QuerySelector("form[method=post] #Input_Result"));
        Assert.Equal(HttpStatusCode.NotFound, (await board.Post($"/maintenance/{lift}", ("Input.DoneOn", Day(BrusselsTime.Today)), ("Input.Body", "X"),
            ("Input.Result", "compliant"), ("Input.Notes", ""))).StatusCode);
        var owner = await SignedIn("owner@demo.koprogo.be");
        Assert.Equal(HttpStatusCode.Forbidden, (await owner.GetRaw($"/buildings/{building}/maintenance")).StatusCode);
        var other = await SignedIn("syndic2@demo.koprogo.be");
        Assert.Equal(HttpStatusCode.NotFound, (await other.GetRaw($"/buildings/{building}/maintenance")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await other.GetRaw($"/maintenance/{lift}")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await other.GetRaw($"/buildings/{building}/maintenance/edit?equipment={lift}")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await other.Post($"/maintenance/{lift}", ("Input.DoneOn", Day(BrusselsTime.Today)), ("Input.Body", "X"),
            ("Input.Result", "compliant"), ("Input.Notes", ""))).StatusCode);
        // the whole log as a PDF in the building's language, read back by pdftotext
        var pdf = await board.GetRaw($"/buildings/{building}/maintenance?handler=pdf");
        Assert.Equal("application/pdf", pdf.Content.Headers.ContentType!.MediaType);
        var text = await PdfText.Of(await pdf.Content.ReadAsByteArrayAsync());
        Assert.Contains("Carnet d'entretien", text);
        Assert.Contains("Schindler", text);
        Assert.Contains("Remplacer", text);   // the lift's inspection notes (pdftotext may wrap the cell)
        Assert.Contains("Vinçotte", text);
        Assert.Equal(HttpStatusCode.NotFound, (await other.GetRaw($"/buildings/{building}/maintenance?handler=pdf")).StatusCode);
        Assert.Equal(5L, await Scalar<long>("select count(*) from inspections i join equipment e on e.id = i.equipment_id where e.building_id = @building", new { building }));
    }
}
