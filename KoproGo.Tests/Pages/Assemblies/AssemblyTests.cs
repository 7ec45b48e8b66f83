using System.Net;
using KoproGo.Tests.Support;
using KoproGo.Web.Infrastructure;

namespace KoproGo.Tests.Pages.Assemblies;

public class AssemblyTests(App app) : AppTest(app)
{
    private const string Syndic = "syndic@demo.koprogo.be";

    private Task<long> Tilleuls() => Scalar<long>("select id from buildings where slug = 'residence-les-tilleuls'");

    private Task<long> OwnerId(string first, string last) =>
        Scalar<long>("select id from owners where first_name = @first and last_name = @last", new { first, last });

    private static long IdFrom(HttpResponseMessage response, string prefix)
    {
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        var path = response.Headers.Location!.OriginalString;
        Assert.StartsWith(prefix, path);
        return long.Parse(path[prefix.Length..].Split('#', '/', '?')[0]);
    }

    /// <summary>An assembly of Les Tilleuls <paramref name="days"/> ahead with two items to vote on.</summary>
    private async Task<long> Prepare(Session syndic, int days)
    {
        var building = await Tilleuls();
        var id = IdFrom(await syndic.Post($"/assemblies/edit?building={building}", ("Input.Kind", "extraordinary"),
            ("Input.Date", BrusselsTime.Today.AddDays(days).ToString("yyyy-MM-dd")), ("Input.Time", "18:30"), ("Input.Place", "Salle communale")), "/assemblies/");
        Assert.Equal(HttpStatusCode.Redirect, (await syndic.Post($"/assemblies/{id}/items", ("Input.Title", "Approve the accounts"),
            ("Input.DecisionKind", "ordinary"), ("Input.Majority", ""))).StatusCode);
        Assert.Equal(HttpStatusCode.Redirect, (await syndic.Post($"/assemblies/{id}/items", ("Input.Title", "Renovate the façade"),
            ("Input.DecisionKind", "common_parts_works"), ("Input.Majority", ""))).StatusCode);
        return id;
    }

    private async Task<long> Convene(Session syndic, int days)
    {
        var id = await Prepare(syndic, days);
        Assert.Equal(HttpStatusCode.Redirect, (await syndic.Post($"/assemblies/{id}?handler=Convene")).StatusCode);
        return id;
    }

    /// <summary>The meeting day has come: the session opens.</summary>
    private async Task Open(Session syndic, long id)
    {
        await Scalar<int>("update assemblies set meeting_at = now() where id = @id returning 1", new { id });
        var response = await syndic.Post($"/assemblies/{id}/live?handler=Open");
        Assert.True(response.StatusCode == HttpStatusCode.Redirect, (await Session.Parse(response)).QuerySelector(".error-summary")?.TextContent);
    }

    private static Task<HttpResponseMessage> Attend(Session syndic, long id, long owner, string attendance, string holder = "", string name = "") =>
        syndic.Post($"/assemblies/{id}/live?handler=Attendance", ("OwnerId", owner.ToString()), ("Attendance", attendance),
            ("ProxyHolder", holder), ("ProxyName", name));

