using System.Net;
using KoproGo.Domain.Energy;
using KoproGo.Tests.Support;
using KoproGo.Web.Infrastructure;
using KoproGo.Web.Pages.Invoices;
using Microsoft.Extensions.DependencyInjection;

namespace KoproGo.Tests.Pages.Energy;

/// <summary>
/// A heating key computed from the lots' allocators over a period (30 % by quotas, 70 % by consumption), saved as a
/// distribution key that splits an invoice to the cent, and the consumption behind it on the owner's statement.
/// </summary>
public class ConsumptionKeyPageTests(App app) : AppTest(app)
{
    [Fact]
    public async Task A_heating_key_from_the_allocators_splits_an_invoice_to_the_cent_and_shows_on_the_owners_statement()
    {
        var building = await Scalar<long>("select id from buildings where slug = 'residence-les-tilleuls'");
        var owner = await Row<(long OwnerId, long LotId, string Number, int Quota)>($"""
            select o.owner_id, l.id, l.number, l.quota from lots l join lot_ownerships o on o.lot_id = l.id join users u on u.owner_id = o.owner_id
            where u.email = 'owner@demo.koprogo.be' and l.building_id = {building} and l.kind = 'apartment' and {Ownerships.HeldToday} order by l.id limit 1
            """);
        var others = await Query<(long LotId, string Number, int Quota)>($"""
            select l.id, l.number, l.quota from lots l where l.building_id = {building} and l.kind = 'apartment' and l.id <> @LotId order by l.id limit 2
            """, new { owner.LotId });
        var lots = new[] { (owner.LotId, owner.Number, owner.Quota) }.Concat(others).ToList();
        // this year: an index on the last day of last year, and today (before the period: not counted; the owner's lot
        // has two allocators)
        var today = BrusselsTime.Today;
        var yearStart = new DateOnly(today.Year, 1, 1);
        var before = BrusselsTime.ToUtc(yearStart.AddDays(-1), new TimeOnly(12, 0));
        var now = BrusselsTime.ToUtc(today, new TimeOnly(0, 5));
        double[] used = [600, 500, 0];
        var readings = new List<(long, DateTime, double)>();
        for (var i = 0; i < lots.Count; i++)
        {
            var sensor = await Readings.Sensor(App, "heat_cost_allocator", $"hca-{i}", lots[i].Item1);
            readings.Add((sensor, before, 100 * i));
            readings.Add((sensor, now, 100 * i + used[i]));
        }
        var second = await Readings.Sensor(App, "heat_cost_allocator", "hca-0-bis", owner.LotId);
        readings.AddRange([(second, before, 10), (second, now, 410)]);
        var common = await Readings.Sensor(App, "heat_cost_allocator", "common"); // not a lot's: not in the key
        readings.AddRange([(common, before, 0), (common, now, 99999)]);
        await Readings.Store(App, readings);

        var syndic = await SignedIn("syndic@demo.koprogo.be");
        await syndic.Post("/language", ("code", "en"), ("returnUrl", "/"));
        var form = await syndic.Get($"/buildings/{building}/consumption-keys");
        Assert.Equal("30", form.FieldValue("Input.FixedPercent"));
        // bad input: each field says what is wrong, what was typed is kept
        var bad = await Session.Parse(await syndic.Post($"/buildings/{building}/consumption-keys", ("Input.Name", "Chauffage"), ("Input.Kind", "temperature"),
            ("Input.From", "2026-12-31"), ("Input.To", "2026-01-01"), ("Input.FixedPercent", "130")));
        Assert.Equal("Choose the meters the key is computed from.", bad.FieldError("Input.Kind"));
        Assert.Equal("The period ends before it starts.", bad.FieldError("Input.To"));
        Assert.NotNull(bad.FieldError("Input.FixedPercent"));
        Assert.Equal("130", bad.FieldValue("Input.FixedPercent"));
        var gas = await Session.Parse(await syndic.Post($"/buildings/{building}/consumption-keys", ("Input.Name", "Gaz"), ("Input.Kind", "gas"),
            ("Input.From", $"{yearStart:yyyy-MM-dd}"), ("Input.To", $"{today:yyyy-MM-dd}"), ("Input.FixedPercent", "0")));
        Assert.Equal("No lot of this building has a private meter of this kind.", gas.FieldError("Input.Kind"));

        (string, string)[] fields = [("Input.Name", "Chauffage (compteurs)"), ("Input.Kind", "heat_cost_allocator"),
            ("Input.From", $"{yearStart:yyyy-MM-dd}"), ("Input.To", $"{today:yyyy-MM-dd}"), ("Input.FixedPercent", "30")];
        var preview = await Session.Parse(await syndic.Post($"/buildings/{building}/consumption-keys?handler=preview", fields));
        var rows = preview.QuerySelectorAll("#preview + div tbody tr").Select(r => r.TextContent).ToList();
        Assert.Equal(3, rows.Count);
        // the owner's lot: its two allocators, 600 + 400
        Assert.Contains(1000.ToString("N3", Languages.Culture("en")), rows.Single(r => r.TrimStart().StartsWith(owner.Number)));
        Assert.Equal(0, await Scalar<long>("select count(*) from consumption_keys"));
        Assert.Equal(HttpStatusCode.Redirect, (await syndic.Post($"/buildings/{building}/consumption-keys", fields)).StatusCode);
        var again = await Session.Parse(await syndic.Post($"/buildings/{building}/consumption-keys", fields));
        Assert.Equal("The building already has a key with this name.", again.FieldError("Input.Name"));

        var keyId = await Scalar<long>("select key_id from consumption_keys");
        // not edited by hand: its recorded consumption would no longer match its weights
        var keys = await syndic.Get($"/buildings/{building}/keys");
        Assert.Contains("From meter readings", keys.MainText());
        Assert.Equal(HttpStatusCode.NotFound, (await syndic.GetRaw($"/buildings/{building}/keys?edit={keyId}")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await syndic.Post($"/buildings/{building}/keys?edit={keyId}", ("Input.Name", "Autre"))).StatusCode);
        Assert.Equal(0.30m, await Scalar<decimal>("select consumption_fixed_share from buildings where id = @building", new { building }));
        // 10,000.00 € of heating: the parts the key gives, to the cent, as the rule computes them
        var expected = ConsumptionKey.Split(10_000.00m, 0.30m, [.. lots.Select((x, i) => new LotConsumption(x.Item1, x.Item3, i == 0 ? 1000 : (decimal)used[i]))]);
        await using var scope = App.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<KoproGo.Web.Infrastructure.Db>();
        var (parts, orphans) = await ExpenseSplit.Compute(db, building, today, [(10_000.00m, "6120", keyId)]);
        Assert.Empty(orphans);
        Assert.Equal(10_000.00m, parts.Sum(p => p.Amount));
        Assert.Equal(expected, lots.Select(x => parts.Where(p => p.LotId == x.Item1).Sum(p => p.Amount)).ToArray());
        Assert.Equal(3, parts.Select(p => p.LotId).Distinct().Count());

        // the owner sees their consumption and the readings behind it
        var owned = await SignedIn("owner@demo.koprogo.be");
        await owned.Post("/language", ("code", "en"), ("returnUrl", "/"));
        var statement = (await owned.Get($"/buildings/{building}/owners/{owner.OwnerId}/statement")).MainText();
        Assert.Contains("Your consumption behind the costs split by meters", statement);
        Assert.Contains("Chauffage (compteurs)", statement);
        Assert.Contains($"{1000.ToString("N3", Languages.Culture("en"))} units", statement);
        Assert.Contains("hca-0-bis", statement);
        // another firm reaches nothing
        var other = await SignedIn("syndic2@demo.koprogo.be");
        Assert.Equal(HttpStatusCode.NotFound, (await other.GetRaw($"/buildings/{building}/consumption-keys")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await other.Post($"/buildings/{building}/consumption-keys", fields)).StatusCode);
    }
}
