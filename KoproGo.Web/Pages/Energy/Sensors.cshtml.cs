using KoproGo.Domain.Energy;
using KoproGo.Web.Infrastructure;
using KoproGo.Web.Pages.Accounting;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.Extensions.Localization;
using Npgsql;

namespace KoproGo.Web.Pages.Energy;

/// <summary>
/// A building's sensors and meters for the syndic: each with its MQTT topic (what the gateway is set up with), its last
/// reading and whether it is still heard from; a form adding one; and the readings its gateway sent that could not be
/// stored, with the reason.
/// </summary>
[Authorize(Policy = Policies.Staff)]
public sealed class SensorsModel(Db db, IStringLocalizer<SharedResource> l) : PageModel
{
    /// <summary>A sensor not heard from for this long is shown as silent.</summary>
    public static readonly TimeSpan SilentAfter = TimeSpan.FromHours(24);

    public sealed class SensorInput
    {
        public string? Kind { get; set; }
        public string? Key { get; set; }
        public string? Name { get; set; }
        public string? Lot { get; set; }
        public string? Min { get; set; }
        public string? Max { get; set; }
    }

    public sealed class RuleInput
    {
        /// <summary>"kind:gas" (every gas meter of the building) or "sensor:12" (one sensor).</summary>
        public string? Target { get; set; }
        public string? Condition { get; set; }
        public string? Threshold { get; set; }
        public string? Minutes { get; set; }
        public string? Hours { get; set; }
        public string? Percent { get; set; }
    }

    public sealed record Rule(long Id, string Condition, double? Threshold, int? DurationMinutes, string? Kind, string? SensorName, string Unit);
    public sealed record Alert(long Id, long SensorId, string SensorName, string Condition, DateTime StartedAt, DateTime? EndedAt, string Detail);

    public sealed record Row(long Id, string Kind, string Key, string Name, string Unit, string? LotNumber, double? LastValue, DateTime? LastAt);
    public sealed record Rejected(DateTime ReceivedAt, string Topic, string Payload, string Reason);

    [BindProperty] public SensorInput Input { get; set; } = new();
    [BindProperty] public RuleInput NewRule { get; set; } = new();

    public sealed class RetentionInput
    {
        public string? Months { get; set; }
    }

    [BindProperty] public RetentionInput KeepFor { get; set; } = new();
    /// <summary>How many whole months before this one the building keeps its raw readings (the daily summaries stay).</summary>
    public int RetentionMonths { get; private set; }
    public IReadOnlyList<Rule> Rules { get; private set; } = [];
    public IReadOnlyList<Alert> Alerts { get; private set; } = [];

    public AccountingBuilding Building { get; private set; } = null!;
    public string Slug { get; private set; } = "";
    public IReadOnlyList<Row> Rows { get; private set; } = [];
    public IReadOnlyList<Rejected> RejectedReadings { get; private set; } = [];

    private async Task<bool> Load(long id)
    {
        var building = await AccountingBuilding.Find(db, User.Viewer(), id);
        if (building is null || !building.CanEnter) return false;
        Building = building;
        (Slug, RetentionMonths) = await db.QuerySingle<(string, int)>("select slug, readings_retention_months from buildings where id = @id", new { id });
        KeepFor.Months ??= RetentionMonths.ToString(System.Globalization.CultureInfo.InvariantCulture);
        // the last reading of each sensor: one index probe each (primary key sensor, moment)
        Rows = await db.Query<Row>("""
            select s.id, s.kind, s.key, s.name, s.unit, l.number as lot_number, last.value as last_value, last.measured_at as last_at
            from sensors s
            left join lots l on l.id = s.lot_id
            left join lateral (select value, measured_at from meter_readings r where r.sensor_id = s.id order by measured_at desc limit 1) last on true
            where s.building_id = @id
            order by s.kind, s.key limit 500
            """, new { id });
        Rules = await db.Query<Rule>("""
            select r.id, r.condition, r.threshold, r.duration_minutes, r.kind, s.name as sensor_name, coalesce(s.unit, '') as unit
            from sensor_alert_rules r left join sensors s on s.id = r.sensor_id
            where r.building_id = @id order by r.id limit 200
            """, new { id });
        // the open alerts first, then the last ones ended
        Alerts = await db.Query<Alert>("""
            select a.id, s.id as sensor_id, s.name as sensor_name, r.condition, a.started_at, a.ended_at, a.detail
            from sensor_alerts a join sensors s on s.id = a.sensor_id join sensor_alert_rules r on r.id = a.rule_id
            where s.building_id = @id order by a.ended_at is null desc, coalesce(a.ended_at, a.started_at) desc limit 30
            """, new { id });
        RejectedReadings = await db.Query<Rejected>("""
            select received_at, topic, left(payload, 200) as payload, reason from rejected_readings
            where building_id = @id order by received_at desc, id desc limit 50
            """, new { id });
        return true;
    }

