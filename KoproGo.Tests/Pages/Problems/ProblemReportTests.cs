using System.Net;
using KoproGo.Tests.Support;
using SkiaSharp;

namespace KoproGo.Tests.Pages.Problems;

public class ProblemReportTests(App app) : AppTest(app)
{
    private const string Owner = "owner@demo.koprogo.be", Syndic = "syndic@demo.koprogo.be";

    private Task<long> Tilleuls() => Scalar<long>("select id from buildings where slug = 'residence-les-tilleuls'");

    private Task<long> LotId(string number) => Scalar<long>("select id from lots where number = @number", new { number });

    /// <summary>A phone's photo: 2400×1200 pixels taken with the phone turned (EXIF orientation 6), with its GPS position and camera written by exiftool.</summary>
    private static async Task<byte[]> PhoneShot()
    {
        using var bitmap = new SKBitmap(2400, 1200);
        using (var canvas = new SKCanvas(bitmap))
        {
            canvas.Clear(SKColors.SteelBlue);
            using var paint = new SKPaint { Color = SKColors.OrangeRed };
            canvas.DrawRect(0, 0, 600, 1200, paint);   // a stripe on the left, to tell the turn
        }
        using var image = SKImage.FromBitmap(bitmap);
        var jpeg = image.Encode(SKEncodedImageFormat.Jpeg, 85).ToArray();
        return await ExifTool.Write(jpeg, "-GPSLatitude=50.80123", "-GPSLatitudeRef=N", "-GPSLongitude=4.33456", "-GPSLongitudeRef=E",
            "-Make=TestPhone", "-Model=Leaky 3", "-SerialNumber=ABC123", "-Orientation#=6");
    }

    private static (string, string)[] Report(string title, string urgency = "normal", string lot = "", string place = "Hall, 2nd floor", string category = "water_leak") =>
    [
        ("Input.Lot", lot), ("Input.Place", place), ("Input.Category", category), ("Input.Urgency", urgency),
        ("Input.Title", title), ("Input.Description", "Water runs down the wall next to the lift."),
    ];

    private static long IdOf(HttpResponseMessage response)
    {
        Assert.True(response.StatusCode == HttpStatusCode.Redirect, $"answered {(int)response.StatusCode}");
        return long.Parse(response.Headers.Location!.OriginalString.Split('/').Last());
    }

