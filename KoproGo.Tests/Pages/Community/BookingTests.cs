using System.Net;
using System.Text;
using KoproGo.Tests.Support;
using KoproGo.Web.Infrastructure;

namespace KoproGo.Tests.Pages.Community;

/// <summary>Bookings of Les Tilleuls' shared resources by Sophie (owner@) and Pieter (board@), the syndic approving.</summary>
public class BookingTests(App app) : AppTest(app)
{
    private Task<long> Tilleuls() => Scalar<long>("select id from buildings where slug = 'residence-les-tilleuls'");
    private static readonly string Tomorrow = BrusselsTime.Today.AddDays(1).ToString("yyyy-MM-dd");

    private async Task<long> AddResource(string name, string capacity = "1", bool approval = false)
    {
        var syndic = await SignedIn("syndic@demo.koprogo.be");
        var posted = await syndic.Post($"/buildings/{await Tilleuls()}/resources", ("Input.Name", name), ("Input.Kind", "common_room"), ("Input.Capacity", capacity),
            ("Input.MinMinutes", "30"), ("Input.MaxMinutes", "480"), ("Input.DaysAhead", "60"), ("Input.NeedsApproval", approval ? "true" : "false"));
        Assert.Equal(HttpStatusCode.Redirect, posted.StatusCode);
        return long.Parse(posted.Headers.Location!.OriginalString.Split('/')[2]);
    }

    private static Task<HttpResponseMessage> Book(Session member, long resource, string from, string to, string purpose = "Anniversaire") =>
        member.Post($"/resources/{resource}?handler=book", ("Input.Date", Tomorrow), ("Input.From", from), ("Input.To", to), ("Input.Purpose", purpose));

    [Fact]
    public async Task A_member_books_a_slot_and_gets_the_confirmation_with_a_calendar_file()
    {
        var room = await AddResource("Salle polyvalente");
        var sophie = await SignedIn("owner@demo.koprogo.be");
        Assert.Equal(HttpStatusCode.Redirect, (await Book(sophie, room, "18:00", "22:00")).StatusCode);
        Assert.Equal("confirmed", await Scalar<string>("select status from bookings where resource_id = @room", new { room }));

        var mail = await App.Smtp.WaitFor(m => m.To.Contains("owner@demo.koprogo.be") && m.Subject.Contains("Salle polyvalente"));
        Assert.StartsWith("Réservation confirmée", mail.Subject);
        var ics = Encoding.UTF8.GetString(mail.Attachments["booking.ics"]);
        Assert.Contains("BEGIN:VEVENT", ics);
        Assert.Contains("SUMMARY:Salle polyvalente", ics);
        Assert.Matches(@"UID:booking-\d+@koprogo\.test\r\n", ics);
        var part = mail.AttachmentHeaders["booking.ics"];
        Assert.Matches(@"^text/calendar;.*charset=utf-8.*method=PUBLISH", part["content-type"]);
        Assert.Matches(@"^attachment;\s*filename=""?booking\.ics", part["content-disposition"]);
        var start = BrusselsTime.ToUtc(BrusselsTime.Today.AddDays(1), new TimeOnly(18, 0));
        Assert.Contains($"DTSTART:{start:yyyyMMdd'T'HHmmss'Z'}", ics);

        // the month and week views show it to the neighbours, without JS
        var pieter = await SignedIn("board@demo.koprogo.be");
        var week = (await pieter.Get($"/resources/{room}?view=week&date={Tomorrow}")).MainText();
        Assert.Contains("18:00–22:00", week);
        Assert.Contains("Sophie L.", week);
        Assert.Contains("18:00–22:00", (await pieter.Get($"/resources/{room}?date={Tomorrow}")).MainText());

        // she cancels; the slot is free again
        var booking = await Scalar<long>("select id from bookings where resource_id = @room", new { room });
        Assert.Equal(HttpStatusCode.Forbidden, (await pieter.Post($"/resources/{room}?handler=cancel&bookingId={booking}")).StatusCode);
        Assert.Equal(HttpStatusCode.Redirect, (await sophie.Post($"/resources/{room}?handler=cancel&bookingId={booking}")).StatusCode);
        Assert.Equal(HttpStatusCode.Redirect, (await Book(pieter, room, "19:00", "21:00")).StatusCode);
    }