    [Fact]
    public async Task A_whole_assembly_from_convocation_to_minutes()
    {
        var syndic = await SignedIn(Syndic);
        var id = await Convene(syndic, 20);
        Assert.Equal("two_thirds", await Scalar<string>("select majority from agenda_items where assembly_id = @id and position = 2", new { id }));

        // Convocation: by mail to those who accepted it, listed for a registered letter for the others.
        var members = await Scalar<long>("select count(*) from assembly_members where assembly_id = @id", new { id });
        Assert.True(members > 20);
        Assert.Equal(new[] { "Koen Maes", "Philippe Lemaire" },
            (await syndic.Get($"/assemblies/{id}/post")).QuerySelectorAll("tbody th").Select(t => t.TextContent).Order());
        var mail = await App.Smtp.WaitFor(m => m.To.Contains("sophie.lambert@example.be"));
        Assert.Contains("Convocation", mail.Subject);
        var link = mail.Link("/convocation/");
        var owner = App.NewSession();
        var page = await owner.Get(link);
        Assert.Contains("Approve the accounts", page.MainText());
        Assert.Contains("A2.1", page.MainText());
        Assert.NotNull(await Scalar<DateTime?>("select opened_at from assembly_members m join owners o on o.id = m.owner_id where assembly_id = @id and o.first_name = 'Sophie'", new { id }));
        var pdf = await owner.GetRaw(link + "?handler=pdf");
        Assert.Equal("application/pdf", pdf.Content.Headers.ContentType!.MediaType);
        var text = await PdfText.Of(await pdf.Content.ReadAsByteArrayAsync());
        Assert.Contains("Convocation", text);
        Assert.Contains("Renovate the façade", text);
        Assert.Contains("Majorité des deux tiers", text);
        PdfText.HasAddressLine(text, "1180 Uccle");
        Assert.Equal(HttpStatusCode.Redirect, (await owner.Post(link, ("Reply", "attending"), ("ReplyNote", ""))).StatusCode);

        // The session: attendance, a proxy, the quorum.
        await Open(syndic, id);
        var sophie = await OwnerId("Sophie", "Lambert");
        var pieter = await OwnerId("Pieter", "Janssens");
        var immo = await Scalar<long>("select id from owners where last_name = 'Immo Louise SA'");
        var everyone = await ReadIds(await App.DataSource.CreateCommand($"select owner_id from assembly_members where assembly_id = {id}").ExecuteReaderAsync());
        foreach (var member in everyone.Where(m => m != immo)) Assert.Equal(HttpStatusCode.Redirect, (await Attend(syndic, id, member, "present")).StatusCode);
        Assert.Equal(HttpStatusCode.Redirect, (await Attend(syndic, id, immo, "represented", pieter.ToString())).StatusCode);
        var live = await syndic.Get($"/assemblies/{id}/live");
        Assert.Contains("quorum", live.QuerySelector("#live-status")!.TextContent);
        // the panel polls with what it shows: answered 204 (htmx swaps nothing) until something changes
        Assert.NotNull(live.QuerySelector("#live-region[aria-live=polite] > #live-status"));
        var seen = System.Text.Json.JsonDocument.Parse(live.QuerySelector("#live-status")!.GetAttribute("data-hx-vals")!).RootElement.GetProperty("seen").GetString();
        var status = $"/assemblies/{id}/live?handler=status&seen={seen}";
        Assert.Equal(HttpStatusCode.NoContent, (await syndic.GetRaw(status, r => r.Headers.Add("HX-Request", "true"))).StatusCode);

        // Votes: the syndic records the room, Sophie votes from her phone.
        var items = await ReadIds(await App.DataSource.CreateCommand($"select id from agenda_items where assembly_id = {id} order by position").ExecuteReaderAsync());
        Assert.Equal(HttpStatusCode.Redirect, (await syndic.Post($"/assemblies/{id}/live?handler=OpenVote", ("itemId", items[0].ToString()))).StatusCode);
        var phone = await SignedIn("owner@demo.koprogo.be");
        Assert.Equal(HttpStatusCode.Redirect, (await phone.Post($"/assemblies/{id}/vote", ("itemId", items[0].ToString()), ("ownerId", sophie.ToString()), ("choice", "for"))).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await syndic.GetRaw(status, r => r.Headers.Add("HX-Request", "true"))).StatusCode);
        // the same change sent fifty times at once (a shaky connection, an impatient thumb): one vote, one line in the audit log
        Task<HttpResponseMessage> Vote(string choice) => phone.Post($"/assemblies/{id}/vote", ("itemId", items[0].ToString()), ("ownerId", sophie.ToString()), ("choice", choice));
        await Task.WhenAll(Enumerable.Range(0, 50).Select(_ => Vote("against")));
        Assert.Equal("against", await Scalar<string>("select choice from votes where agenda_item_id = @item and owner_id = @sophie", new { item = items[0], sophie }));
        Assert.Equal(1L, await Scalar<long>("select count(*) from audit_log where entity = 'vote' and entity_id = @item and action = 'changed'", new { item = items[0] }));
        Assert.Equal(HttpStatusCode.Redirect, (await Vote("for")).StatusCode);
        Assert.Equal(2L, await Scalar<long>("select count(*) from audit_log where entity = 'vote' and entity_id = @item and action = 'changed'", new { item = items[0] }));
        var other = await phone.Post($"/assemblies/{id}/vote", ("itemId", items[0].ToString()), ("ownerId", pieter.ToString()), ("choice", "against"));
        Assert.Contains("Vous ne pouvez pas voter pour les lots", (await Session.Parse(other)).QuerySelector(".error-summary")!.TextContent);
        var choices = everyone.Where(m => m != sophie).Select(m => ($"Choices[{m}]", m == pieter || m == immo ? "against" : "for")).Prepend(("itemId", items[0].ToString())).ToArray();
        Assert.Equal(HttpStatusCode.Redirect, (await syndic.Post($"/assemblies/{id}/live?handler=Votes", choices)).StatusCode);
        Assert.Equal(HttpStatusCode.Redirect, (await syndic.Post($"/assemblies/{id}/live?handler=CloseVote", ("itemId", items[0].ToString()))).StatusCode);
        // Pieter votes for himself and Immo Louise (305 + 900 = 1,205 against), everyone else for.
        Assert.Equal(1205L, await Scalar<long>("select votes_against from agenda_items where id = @item", new { item = items[0] }));
        Assert.True(await Scalar<bool>("select adopted from agenda_items where id = @item", new { item = items[0] }));

