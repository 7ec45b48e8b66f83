using Dapper;
using MQTTnet;
using MQTTnet.Protocol;
using Npgsql;

namespace KoproGo.Web.Pages.Energy;

/// <summary>
/// The demo's energy: Les Tilleuls gets water, heat, electricity and temperature sensors (common and private) with a
/// year of history and a few alert rules, once; then, while <c>./koprogo run</c> runs, a simulated gateway publishes
/// their readings to the local broker every few seconds as the building's real gateway would (its own MQTT user, the
/// building's slug), so that the live charts move.
/// </summary>
public sealed class DemoGateway(NpgsqlDataSource source, IConfiguration configuration, Microsoft.Extensions.Options.IOptions<MqttOptions> options,
    ILogger<DemoGateway> log) : BackgroundService
{
    public const string Building = "residence-les-tilleuls";
    public static readonly TimeSpan Every = TimeSpan.FromSeconds(3);

    private sealed record Sensor(long Id, string Kind, string Key, double PerHour, double Start);

    // kind, key, name, lot (null: the common parts), consumption an hour (a thermometer: its mean), first index
    private static readonly (string Kind, string Key, string Name, string? Lot, double PerHour, double Start)[] Sensors =
    [
        ("cold_water", "main", "Compteur d'eau général", null, 0.35, 18_250),
        ("heat", "boiler", "Calorimètre chaufferie", null, 38, 412_000),
        ("electricity", "common", "Électricité des communs", null, 2.1, 96_400),
        ("temperature", "boiler-room", "Température chaufferie", null, 24, 0),
        ("hot_water", "a1-1", "Eau chaude A1.1", "A1.1", 0.006, 210),
        ("hot_water", "a1-2", "Eau chaude A1.2", "A1.2", 0.005, 185),
        ("heat_cost_allocator", "a1-1", "Répartiteur A1.1", "A1.1", 0.9, 0),
        ("heat_cost_allocator", "a1-2", "Répartiteur A1.2", "A1.2", 0.7, 0),
    ];

    /// <summary>Adds the sensors and their year of hourly readings when Les Tilleuls has no sensor yet.</summary>
    public static async Task LoadIfNone(NpgsqlDataSource source)
    {
        await using var conn = await source.OpenConnectionAsync();
        var building = await conn.QuerySingleOrDefaultAsync<(long Id, long OrganisationId)?>("select id, organisation_id from buildings where slug = @Building", new { Building });
        if (building is not { } b) return;
        await using var tx = await conn.BeginTransactionAsync();
        // two instances starting together: one loads, the other finds it done
        await conn.ExecuteAsync("select pg_advisory_xact_lock(hashtext('koprogo-demo-energy'))", transaction: tx);
        if (await conn.ExecuteScalarAsync<bool>("select exists (select 1 from sensors where building_id = @Id)", new { b.Id }, tx)) return;
        var now = DateTime.UtcNow;
        var start = now.AddDays(-365);
        var readings = new List<(long, DateTime, double)>();
        foreach (var s in Sensors)
        {
            var id = await conn.ExecuteScalarAsync<long>("""
                insert into sensors (organisation_id, building_id, lot_id, kind, key, name, unit, min_value, max_value, created_at)
                values (@OrganisationId, @Id, (select id from lots where building_id = @Id and number = @Lot), @Kind, @Key, @Name, @unit,
                        case when @Kind = 'temperature' then -20 else 0 end, case when @Kind = 'temperature' then 90 end, @start)
                returning id
                """, new { b.OrganisationId, b.Id, s.Lot, s.Kind, s.Key, s.Name, unit = Domain.Energy.SensorKinds.Units[s.Kind], start }, tx);
            var index = s.Start;
            for (var at = start; at < now; at = at.AddHours(1))
            {
                index = Next(s.Kind, s.PerHour, index, at, TimeSpan.FromHours(1));
                readings.Add((id, at, Math.Round(index, 3)));
            }
        }
        await conn.ExecuteAsync("select meter_readings_partition((date_trunc('month', now()) - make_interval(months => n))::date) from generate_series(0, 12) n", transaction: tx);
        await ReadingIngestion.Write(conn, tx, readings);
        // the rules a syndic would set: a leak in a flat, the boiler room overheating, a silent gateway
        await conn.ExecuteAsync("""
            insert into sensor_alert_rules (organisation_id, building_id, kind, condition, threshold, duration_minutes) values
                (@OrganisationId, @Id, 'hot_water', 'leak', null, 180),
                (@OrganisationId, @Id, 'temperature', 'above', 40, 15),
                (@OrganisationId, @Id, 'electricity', 'silent', null, 120)
            """, new { b.OrganisationId, b.Id }, tx);
        await IstaImport(Infrastructure.Db.Joining(conn, tx), b.OrganisationId, b.Id);
        await GroupPurchase(Infrastructure.Db.Joining(conn, tx), b.OrganisationId, b.Id);
        await tx.CommitAsync();
    }

    /// <summary>A group purchase of electricity and gas open to the owners: three have joined (the group's figures wait for five), two offers are in.</summary>
    private static async Task GroupPurchase(Infrastructure.Db db, long organisationId, long buildingId)
    {
        var campaign = await db.Scalar<long>("""
            insert into energy_campaigns (organisation_id, title, energy, state) values (@organisationId, 'Électricité et gaz 2027', 'both', 'collecting') returning id
            """, new { organisationId });
        await db.Execute("insert into energy_campaign_buildings (campaign_id, organisation_id, building_id) values (@campaign, @organisationId, @buildingId)",
            new { campaign, organisationId, buildingId });
        var owners = await db.Query<long>($"""
            select distinct u.id from users u join lot_ownerships o on o.owner_id = u.owner_id join lots l on l.id = o.lot_id
            where l.building_id = @buildingId and {Infrastructure.Ownerships.HeldToday} order by u.id limit 3
            """, new { buildingId });
        var consent = Infrastructure.Languages.Text("fr", "I agree that the syndic uses these details (EAN codes, consumption, bill) only for this group purchase, and shares them with the suppliers asked for an offer; I can leave until the contract is signed, and they are then erased.");
        for (var i = 0; i < owners.Count; i++)
        {
            string Ean(int n) => $"54{n:D15}{Domain.Energy.Ean.CheckDigit($"54{n:D15}")}";
            await db.Execute("""
                insert into energy_participants (campaign_id, building_id, user_id, consent, electricity_ean, gas_ean, day_kwh, night_kwh, gas_kwh, current_price, current_fee)
                values (@campaign, @buildingId, @user, @consent, @electricity, @gas, @day, @night, @gasKwh, 0.34, 95)
                """, new { campaign, buildingId, user = owners[i], consent, electricity = Ean(541_400_000 + i), gas = Ean(541_500_000 + i),
                    day = 1_800 + 350 * i, night = 900 + 120 * i, gasKwh = 9_000 + 1_500 * i });
        }
        await db.Execute("""
            insert into energy_offers (campaign_id, supplier, energy, day_price, night_price, yearly_fee, green_percent, months, guaranteed_months, service) values
                (@campaign, 'Lumen Énergie', 'electricity', 0.2790, 0.2150, 72.00, 100, 12, 12, 4),
                (@campaign, 'Volta Belgium', 'electricity', 0.2640, 0.2010, 96.00, 35, 36, 12, 3),
                (@campaign, 'Volta Belgium', 'gas', 0.0890, null, 84.00, 0, 36, 12, 3)
            """, new { campaign });
    }

    /// <summary>
    /// Last year's reading of the heat-cost allocators as ista delivers it (CSV), imported: the register has each lot's
    /// allocator read at the end of the two last years; one lot used far more than the year before, one meter is not in
    /// the register yet (its readings wait to be assigned).
    /// </summary>
    private static async Task IstaImport(Infrastructure.Db db, long organisationId, long buildingId)
    {
        var lots = await db.Query<string>("select number from lots where building_id = @buildingId order by number collate natural_sort", new { buildingId });
        var lastYear = Infrastructure.BrusselsTime.Today.Year - 1;
        var csv = new System.Text.StringBuilder("Numéro d'appareil;Type d'appareil;Emplacement;Date de relevé;Index;Unité\r\n");
        for (var i = 0; i < lots.Count; i++)
        {
            var serial = $"7ISTA{40_001 + i}";
            await db.Execute("""
                insert into sensors (organisation_id, building_id, lot_id, kind, key, name, unit, serial, provider, installed_on)
                values (@organisationId, @buildingId, (select id from lots where building_id = @buildingId and number = @lot), 'heat_cost_allocator',
                        lower(@serial), @serial, 'units', @serial, 'ista', make_date(@lastYear - 4, 9, 15))
                """, new { organisationId, buildingId, lot = lots[i], serial, lastYear });
            // the allocators read at the end of the three last years: one lot used far more last year than the year before
            var index = 1_000.0 + 137 * i;
            for (var year = lastYear - 2; year <= lastYear; year++)
            {
                csv.Append($"{serial};HKV;{lots[i]} séjour;31/12/{year};{index.ToString("0.0", System.Globalization.CultureInfo.InvariantCulture).Replace('.', ',')};unités\r\n");
                index += (800 + 53 * (i % 7)) * (i == 2 && year == lastYear - 1 ? 1.45 : 1.0);
            }
        }
        csv.Append($"7ISTA49999;HKV;Conciergerie;31/12/{lastYear};412,0;unités\r\n");
        var bytes = System.Text.Encoding.UTF8.GetBytes(csv.ToString());
        var importId = await MeterImporting.Create(db, organisationId, buildingId, null, "ista", Domain.Energy.MeterFiles.IstaCsv, $"ista-releve-{lastYear}.csv",
            Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(bytes)), skipFaulty: false, content: null);
        await MeterImporting.StoreLines(db, importId, MeterImporting.Read(Domain.Energy.MeterFiles.IstaCsv, new StringReader(csv.ToString()), null, Infrastructure.BrusselsTime.Today));
        await MeterImporting.StoreAll(db, importId);
    }

    /// <summary>The next value: an index grows by what was used (more by day and in winter for heat), a temperature wanders around its mean.</summary>
    private static double Next(string kind, double perHour, double value, DateTime atUtc, TimeSpan step)
    {
        var local = Infrastructure.BrusselsTime.FromUtc(atUtc);
        var hours = step.TotalHours;
        var day = local.Hour is >= 7 and <= 22 ? 1.5 : 0.4;
        var winter = 1 + Math.Cos((local.DayOfYear - 15) / 365.0 * 2 * Math.PI);
        var noise = 0.75 + Random.Shared.NextDouble() * 0.5;
        return kind switch
        {
            "temperature" => perHour + 3 * Math.Sin(local.Hour / 24.0 * 2 * Math.PI) + Random.Shared.NextDouble() - 0.5,
            "heat" or "heat_cost_allocator" => value + perHour * winter * day * noise * hours,
            _ => value + perHour * day * noise * hours,
        };
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var o = options.Value;
        var password = configuration["KoproGo:Demo:GatewayPassword"];
        if (string.IsNullOrEmpty(o.Host) || string.IsNullOrEmpty(password)) return;
        using var client = new MqttClientFactory(new MqttLog(log)).CreateMqttClient();
        var connect = new MqttClientOptionsBuilder().WithTcpServer(o.Host, o.Port).WithClientId($"demo-gateway-{Building}")
            .WithProtocolVersion(MQTTnet.Formatter.MqttProtocolVersion.V500).WithCredentials(Building, password).Build();
        Dictionary<string, double> last = [];
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                if (!client.IsConnected) await client.ConnectAsync(connect, stoppingToken);
                await using var conn = await source.OpenConnectionAsync(stoppingToken);
                var sensors = await conn.QueryAsync<(string Kind, string Key, double? Last)>("""
                    select s.kind, s.key, (select value from meter_readings r where r.sensor_id = s.id order by measured_at desc limit 1)
                    from sensors s join buildings b on b.id = s.building_id where b.slug = @Building and s.serial is null
                    """, new { Building });
                var now = DateTime.UtcNow;
                foreach (var s in sensors)
                {
                    var perHour = Sensors.FirstOrDefault(d => d.Kind == s.Kind && d.Key == s.Key).PerHour;
                    var value = Next(s.Kind, perHour == 0 ? 1 : perHour, last.GetValueOrDefault($"{s.Kind}/{s.Key}", s.Last ?? 0), now, Every);
                    last[$"{s.Kind}/{s.Key}"] = value;
                    await client.PublishAsync(new MqttApplicationMessageBuilder().WithTopic($"koprogo/{Building}/{s.Kind}/{s.Key}")
                        .WithPayload(Math.Round(value, 3).ToString(System.Globalization.CultureInfo.InvariantCulture))
                        .WithQualityOfServiceLevel(MqttQualityOfServiceLevel.AtLeastOnce).Build(), stoppingToken);
                }
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                log.LogWarning("The demo gateway could not publish: {Error}", e.Message);
            }
            await Task.Delay(Every, stoppingToken).ContinueWith(_ => { });
        }
    }
}