    [Fact]
    public async Task Twenty_members_asking_for_the_same_slot_at_once_get_it_once_and_the_others_keep_their_input()
    {
        var room = await AddResource("Parking visiteurs");
        var sessions = new[] { await SignedIn("owner@demo.koprogo.be"), await SignedIn("board@demo.koprogo.be") };
        var tokens = await Task.WhenAll(sessions.Select(s => s.Token()));
        var posts = Enumerable.Range(0, 20).Select(i => sessions[i % 2].Client.PostAsync($"/resources/{room}?handler=book", new FormUrlEncodedContent(
        [
            new("__RequestVerificationToken", tokens[i % 2]), new("Input.Date", Tomorrow), new("Input.From", $"{10 + i % 3}:00"),
            new("Input.To", $"{13 + i % 2}:00"), new("Input.Purpose", $"Visite {i}"),
        ])));
        var answers = await Task.WhenAll(posts);
        Assert.Equal(1, answers.Count(a => a.StatusCode == HttpStatusCode.Redirect));
        Assert.Equal(19, answers.Count(a => a.StatusCode == HttpStatusCode.OK));
        Assert.Equal(1L, await Scalar<long>("select count(*) from bookings where resource_id = @room", new { room }));

        // one of Sophie's refused requests: she reads French (Pieter reads Dutch)
        var loser = await Session.Parse(answers.Where((a, i) => i % 2 == 0 && a.StatusCode == HttpStatusCode.OK).First());
        Assert.Contains("déjà réservé", loser.FieldError("Input.From"));
        Assert.StartsWith("Visite", loser.FieldValue("Input.Purpose"));
        Assert.Equal(Tomorrow, loser.FieldValue("Input.Date"));
    }

    [Fact]
    public async Task The_database_refuses_overlapping_bookings_and_larger_resources_take_their_capacity()
    {
        var room = await AddResource("Salle de réunion");
        var sophie = await SignedIn("owner@demo.koprogo.be");
        await Book(sophie, room, "09:00", "11:00");
        await Assert.ThrowsAnyAsync<Npgsql.PostgresException>(() => Scalar<int>("""
            insert into bookings (resource_id, member_id, during, exclusive, status)
            select resource_id, member_id, tstzrange(lower(during) + interval '1 hour', upper(during) + interval '1 hour'), true, 'confirmed' from bookings
            where resource_id = @room returning 1
            """, new { room }));

        var laundry = await AddResource("Buanderie du 2e", capacity: "2");
        var pieter = await SignedIn("board@demo.koprogo.be");
        Assert.Equal(HttpStatusCode.Redirect, (await Book(sophie, laundry, "09:00", "10:00")).StatusCode);
        Assert.Equal(HttpStatusCode.Redirect, (await Book(pieter, laundry, "09:30", "10:30")).StatusCode);
        var third = await Book(sophie, laundry, "09:45", "10:15");
        Assert.Equal(HttpStatusCode.OK, third.StatusCode);
        Assert.NotNull((await Session.Parse(third)).FieldError("Input.From"));
        Assert.Equal(HttpStatusCode.Redirect, (await Book(sophie, laundry, "10:00", "11:00")).StatusCode);
    }