    [Fact]
    public async Task An_owner_reports_an_emergency_with_a_photo_stripped_of_its_location_and_the_syndic_takes_it_in_hand()
    {
        var shot = await PhoneShot();
        var taken = await ExifTool.Read(shot);
        Assert.Equal("TestPhone", taken["Make"]);
        Assert.StartsWith("50.80", taken["GPSLatitude"]);

        await Scalar<int>("update users set email_notifications = false where email = @Syndic returning 1", new { Syndic });
        var owner = await SignedIn(Owner);
        var building = await Tilleuls();
        var form = await owner.Get($"/problems/new?building={building}");
        Assert.Contains("A2.1", form.QuerySelector("#Input_Lot")!.TextContent);
        // only the owner's own lots are offered, not the neighbours'
        Assert.DoesNotContain("A3.1", form.QuerySelector("#Input_Lot")!.TextContent);
        var id = IdOf(await owner.Upload($"/problems/new?building={building}", "Photos", "IMG_0042.jpg", shot,
            Report("Leak in the hall", urgency: "emergency")));

        var page = await owner.Get($"/problems/{id}");
        Assert.Contains("Leak in the hall", page.QuerySelector("h1")!.TextContent);
        var stored = await Row<(byte[] Content, int Width, int Height)>("select content, width, height from problem_report_photos where report_id = @id", new { id });
        // turned upright as the phone said (2400×1200 on its side → 1200×2400), shrunk to 1600 px at most
        Assert.Equal((800, 1600), (stored.Width, stored.Height));
        var kept = await ExifTool.Read(stored.Content);
        Assert.Equal(800, int.Parse(kept["ImageWidth"]));
        Assert.DoesNotContain(kept.Keys, k => k.StartsWith("GPS") || k is "Make" or "Model" or "SerialNumber" or "Orientation");
        var photo = await owner.GetRaw($"/problems/{id}?handler=photo&position=1");
        Assert.Equal("image/jpeg", photo.Content.Headers.ContentType!.MediaType);
        Assert.Equal(stored.Content, await photo.Content.ReadAsByteArrayAsync());

        // an emergency reaches the syndic's mailbox at once, even though they read notifications in the app only
        var mail = await App.Smtp.WaitFor(m => m.To.Contains(Syndic));
        Assert.Contains("Leak in the hall", mail.Subject);

        var syndic = await SignedIn(Syndic);
        Assert.Contains("Leak in the hall", (await syndic.Get($"/problems?building={building}&urgency=emergency")).MainText());
        // a step not allowed from here is refused by the field; the database refuses it too
        var wrong = await syndic.Post($"/problems/{id}?handler=Move", ("State", "closed"), ("Reason", ""));
        Assert.Equal(HttpStatusCode.OK, wrong.StatusCode);
        Assert.NotNull((await Session.Parse(wrong)).FieldError("State"));
        await Assert.ThrowsAsync<Npgsql.PostgresException>(() => Scalar<int>("update problem_reports set state = 'closed' where id = @id returning 1", new { id }));
        Assert.Equal(HttpStatusCode.Redirect, (await syndic.Post($"/problems/{id}?handler=Move", ("State", "in_progress"), ("Reason", ""))).StatusCode);
        Assert.Equal("in_progress", await Scalar<string>("select state from problem_reports where id = @id", new { id }));
        Assert.NotNull(await Scalar<DateTime?>("select taken_at from problem_reports where id = @id", new { id }));
        Assert.Equal(1L, await Scalar<long>("select count(*) from notifications n join users u on u.id = n.user_id where u.email = @Owner and n.link = @link",
            new { Owner, link = $"/problems/{id}" }));
        // cancelling needs a reason
        var noReason = await syndic.Post($"/problems/{id}?handler=Move", ("State", "cancelled"), ("Reason", " "));
        Assert.NotNull((await Session.Parse(noReason)).FieldError("Reason"));
        Assert.Equal(1L, await Scalar<long>("select count(*) from audit_log where entity = 'problem_report' and entity_id = @id and action = 'moved'", new { id }));
    }

    [Fact]
    public async Task A_common_parts_report_shown_to_the_building_is_followed_by_a_neighbour_while_a_private_lots_never_is_shown()
    {
        var building = await Tilleuls();
        var owner = await SignedIn(Owner);
        var common = IdOf(await owner.Post($"/problems/new?building={building}", Report("Front door does not lock", category: "doors_and_locks")));
        var resident = await SignedIn("resident@demo.koprogo.be");
        Assert.Equal(HttpStatusCode.NotFound, (await resident.GetRaw($"/problems/{common}")).StatusCode);

        var syndic = await SignedIn(Syndic);
        Assert.Equal(HttpStatusCode.Redirect, (await syndic.Post($"/problems/{common}?handler=Show&shown=true")).StatusCode);
        Assert.Contains("Front door does not lock", (await resident.Get("/problems")).MainText());
        Assert.Equal(HttpStatusCode.Redirect, (await resident.Post($"/problems/{common}?handler=Follow")).StatusCode);
        Assert.Equal(1L, await Scalar<long>("select count(*) from problem_report_followers where report_id = @common", new { common }));
        // the resident writes; the reporter and the syndic hear of it
        Assert.Equal(HttpStatusCode.Redirect, (await resident.Post($"/problems/{common}?handler=Comment", ("Body", "Same at the back door."))).StatusCode);
        Assert.Contains("Same at the back door.", (await owner.Get($"/problems/{common}")).MainText());
        Assert.True(await Scalar<long>("select count(*) from notifications where link = @link", new { link = $"/problems/{common}" }) >= 2);

        var mine = IdOf(await owner.Post($"/problems/new?building={building}", Report("Damp in my bedroom", lot: (await LotId("A2.1")).ToString(), place: "")));
        Assert.Equal(HttpStatusCode.BadRequest, (await syndic.Post($"/problems/{mine}?handler=Show&shown=true")).StatusCode);
        await Assert.ThrowsAsync<Npgsql.PostgresException>(() => Scalar<int>("update problem_reports set shown_to_building = true where id = @mine returning 1", new { mine }));
        Assert.Equal(HttpStatusCode.NotFound, (await resident.GetRaw($"/problems/{mine}")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await resident.GetRaw($"/problems/{mine}?handler=photo&position=1")).StatusCode);
        Assert.DoesNotContain("Damp in my bedroom", (await resident.Get("/problems")).MainText());
    }