    public async Task<IActionResult> OnGet(long id) => await Load(id) ? Page() : NotFound();

    public async Task<IActionResult> OnPost(long id)
    {
        if (!await Load(id)) return NotFound();
        var check = new FormCheck(ModelState, l, nameof(Input));
        var kind = Input.Kind;
        if (!SensorKinds.IsKind(kind)) check.Error(nameof(Input.Kind), "Choose what the sensor measures.");
        var key = check.Required(nameof(Input.Key), Input.Key?.ToLowerInvariant(), 60);
        if (key is not null && Domain.Buildings.Slug.From(key) != key)
            check.Error(nameof(Input.Key), "Lowercase letters, digits and dashes only, as in the gateway's topic (e.g. a2-4).");
        var name = check.Required(nameof(Input.Name), Input.Name, 120);
        var lotId = await LotMeters.LotByNumber(db, check, nameof(Input.Lot), id, Input.Lot);
        var min = check.Decimal(nameof(Input.Min), Input.Min, -1_000_000_000m, 1_000_000_000m, required: false);
        var max = check.Decimal(nameof(Input.Max), Input.Max, -1_000_000_000m, 1_000_000_000m, required: false);
        if (min is not null && max is not null && min > max) check.Error(nameof(Input.Max), "The highest plausible value is below the lowest.");
        if (!ModelState.IsValid) return Page();
        var viewer = User.Viewer();
        long sensorId;
        try
        {
            sensorId = await db.Scalar<long>("""
                insert into sensors (organisation_id, building_id, lot_id, kind, key, name, unit, min_value, max_value)
                values (@OrgId, @id, @lotId, @kind, @key, @name, @unit, @min, @max) returning id
                """, viewer.Params(new { id, lotId, kind, key, name, unit = SensorKinds.Units[kind!], min = (double?)min, max = (double?)max }));
        }
        catch (PostgresException e) when (e.ConstraintName == "sensors_building_id_kind_key_key")
        {
            await db.Rollback();
            check.Error(nameof(Input.Key), "This building already has a sensor of this kind with this key.");
            return Page();
        }
        await AuditLog.Record(db, viewer, "sensor", sensorId, "created", AuditLog.Says("Sensor in {0}: {1}", Building.Name, name!));
        TempData["Notice"] = "The sensor is added: its gateway can publish now.";
        return Redirect($"/buildings/{id}/sensors");
    }

    public async Task<IActionResult> OnPostRetention(long id)
    {
        if (!await Load(id)) return NotFound();
        var check = new FormCheck(ModelState, l, nameof(KeepFor));
        var months = check.Integer(nameof(KeepFor.Months), KeepFor.Months, 1, 120, required: true);
        if (!ModelState.IsValid) return Page();
        var viewer = User.Viewer();
        await db.Execute("update buildings set readings_retention_months = @months where id = @id and organisation_id = @OrgId", viewer.Params(new { id, months }));
        await AuditLog.Record(db, viewer, "building", id, "changed", AuditLog.Says("Raw meter readings kept for {0} months", months!.Value));
        TempData["Notice"] = "Saved: older readings are removed the next night.";
        return Redirect($"/buildings/{id}/sensors#retention");
    }

