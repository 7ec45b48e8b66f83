using System.Net;
using KoproGo.Tests.Support;
using KoproGo.Web.Infrastructure.Scheduling;

namespace KoproGo.Tests.Pages.Admin;

public class SchedulerTests(App app) : AppTest(app)
{
    [Fact]
    public async Task The_registry_lists_each_job_with_its_schedule_and_runs_one_on_demand()
    {
        var admin = await SignedIn("admin@demo.koprogo.be");
        var page = await admin.Get("/admin/jobs");
        var row = page.QuerySelectorAll("tbody tr").Single(r => r.TextContent.Contains("purge-account-links"));
        Assert.Contains("0 15 3 * * ?", row.TextContent);

        var response = await admin.Post("/admin/jobs?handler=run&key=purge-account-links");
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        for (var i = 0; i < 100 && await Scalar<long>("select count(*) from job_runs where manual") == 0; i++) await Task.Delay(100);
        Assert.True(await Scalar<bool>("select succeeded from job_runs where manual and job_key = 'purge-account-links'"));
        Assert.Contains("ms", (await admin.Get("/admin/jobs")).QuerySelectorAll("tbody tr").Single(r => r.TextContent.Contains("purge-account-links")).TextContent);
    }

    [Fact]
    public async Task An_unknown_job_cannot_be_started_and_only_the_platform_sees_the_registry()
    {
        var admin = await SignedIn("admin@demo.koprogo.be");
        Assert.Equal(HttpStatusCode.NotFound, (await admin.Post("/admin/jobs?handler=run&key=drop-everything")).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await (await SignedIn("syndic@demo.koprogo.be")).GetRaw("/admin/jobs")).StatusCode);
    }

    [Fact]
    public async Task The_purge_removes_links_dead_for_a_month_and_keeps_the_others()
    {
        await App.NewSession().Post("/account/forgot", ("Input.Email", "owner@demo.koprogo.be"));
        await App.NewSession().Post("/account/forgot", ("Input.Email", "syndic@demo.koprogo.be"));
        await Scalar<int>("""
            update account_tokens set expires_at = now() - interval '31 days'
            where user_id = (select id from users where email = 'owner@demo.koprogo.be') returning 1
            """);
        // sessions: one ended 31 days ago, one unused for 31 days, one ended yesterday; the admin's own stays
        foreach (var email in new[] { "owner@demo.koprogo.be", "board@demo.koprogo.be", "resident@demo.koprogo.be" })
            await SignedIn(email);
        await Scalar<int>("""
            update user_sessions s set ended_at = now() - interval '31 days', ended_reason = 'signed_out', last_seen_at = now() - interval '31 days'
            from users u where u.id = s.user_id and u.email = 'owner@demo.koprogo.be' returning 1
            """);
        await Scalar<int>("""
            update user_sessions s set last_seen_at = now() - interval '31 days'
            from users u where u.id = s.user_id and u.email = 'board@demo.koprogo.be' returning 1
            """);
        await Scalar<int>("""
            update user_sessions s set ended_at = now() - interval '1 day', ended_reason = 'signed_out'
            from users u where u.id = s.user_id and u.email = 'resident@demo.koprogo.be' returning 1
            """);
        // invitations: one never accepted, its link dead for 31 days; one sent 10 days ago, still open
        await Scalar<int>("""
            with u as (
                insert into users (organisation_id, email, display_name, language, created_at)
                select organisation_id, x.email, x.email, 'fr', now() - (x.age || ' days')::interval from users, (values ('old@example.be', 45), ('new@example.be', 10)) x(email, age)
                where users.email = 'syndic@demo.koprogo.be' returning id, email)
            insert into account_tokens (user_id, purpose, token_hash, expires_at)
            select id, 'invitation', md5(email), case when email = 'old@example.be' then now() - interval '31 days' else now() + interval '4 days' end from u
            returning 1
            """);
        // an erasure asked 33 days ago and never confirmed
        await Scalar<int>("""
            insert into privacy_requests (organisation_id, user_id, kind, state, created_at)
            select organisation_id, id, 'erasure', 'awaiting_confirmation', now() - interval '33 days' from users where email = 'board@demo.koprogo.be' returning 1
            """);
        // notifications: read 91 days ago, read 89 days ago, unread for a year and a day, unread for 364 days
        await Scalar<int>("delete from notifications returning 1");
        await Scalar<int>("""
            insert into notifications (organisation_id, user_id, created_at, title, body, read_at)
            select u.organisation_id, u.id, now() - (x.sent || ' days')::interval, x.title, '', now() - (x.read || ' days')::interval
            from users u, (values ('400', '91', 'read long ago'), ('100', '89', 'read lately'), ('366', null, 'never read, old'),
                                  ('364', null, 'never read, recent')) as x(sent, read, title)
            where u.email = 'owner@demo.koprogo.be' returning 1
            """);
        var admin = await SignedIn("admin@demo.koprogo.be");
        await admin.Post("/admin/jobs?handler=run&key=purge-account-links");
        for (var i = 0; i < 100 && await Scalar<long>("select count(*) from job_runs") == 0; i++) await Task.Delay(100);
        Assert.Equal(2L, await Scalar<long>("select count(*) from account_tokens"));
        Assert.Equal(["new@example.be"], await Query<string>("select email from users where email like '%@example.be'"));
        Assert.Equal(0L, await Scalar<long>("select count(*) from privacy_requests"));
        Assert.Equal(["admin@demo.koprogo.be", "resident@demo.koprogo.be"],
            await Query<string>("select u.email from user_sessions s join users u on u.id = s.user_id order by 1"));
        Assert.Equal(["never read, recent", "read lately"], await Query<string>("select title from notifications order by 1"));
        // the run keeps how many of each, nothing else, and the page reads them in the admin's language
        Assert.Equal(2, await Scalar<int>("select (removed ->> 'notifications')::int from job_runs"));
        Assert.Equal(2, await Scalar<int>("select (removed ->> 'sessions')::int from job_runs"));
        var row = (await admin.Get("/admin/jobs")).QuerySelectorAll("tbody tr").Single(r => r.TextContent.Contains("purge-account-links"));
        Assert.True(row.TextContent.Contains("removed: 2 links, 2 sessions, 2 notifications, 0 failed sign-ins, 0 copies of personal data, 1 unconfirmed requests, 1 invitations never accepted"),
            row.TextContent);
    }

    [Fact]
    public async Task A_fire_is_claimed_once_in_the_database_even_by_instances_claiming_it_at_the_same_moment()
    {
        var due = DateTime.UtcNow.AddMinutes(-1);
        var claims = await Task.WhenAll(Enumerable.Range(0, 8).Select(i => FireClaims.Claim(App.DataSource, "purge-account-links", due, $"instance-{i}")));
        Assert.Single(claims, c => c);
        Assert.False(await FireClaims.Claim(App.DataSource, "purge-account-links", due, "instance-late"));
        // the next fire, or the same time of another job, are fires of their own
        Assert.True(await FireClaims.Claim(App.DataSource, "purge-account-links", due.AddSeconds(1), "instance-0"));
        Assert.True(await FireClaims.Claim(App.DataSource, "minutes-deadline", due, "instance-0"));
        // a claim goes once it is older than a week, with the next claim of its job
        Assert.True(await FireClaims.Claim(App.DataSource, "purge-account-links", due - FireClaims.Kept - TimeSpan.FromMinutes(1), "instance-0"));
        Assert.True(await FireClaims.Claim(App.DataSource, "purge-account-links", due.AddSeconds(2), "instance-0"));
        Assert.Equal(0L, await Scalar<long>("select count(*) from job_fires where scheduled_at < now() - interval '7 days'"));
    }

    [Fact]
    public async Task A_fire_another_instance_already_claimed_is_not_run_again()
    {
        // the fires of the next seconds, claimed as if another instance had run them: only the ones left free run here
        var now = DateTime.UtcNow;
        var start = new DateTime(now.Year, now.Month, now.Day, now.Hour, now.Minute, now.Second, DateTimeKind.Utc).AddSeconds(2);
        var taken = Enumerable.Range(0, 6).Select(i => start.AddSeconds(2 * i)).ToList();
        foreach (var fire in taken) Assert.True(await FireClaims.Claim(App.DataSource, "purge-account-links", fire, "another-instance"));
        await using var app = new App(new Dictionary<string, string?>
        {
            ["KoproGo:Scheduler:Name"] = "KoproGo-claims-test",
            ["KoproGo:Jobs:purge-account-links:Cron"] = "0/1 * * * * ?",
        });
        app.StartServer();
        var end = taken[^1].AddSeconds(1);
        for (var i = 0; i < 300 && await Scalar<long>("select count(*) from job_runs where scheduled_at >= @end", new { end }) == 0; i++)
            await Task.Delay(100);
        var ran = await Query<DateTime>("select scheduled_at from job_runs where not manual and scheduled_at >= @start and scheduled_at <= @end", new { start, end });
        Assert.True(ran.Count >= 3, $"{ran.Count} fires ran between {start:O} and {end:O}");
        Assert.Empty(ran.Select(r => r.ToUniversalTime()).Intersect(taken));
        Assert.Equal(ran.Count, await Scalar<long>("select count(*) from job_fires where instance <> 'another-instance' and scheduled_at >= @start and scheduled_at <= @end", new { start, end }));
    }

    [Fact]
    public async Task Two_instances_on_one_database_run_each_fire_once()
    {
        var settings = new Dictionary<string, string?>
        {
            ["KoproGo:Scheduler:Name"] = "KoproGo-cluster-test",
            ["KoproGo:Jobs:purge-account-links:Cron"] = "0/1 * * * * ?",
        };
        await using var first = new App(settings);
        await using var second = new App(settings);
        first.StartServer();
        second.StartServer();
        const string window = "not manual and scheduled_at > @since and scheduled_at <= @until";
        var since = DateTime.UtcNow;
        var until = DateTime.MaxValue;
        for (var i = 0; i < 300 && await Scalar<long>($"select count(distinct scheduled_at) from job_runs where {window}", new { since, until }) < 5; i++)
            await Task.Delay(100);
        // A second run of the same fire, if there were one, would be recorded within moments: give it the time.
        until = DateTime.UtcNow;
        await Task.Delay(1500);
        var fires = await Scalar<long>($"select count(distinct scheduled_at) from job_runs where {window}", new { since, until });
        var runs = await Scalar<long>($"select count(*) from job_runs where {window}", new { since, until });
        Assert.True(fires >= 5, $"only {fires} fires in 30 seconds");
        Assert.Equal(fires, runs);
    }
}