    [Fact]
    public async Task Bad_input_is_refused_by_each_field_with_what_was_typed_kept()
    {
        var building = await Tilleuls();
        var owner = await SignedIn(Owner);
        var neighboursLot = await LotId("A3.1");
        var before = await Scalar<long>("select count(*) from problem_reports");
        var answer = await owner.Upload($"/problems/new?building={building}", "Photos", "notes.jpg", "not a photo at all"u8.ToArray(),
            ("Input.Lot", neighboursLot.ToString()), ("Input.Place", ""), ("Input.Category", "volcano"), ("Input.Urgency", "normal"),
            ("Input.Title", ""), ("Input.Description", "Something strange"));
        Assert.Equal(HttpStatusCode.OK, answer.StatusCode);
        var page = await Session.Parse(answer);
        Assert.NotNull(page.FieldError("Input.Lot"));
        Assert.NotNull(page.FieldError("Input.Category"));
        Assert.NotNull(page.FieldError("Input.Title"));
        Assert.Contains("notes.jpg", page.FieldError("Photos"));
        Assert.Equal("Something strange", page.FieldValue("Input.Description"));
        Assert.Equal(before, await Scalar<long>("select count(*) from problem_reports"));
        // a building of the firm where the owner holds nothing is not theirs to report in
        var elsewhere = await Scalar<long>("""
            select b.id from buildings b where b.organisation_id = (select organisation_id from buildings where slug = 'residence-les-tilleuls')
            and not exists (select 1 from lots l join lot_ownerships o on o.lot_id = l.id join owners w on w.id = o.owner_id
                            where l.building_id = b.id and w.first_name = 'Sophie' and w.last_name = 'Lambert')
            order by b.id limit 1
            """);
        Assert.Equal(HttpStatusCode.NotFound, (await owner.GetRaw($"/problems/new?building={elsewhere}")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await owner.Post($"/problems/new?building={elsewhere}", Report("Not mine"))).StatusCode);
    }