    [Fact]
    public async Task Bad_bookings_and_resources_are_refused_next_to_the_field()
    {
        var room = await AddResource("Local vélos");
        var sophie = await SignedIn("owner@demo.koprogo.be");
        foreach (var (field, value, error) in new[]
                 {
                     ("Input.Date", "demain", "Input.Date"), ("Input.From", "25:00", "Input.From"), ("Input.To", "", "Input.To"),
                     ("Input.Date", BrusselsTime.Today.AddDays(-2).ToString("yyyy-MM-dd"), "Input.To"),
                     ("Input.Date", BrusselsTime.Today.AddDays(90).ToString("yyyy-MM-dd"), "Input.To"), ("Input.To", "10:10", "Input.To"),
                 })
        {
            var fields = new Dictionary<string, string> { ["Input.Date"] = Tomorrow, ["Input.From"] = "10:00", ["Input.To"] = "12:00", ["Input.Purpose"] = "Réparer mon vélo", [field] = value };
            var response = await sophie.Post($"/resources/{room}?handler=book", fields);
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            var page = await Session.Parse(response);
            Assert.NotNull(page.FieldError(error));
            Assert.Equal("Réparer mon vélo", page.FieldValue("Input.Purpose"));
        }
        Assert.Equal(0L, await Scalar<long>("select count(*) from bookings where resource_id = @room", new { room }));

        var syndic = await SignedIn("syndic@demo.koprogo.be");
        var building = await Tilleuls();
        var bad = await syndic.Post($"/buildings/{building}/resources", ("Input.Name", "Local vélos"), ("Input.Kind", "common_room"), ("Input.Capacity", "1"),
            ("Input.MinMinutes", "120"), ("Input.MaxMinutes", "60"), ("Input.DaysAhead", "30"));
        Assert.Equal(HttpStatusCode.OK, bad.StatusCode);
        Assert.NotNull((await Session.Parse(bad)).FieldError("Input.MaxMinutes"));
        var twice = await syndic.Post($"/buildings/{building}/resources", ("Input.Name", "Local vélos"), ("Input.Kind", "bike_station"), ("Input.Capacity", "1"),
            ("Input.MinMinutes", "30"), ("Input.MaxMinutes", "60"), ("Input.DaysAhead", "30"));
        Assert.NotNull((await Session.Parse(twice)).FieldError("Input.Name"));
        Assert.Equal(HttpStatusCode.Forbidden, (await sophie.Post($"/buildings/{building}/resources", ("Input.Name", "Piscine"))).StatusCode);
    }

    [Fact]
    public async Task A_resource_needing_approval_holds_the_slot_until_the_syndic_decides_and_other_firms_see_nothing()
    {
        var room = await AddResource("Jardin du toit", approval: true);
        var sophie = await SignedIn("owner@demo.koprogo.be");
        Assert.Equal(HttpStatusCode.Redirect, (await Book(sophie, room, "14:00", "16:00")).StatusCode);
        var booking = await Scalar<long>("select id from bookings where resource_id = @room", new { room });
        Assert.Equal("pending", await Scalar<string>("select status from bookings where id = @booking", new { booking }));
        var pieter = await SignedIn("board@demo.koprogo.be");
        Assert.Equal(HttpStatusCode.OK, (await Book(pieter, room, "15:00", "17:00")).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await pieter.Post($"/resources/{room}?handler=approve&bookingId={booking}")).StatusCode);

        var syndic = await SignedIn("syndic@demo.koprogo.be");
        Assert.Contains("Jardin du toit", (await syndic.Get($"/buildings/{await Tilleuls()}/resources")).MainText());
        Assert.Equal(HttpStatusCode.Redirect, (await syndic.Post($"/resources/{room}?handler=approve&bookingId={booking}")).StatusCode);
        Assert.Equal("confirmed", await Scalar<string>("select status from bookings where id = @booking", new { booking }));
        var mail = await App.Smtp.WaitFor(m => m.To.Contains("owner@demo.koprogo.be") && m.Subject.Contains("Jardin du toit"));
        Assert.True(mail.Attachments.ContainsKey("booking.ics"));

        var stranger = await SignedIn("owner2@demo.koprogo.be");
        Assert.Equal(HttpStatusCode.NotFound, (await stranger.GetRaw($"/resources/{room}")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await stranger.Post($"/resources/{room}?handler=book", ("Input.Date", Tomorrow))).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await stranger.GetRaw($"/buildings/{await Tilleuls()}/resources")).StatusCode);
    }
}
