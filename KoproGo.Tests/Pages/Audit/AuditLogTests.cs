using System.Net;
using Dapper;
using KoproGo.Tests.Support;
using Npgsql;

namespace KoproGo.Tests.Pages.Audit;

public class AuditLogTests(App app) : AppTest(app)
{
    private async Task ChangeOwnersOfA61(Session session)
    {
        var lot = await Scalar<long>("select id from lots where number = 'A6.1'");
        var buyer = await Scalar<long>("select id from owners where last_name = 'Vermeulen'");
        var response = await session.Post($"/lots/{lot}/owners", ("EffectiveFrom", "2025-03-01"),
            ("Rows[0].OwnerId", buyer.ToString()), ("Rows[0].Share", "100%"), ("Rows[0].Right", "full"));
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
    }

    [Fact]
    public async Task A_change_of_owners_is_logged_with_who_and_the_shares_before_and_after()
    {
        var session = await SignedIn("syndic@demo.koprogo.be");
        await ChangeOwnersOfA61(session);
        Assert.Equal("Claire Horizon", await Scalar<string>("select user_name from audit_log where action = 'owners_changed'"));
        var seller = await Scalar<long>("select id from owners where last_name = 'Collignon'");
        var buyer = await Scalar<long>("select id from owners where last_name = 'Vermeulen'");
        Assert.Equal(seller, await Scalar<long>("select (before->0->>'owner_id')::bigint from audit_log where action = 'owners_changed'"));
        Assert.Equal(buyer, await Scalar<long>("select (after->0->>'owner_id')::bigint from audit_log where action = 'owners_changed'"));

        var page = await session.Get("/audit?entity=lot");
        Assert.Contains("A6.1", page.MainText());
        Assert.Single(page.QuerySelectorAll("tbody tr"));
        // in the reader's language, values as lines rather than JSON
        var row = page.QuerySelector("tbody tr")!.TextContent;
        Assert.Contains("Lot · propriétaires modifiés", row);
        // the summary too: recorded once, read in each reader's language
        Assert.Contains(": propriétaires à partir du 2025-03-01", row);
        var english = (await (await SignedIn("admin@demo.koprogo.be")).Get("/audit?entity=lot")).QuerySelector("tbody tr")!.TextContent;
        Assert.Contains(": owners from 2025-03-01", english);
        Assert.DoesNotContain("owners_changed", row);
        Assert.DoesNotContain("{", row);
        Assert.Contains($"Propriétaire (numéro): {buyer}", page.QuerySelectorAll("tbody td dd").Last().TextContent);
        Assert.Contains("Lot", page.QuerySelector("select#entity option[value=lot]")!.TextContent);
    }

    [Fact]
    public async Task A_refused_change_leaves_no_line()
    {
        var session = await SignedIn("syndic@demo.koprogo.be");
        var lot = await Scalar<long>("select id from lots where number = 'A6.1'");
        await session.Post($"/lots/{lot}/owners", ("EffectiveFrom", "2025-03-01"), ("Rows[0].OwnerId", "1"), ("Rows[0].Share", "1/2"), ("Rows[0].Right", "full"));
        Assert.Equal(0L, await Scalar<long>("select count(*) from audit_log"));
    }

    [Fact]
    public async Task Each_organisation_reads_only_its_own_log_and_the_platform_reads_all()
    {
        await ChangeOwnersOfA61(await SignedIn("syndic@demo.koprogo.be"));
        var other = await (await SignedIn("syndic2@demo.koprogo.be")).Get("/audit");
        Assert.Empty(other.QuerySelectorAll("tbody tr"));
        var platform = await (await SignedIn("admin@demo.koprogo.be")).Get("/audit");
        Assert.Contains("Syndic Horizon SRL", platform.MainText());
        Assert.Equal(HttpStatusCode.Forbidden, (await (await SignedIn("owner@demo.koprogo.be")).GetRaw("/audit")).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await (await SignedIn("accountant@demo.koprogo.be")).GetRaw("/audit")).StatusCode);
    }

    [Fact]
    public async Task The_database_refuses_to_change_or_delete_a_line()
    {
        await ChangeOwnersOfA61(await SignedIn("syndic@demo.koprogo.be"));
        await using var conn = await App.DataSource.OpenConnectionAsync();
        var update = await Assert.ThrowsAsync<PostgresException>(() => conn.ExecuteAsync("update audit_log set user_name = 'nobody'"));
        Assert.Contains("append-only", update.MessageText);
        await Assert.ThrowsAsync<PostgresException>(() => conn.ExecuteAsync("delete from audit_log"));
        Assert.Equal(1L, await Scalar<long>("select count(*) from audit_log"));
    }

    [Fact]
    public async Task Quota_and_total_share_changes_are_logged()
    {
        var session = await SignedIn("syndic@demo.koprogo.be");
        var building = await Scalar<long>("select id from buildings where slug = 'residence-du-parc'");
        await session.Submit($"/buildings/{building}/edit", ("Input.TotalShares", "1100"));
        var lot = await Scalar<long>("select id from lots where building_id = @building and number = '1'", new { building });
        await session.Submit($"/lots/{lot}/edit", ("Input.Quota", "320"));
        Assert.Equal(1000, await Scalar<int>("select (before->>'total_shares')::int from audit_log where entity = 'building'"));
        Assert.Equal(1100, await Scalar<int>("select (after->>'total_shares')::int from audit_log where entity = 'building'"));
        Assert.Equal(320, await Scalar<int>("select (after->>'quota')::int from audit_log where entity = 'lot'"));
    }
}