    [Fact]
    public async Task A_report_left_open_past_its_buildings_delay_is_overdue_and_the_syndic_sets_the_delays()
    {
        var building = await Tilleuls();
        var owner = await SignedIn(Owner);
        var id = IdOf(await owner.Post($"/problems/new?building={building}", Report("Lift stuck", urgency: "emergency", category: "lift")));
        await Scalar<int>("update problem_reports set waiting_since = now() - interval '5 hours' where id = @id returning 1", new { id });
        var syndic = await SignedIn(Syndic);
        Assert.Contains("Lift stuck", (await syndic.Get("/problems?overdue=true")).MainText());
        Assert.NotNull((await syndic.Get($"/problems/{id}")).QuerySelector(".warning"));

        var bad = await syndic.Post($"/buildings/{building}/problem-delays", ("Hours[emergency]", "six"), ("Hours[high]", "48"), ("Hours[normal]", "168"), ("Hours[low]", "720"));
        Assert.Equal(HttpStatusCode.OK, bad.StatusCode);
        Assert.Equal("six", (await Session.Parse(bad)).FieldValue("Hours[emergency]"));
        Assert.NotNull((await Session.Parse(bad)).FieldError("Hours[emergency]"));
        Assert.Equal(HttpStatusCode.Redirect, (await syndic.Post($"/buildings/{building}/problem-delays",
            ("Hours[emergency]", "6"), ("Hours[high]", "48"), ("Hours[normal]", "168"), ("Hours[low]", "720"))).StatusCode);
        Assert.DoesNotContain("Lift stuck", (await syndic.Get("/problems?overdue=true")).MainText());
        // taken in hand, a report is no longer overdue however old
        await Scalar<int>("update problem_reports set waiting_since = now() - interval '30 days' where id = @id returning 1", new { id });
        Assert.Contains("Lift stuck", (await syndic.Get("/problems?overdue=true")).MainText());
        Assert.Equal(HttpStatusCode.Redirect, (await syndic.Post($"/problems/{id}?handler=Move", ("State", "in_progress"), ("Reason", ""))).StatusCode);
        Assert.DoesNotContain("Lift stuck", (await syndic.Get("/problems?overdue=true")).MainText());
    }

    [Fact]
    public async Task The_list_comes_25_reports_a_page_newest_first_with_its_filters_kept()
    {
        var building = await Tilleuls();
        await Scalar<int>("""
            insert into problem_reports (organisation_id, building_id, place, title, description, category, urgency, created_at)
            select organisation_id, id, 'Hall', 'Bulb ' || n, 'Out.', 'electricity', 'low', now() - make_interval(mins => n)
            from buildings, generate_series(1, 30) n where id = @building returning 1
            """, new { building });
        var total = await Scalar<long>("select count(*) from problem_reports where building_id = @building", new { building });
        var syndic = await SignedIn(Syndic);
        var first = await syndic.Get($"/problems?building={building}");
        Assert.Null(first.QuerySelector(".error-summary"));
        Assert.Equal(25, first.QuerySelectorAll("tbody tr").Length);
        Assert.Equal("Bulb 1", first.QuerySelector("tbody th a")!.TextContent);
        var next = first.QuerySelector("a[rel=next]")!.GetAttribute("href")!;
        Assert.Contains($"building={building}", next);
        Assert.Equal(total - 25, (await syndic.Get(next)).QuerySelectorAll("tbody tr").Length);
        var electricity = await syndic.Get($"/problems?category=electricity&page=2");
        Assert.Equal(5, electricity.QuerySelectorAll("tbody tr").Length);
    }

    [Fact]
    public async Task Another_firm_reads_and_changes_nothing_by_guessing_ids()
    {
        var building = await Tilleuls();
        var owner = await SignedIn(Owner);
        var id = IdOf(await owner.Post($"/problems/new?building={building}", Report("Broken window")));
        var other = await SignedIn("syndic2@demo.koprogo.be");
        Assert.Equal(HttpStatusCode.NotFound, (await other.GetRaw($"/problems/{id}")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await other.GetRaw($"/problems/{id}?handler=photo&position=1")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await other.Post($"/problems/{id}?handler=Move", ("State", "in_progress"), ("Reason", ""))).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await other.Post($"/problems/{id}?handler=Comment", ("Body", "hello"))).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await other.GetRaw($"/buildings/{building}/problem-delays")).StatusCode);
        Assert.DoesNotContain("Broken window", (await other.Get("/problems")).MainText());
        Assert.Equal(HttpStatusCode.NotFound, (await other.GetRaw($"/problems/new?building={building}")).StatusCode);
        Assert.Equal("open", await Scalar<string>("select state from problem_reports where id = @id", new { id }));
        Assert.Equal(0L, await Scalar<long>("select count(*) from problem_report_comments where report_id = @id", new { id }));
    }
}