    public async Task<IActionResult> OnPostRule(long id)
    {
        if (!await Load(id)) return NotFound();
        var check = new FormCheck(ModelState, l, nameof(NewRule));
        string? kind = null;
        long? sensorId = null;
        var target = NewRule.Target ?? "";
        if (target.StartsWith("kind:") && SensorKinds.IsKind(target[5..])) kind = target[5..];
        else if (target.StartsWith("sensor:") && long.TryParse(target[7..], out var sid) && Rows.Any(r => r.Id == sid)) sensorId = sid;
        else check.Error(nameof(NewRule.Target), "Choose the sensor or the kind of sensors to watch.");
        var condition = SensorAlerts.Parse(NewRule.Condition);
        if (condition is null) check.Error(nameof(NewRule.Condition), "Choose when to alert.");
        var watchedKind = kind ?? Rows.FirstOrDefault(r => r.Id == sensorId)?.Kind;
        if (condition is { } c && watchedKind is not null && !SensorAlerts.AppliesTo(c, watchedKind))
            check.Error(nameof(NewRule.Condition), "A leak or an unusual consumption is judged on a meter's consumption, not on a temperature.");
        double? threshold = null;
        int? minutes = null;
        switch (condition)
        {
            case AlertCondition.Above or AlertCondition.Below:
                threshold = (double?)check.Decimal(nameof(NewRule.Threshold), NewRule.Threshold, -1_000_000_000m, 1_000_000_000m, required: true);
                minutes = check.Integer(nameof(NewRule.Minutes), NewRule.Minutes, 1, 10080, required: true);
                break;
            case AlertCondition.Leak or AlertCondition.Silent:
                minutes = check.Integer(nameof(NewRule.Hours), NewRule.Hours, 1, condition == AlertCondition.Leak ? SensorAlerts.NightEndsAtHour : 168, required: true) * 60;
                break;
            case AlertCondition.Spike:
                threshold = (double?)check.Decimal(nameof(NewRule.Percent), NewRule.Percent, 1m, 10_000m, required: true);
                break;
        }
        if (!ModelState.IsValid) return Page();
        var viewer = User.Viewer();
        var ruleId = await db.Scalar<long>("""
            insert into sensor_alert_rules (organisation_id, building_id, sensor_id, kind, condition, threshold, duration_minutes)
            values (@OrgId, @id, @sensorId, @kind, @condition, @threshold, @minutes) returning id
            """, viewer.Params(new { id, sensorId, kind, condition = SensorAlerts.Code(condition!.Value), threshold, minutes }));
        await AuditLog.Record(db, viewer, "sensor_alert_rule", ruleId, "created", AuditLog.Says("Alert rule in {0}", Building.Name));
        TempData["Notice"] = "The alert rule is saved: it is checked every five minutes.";
        return Redirect($"/buildings/{id}/sensors#alerts");
    }

    public async Task<IActionResult> OnPostDeleteRule(long id, long ruleId)
    {
        if (!await Load(id)) return NotFound();
        var viewer = User.Viewer();
        if (await db.Execute("delete from sensor_alert_rules where id = @ruleId and building_id = @id and organisation_id = @OrgId", viewer.Params(new { id, ruleId })) == 0)
            return NotFound();
        await AuditLog.Record(db, viewer, "sensor_alert_rule", ruleId, "deleted", AuditLog.Says("Alert rule in {0}", Building.Name));
        TempData["Notice"] = "The alert rule is deleted.";
        return Redirect($"/buildings/{id}/sensors#alerts");
    }

    public string Topic(Row r) => $"{SensorMessages.TopicRoot}/{Slug}/{r.Kind}/{r.Key}";
}