        // A closed vote cannot change, from the phone or in the database.
        var late = await phone.Post($"/assemblies/{id}/vote", ("itemId", items[0].ToString()), ("ownerId", sophie.ToString()), ("choice", "against"));
        Assert.Contains("est clos", (await Session.Parse(late)).QuerySelector(".error-summary")!.TextContent);
        Assert.Equal("for", await Scalar<string>("select choice from votes where agenda_item_id = @item and owner_id = @sophie", new { item = items[0], sophie }));
        await Assert.ThrowsAsync<Npgsql.PostgresException>(() =>
            Scalar<int>("update votes set choice = 'against' where agenda_item_id = @item returning 1", new { item = items[0] }));
        Assert.True(await Scalar<long>("select count(*) from audit_log where entity = 'vote'") >= members - 1);

        // Close: the minutes are drafted, finalised as a PDF and sent.
        var closed = await syndic.Post($"/assemblies/{id}/live?handler=Close");
        Assert.Equal($"/assemblies/{id}/minutes", closed.Headers.Location!.OriginalString);
        var draft = (await syndic.Get($"/assemblies/{id}/minutes")).FieldValue("Text")!;
        Assert.Contains("La résolution est adoptée.", draft);
        Assert.Equal(HttpStatusCode.Redirect, (await syndic.Post($"/assemblies/{id}/minutes?handler=Send", ("Text", draft + "\nSéance levée à 21 h."))).StatusCode);
        var document = await Scalar<long>("select minutes_document_id from assemblies where id = @id", new { id });
        var minutes = await PdfText.Of(await (await phone.GetRaw($"/documents/{document}")).Content.ReadAsByteArrayAsync());
        Assert.Contains("Approve the accounts", minutes);
        Assert.Contains("Séance levée", minutes);
        Assert.Contains("Immo Louise SA", minutes);
        await App.Smtp.WaitFor(m => m.To.Contains("sophie.lambert@example.be") && m.Subject.Contains("Procès-verbal"));
        Assert.Equal(1L, await Scalar<long>("select count(*) from decisions where agenda_item_id = @item", new { item = items[0] }));
    }

    [Fact]
    public async Task A_vote_cast_after_a_strong_sign_in_through_the_identity_provider_keeps_that_evidence()
    {
        var syndic = await SignedIn(Syndic);
        var id = await Convene(syndic, 20);
        await Open(syndic, id);
        var everyone = await ReadIds(await App.DataSource.CreateCommand($"select owner_id from assembly_members where assembly_id = {id}").ExecuteReaderAsync());
        foreach (var member in everyone) Assert.Equal(HttpStatusCode.Redirect, (await Attend(syndic, id, member, "present")).StatusCode);
        var item = await Scalar<long>("select id from agenda_items where assembly_id = @id and position = 1", new { id });
        Assert.Equal(HttpStatusCode.Redirect, (await syndic.Post($"/assemblies/{id}/live?handler=OpenVote", ("itemId", item.ToString()))).StatusCode);

        // Sophie linked her account at the provider earlier; in the room she signs in there with her eID (high level).
        await App.IdentityProvider.EnsureStarted(App.BaseUrl);
        await (await SignedIn("owner@demo.koprogo.be")).LinkAtProvider(App.IdentityProvider, "sophie.eid");
        var phone = App.NewSession();
        await phone.SignInThroughProvider(App.IdentityProvider, "sophie.eid", "high");
        Assert.Contains("à un niveau fort", (await phone.Get($"/assemblies/{id}/vote")).MainText());
        var sophie = await OwnerId("Sophie", "Lambert");
        Assert.Equal(HttpStatusCode.Redirect, (await phone.Post($"/assemblies/{id}/vote", ("itemId", item.ToString()), ("ownerId", sophie.ToString()), ("choice", "for"))).StatusCode);
        // Pieter's vote, recorded by the syndic signed in with a password, carries no such evidence.
        var pieter = await OwnerId("Pieter", "Janssens");
        Assert.Equal(HttpStatusCode.Redirect, (await syndic.Post($"/assemblies/{id}/live?handler=Votes", ("itemId", item.ToString()), ($"Choices[{pieter}]", "against"))).StatusCode);

        var votes = (await Query<(long OwnerId, string? Acr, bool Strong)>("select owner_id, sign_in_acr, strong_sign_in from votes where agenda_item_id = @item", new { item }))
            .ToDictionary(v => v.OwnerId);
        Assert.Equal((sophie, TestIdentityProvider.StrongLevel, true), votes[sophie]);
        Assert.Equal((pieter, (string?)null, false), votes[pieter]);
        var live = await syndic.Get($"/assemblies/{id}/live");
        Assert.Contains("émis sous une connexion forte", live.QuerySelector($"#voter-{item}-{sophie}")!.TextContent);
        Assert.DoesNotContain("connexion forte", live.QuerySelector($"#voter-{item}-{pieter}")!.TextContent);
    }

    private static async Task<List<long>> ReadIds(Npgsql.NpgsqlDataReader reader)
    {
        var ids = new List<long>();
        await using (reader)
            while (await reader.ReadAsync()) ids.Add(reader.GetInt64(0));
        return ids;
    }

    [Fact]
    public async Task Without_quorum_nothing_is_voted_and_a_second_assembly_is_prepared_at_least_15_days_later()
    {
        var syndic = await SignedIn(Syndic);
        var id = await Convene(syndic, 16);
        await Open(syndic, id);
        Assert.Equal(HttpStatusCode.Redirect, (await Attend(syndic, id, await OwnerId("Sophie", "Lambert"), "present")).StatusCode);
        var item = await Scalar<long>("select id from agenda_items where assembly_id = @id and position = 1", new { id });
        var refused = await Session.Parse(await syndic.Post($"/assemblies/{id}/live?handler=OpenVote", ("itemId", item.ToString())));
        Assert.Contains("quorum", refused.QuerySelector(".error-summary")!.TextContent);
        Assert.Equal("not_open", await Scalar<string>("select vote_status from agenda_items where id = @item", new { item }));

        var second = IdFrom(await syndic.Post($"/assemblies/{id}/live?handler=NoQuorum"), "/assemblies/edit/");
        Assert.Equal("no_quorum", await Scalar<string>("select status from assemblies where id = @id", new { id }));
        Assert.Equal(2L, await Scalar<long>("select count(*) from agenda_items where assembly_id = @second", new { second }));
        var tooSoon = await Session.Parse(await syndic.Submit($"/assemblies/edit/{second}", ("Input.Date", BrusselsTime.Today.AddDays(10).ToString("yyyy-MM-dd"))));
        Assert.Contains("15 jours", tooSoon.FieldError("Input.Date"));
        Assert.Equal(HttpStatusCode.Redirect, (await syndic.Submit($"/assemblies/edit/{second}", ("Input.Date", BrusselsTime.Today.AddDays(16).ToString("yyyy-MM-dd")))).StatusCode);
        Assert.Equal(HttpStatusCode.Redirect, (await syndic.Post($"/assemblies/{second}?handler=Convene")).StatusCode);
        await Open(syndic, second);
        Assert.Equal(HttpStatusCode.Redirect, (await Attend(syndic, second, await OwnerId("Sophie", "Lambert"), "present")).StatusCode);
        var secondItem = await Scalar<long>("select id from agenda_items where assembly_id = @second and position = 1", new { second });
        Assert.Equal(HttpStatusCode.Redirect, (await syndic.Post($"/assemblies/{second}/live?handler=OpenVote", ("itemId", secondItem.ToString()))).StatusCode);
    }

    [Fact]
    public async Task A_convocation_later_than_15_days_before_the_meeting_is_refused_and_nothing_is_sent()
    {
        var syndic = await SignedIn(Syndic);
        var id = await Prepare(syndic, 14);
        var response = await syndic.Post($"/assemblies/{id}?handler=Convene");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("Trop tard", (await Session.Parse(response)).QuerySelector(".error-summary")!.TextContent);
        Assert.Equal("draft", await Scalar<string>("select status from assemblies where id = @id", new { id }));
        Assert.Equal(0L, await Scalar<long>("select count(*) from assembly_members where assembly_id = @id", new { id }));
        Assert.Equal(0L, await Scalar<long>("select count(*) from outbox_messages"));
    }

    [Fact]
    public async Task Proxies_to_oneself_to_the_syndic_and_a_fourth_over_10_percent_are_refused()
    {
        var syndic = await SignedIn(Syndic);
        var id = await Convene(syndic, 20);
        await Open(syndic, id);
        var pieter = await OwnerId("Pieter", "Janssens");
        var present = await Attend(syndic, id, pieter, "present");
        Assert.True(present.StatusCode == HttpStatusCode.Redirect, (await Session.Parse(present)).QuerySelector(".error-summary")?.TextContent);
        var sophie = await OwnerId("Sophie", "Lambert");

        var self = await Session.Parse(await Attend(syndic, id, sophie, "represented", "", "Sophie Lambert"));
        Assert.Contains("à lui-même", self.QuerySelector(".error-summary")!.TextContent);
        var toSyndic = await Session.Parse(await Attend(syndic, id, sophie, "represented", "", "Syndic Horizon SRL"));
        Assert.Contains("syndic ne peut pas détenir", toSyndic.QuerySelector(".error-summary")!.TextContent);

        string[] givers = ["Immo Louise SA", "Jean", "Luc", "Anne"];
        var ids = new List<long>();
        foreach (var g in givers)
            ids.Add(await Scalar<long>("select id from owners where last_name = @g or first_name = @g limit 1", new { g }));
        for (var i = 0; i < 3; i++) Assert.Equal(HttpStatusCode.Redirect, (await Attend(syndic, id, ids[i], "represented", pieter.ToString())).StatusCode);
        var fourth = await Session.Parse(await Attend(syndic, id, ids[3], "represented", pieter.ToString()));
        Assert.Contains("détient déjà 3 procurations", fourth.QuerySelector(".error-summary")!.TextContent);
        Assert.Equal("absent", await Scalar<string>("select attendance from assembly_members where assembly_id = @id and owner_id = @o", new { id, o = ids[3] }));
        Assert.Equal(3L, await Scalar<long>("select count(*) from assembly_members where assembly_id = @id and proxy_owner_id = @pieter", new { id, pieter }));
    }

    [Fact]
    public async Task Another_organisation_sees_and_changes_nothing_of_an_assembly()
    {
        var syndic = await SignedIn(Syndic);
        var id = await Convene(syndic, 20);
        var other = await SignedIn("syndic2@demo.koprogo.be");
        foreach (var url in new[] { $"/assemblies/{id}", $"/assemblies/{id}/live", $"/assemblies/{id}/post", $"/assemblies/{id}/items" })
            Assert.Equal(HttpStatusCode.NotFound, (await other.GetRaw(url)).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await other.Post($"/assemblies/{id}/live?handler=Open")).StatusCode);
        var owner2 = await SignedIn("owner2@demo.koprogo.be");
        Assert.Equal(HttpStatusCode.NotFound, (await owner2.GetRaw($"/assemblies/{id}/vote")).StatusCode);
        var poll = await Scalar<long>("select id from polls limit 1");
        Assert.Equal(HttpStatusCode.NotFound, (await owner2.GetRaw($"/polls/{poll}")).StatusCode);
        Assert.Equal("convened", await Scalar<string>("select status from assemblies where id = @id", new { id }));
    }

    [Fact]
    public async Task Owners_not_opening_their_convocation_get_a_reminder_three_days_before()
    {
        var syndic = await SignedIn(Syndic);
        var id = await Convene(syndic, 20);
        await Scalar<int>("update assembly_members set opened_at = now() where assembly_id = @id and name <> 'Sophie Lambert' returning 1", new { id });
        await Scalar<int>("update assemblies set meeting_at = now() + interval '2 days' where id = @id returning 1", new { id });
        var admin = await SignedIn("admin@demo.koprogo.be");
        Assert.Equal(HttpStatusCode.Redirect, (await admin.Post("/admin/jobs?handler=run&key=convocation-reminders")).StatusCode);
        var reminder = await App.Smtp.WaitFor(m => m.To.Contains("sophie.lambert@example.be") && m.Subject.StartsWith("Rappel"));
        Assert.Contains("/convocation/", reminder.Text);
        for (var i = 0; i < 100 && await Scalar<long>("select count(*) from job_runs where job_key = 'convocation-reminders'") == 0; i++) await Task.Delay(100);
        Assert.Equal(1L, await Scalar<long>("select count(*) from assembly_members where assembly_id = @id and reminded_at is not null", new { id }));
    }

    [Fact]
    public async Task Joint_owners_vote_through_the_owner_the_syndic_designates()
    {
        var lot = await Scalar<long>("select id from lots where number = 'A2.1'");
        var marc = await OwnerId("Marc", "Lambert");
        var syndic = await SignedIn(Syndic);
        Assert.Equal(HttpStatusCode.Redirect, (await syndic.Post($"/lots/{lot}?handler=Voter", ("voterId", marc.ToString()))).StatusCode);
        var id = await Convene(syndic, 20);
        Assert.Contains("A2.1", await Scalar<string>("select lots from assembly_members where assembly_id = @id and owner_id = @marc", new { id, marc }));
        var stranger = await OwnerId("Joris", "Vermeulen");
        Assert.Equal(HttpStatusCode.NotFound, (await syndic.Post($"/lots/{lot}?handler=Voter", ("voterId", stranger.ToString()))).StatusCode);
    }
}
