using KoproGo.Domain.Energy;
using KoproGo.Web.Infrastructure;
using KoproGo.Web.Pages.Accounting;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.Extensions.Localization;
using Npgsql;
using Quartz;

namespace KoproGo.Web.Pages.Energy;

/// <summary>
/// A building's meter register: the sub-metering firm's meters by serial number, each in a lot (or the common parts)
/// from the day it was installed to the day it was removed; a replacement closes the old meter the day the new one is
/// installed. The serials that imported files gave and the register does not know are listed to be added: their
/// readings are then stored.
/// </summary>
[Authorize(Policy = Policies.Staff)]
public sealed class MeterRegisterModel(Db db, IStringLocalizer<SharedResource> l, ISchedulerFactory schedulers) : PageModel
{
    public sealed class MeterInput
    {
        public string? Serial { get; set; }
        public string? Kind { get; set; }
        public string? Lot { get; set; }
        public string? Provider { get; set; }
        public string? InstalledOn { get; set; }
        /// <summary>The id of the register meter the new one replaces, if any.</summary>
        public string? Replaces { get; set; }
    }

    public sealed record Meter(long Id, string Serial, string Kind, string? LotNumber, string? Provider, DateOnly? InstalledOn, DateOnly? RemovedOn, double? LastValue, DateTime? LastAt);
    public sealed record Unknown(string Serial, string? Kind, string Provider, long Lines, DateOnly FirstRead);

    [BindProperty] public MeterInput Input { get; set; } = new();
    public AccountingBuilding Building { get; private set; } = null!;
    public IReadOnlyList<Meter> Meters { get; private set; } = [];
    public IReadOnlyList<Unknown> Unknowns { get; private set; } = [];

    private async Task<bool> Load(long id)
    {
        var building = await AccountingBuilding.Find(db, User.Viewer(), id);
        if (building is null || !building.CanEnter) return false;
        Building = building;
        Meters = await db.Query<Meter>("""
            select s.id, s.serial, s.kind, l.number as lot_number, s.provider, s.installed_on, s.removed_on, last.value as last_value, last.measured_at as last_at
            from sensors s left join lots l on l.id = s.lot_id
            left join lateral (select value, measured_at from meter_readings r where r.sensor_id = s.id order by measured_at desc limit 1) last on true
            where s.building_id = @id and s.serial is not null
            order by s.removed_on is not null, l.number collate natural_sort nulls first, s.kind, s.serial limit 1000
            """, new { id });
        Unknowns = await db.Query<Unknown>("""
            select l.serial, max(l.kind) as kind, max(i.provider) as provider, count(*) as lines, min(l.read_on) as first_read
            from meter_import_lines l join meter_imports i on i.id = l.import_id
            where i.building_id = @id and l.outcome = 'unknown' group by l.serial order by l.serial limit 200
            """, new { id });
        return true;
    }

    /// <summary>The register's add form filled with what a file says of a meter it does not know.</summary>
    public static string AddLink(long buildingId, string serial, string? kind, DateOnly firstRead, string provider) =>
        Microsoft.AspNetCore.WebUtilities.QueryHelpers.AddQueryString($"/buildings/{buildingId}/meters", new Dictionary<string, string?>
        {
            ["serial"] = serial, ["kind"] = kind, ["installed"] = firstRead.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture), ["provider"] = provider,
        }) + "#add";

    public async Task<IActionResult> OnGet(long id, string? serial, string? kind, string? installed, string? provider)
    {
        if (!await Load(id)) return NotFound();
        // from an import's "add to the register" link: the form filled with what the file says
        (Input.Serial, Input.Kind, Input.InstalledOn, Input.Provider) = (serial, kind, installed, provider);
        return Page();
    }

    public async Task<IActionResult> OnPost(long id)
    {
        if (!await Load(id)) return NotFound();
        var check = new FormCheck(ModelState, l, nameof(Input));
        var serial = check.Required(nameof(Input.Serial), Input.Serial, 40);
        var key = serial is null ? null : Domain.Buildings.Slug.From(serial);
        if (serial is not null && string.IsNullOrEmpty(key)) check.Error(nameof(Input.Serial), "A meter number has letters or digits.");
        else if (serial is not null && Meters.Any(m => m.Serial == serial)) check.Error(nameof(Input.Serial), "This meter is already in the register.");
        var kind = SensorKinds.IsKind(Input.Kind) && MeterSeries.IsIndex(Input.Kind!) ? Input.Kind : null;
        if (kind is null) check.Error(nameof(Input.Kind), "Choose what the meter measures.");
        var lotId = await LotMeters.LotByNumber(db, check, nameof(Input.Lot), id, Input.Lot);
        var provider = check.Optional(nameof(Input.Provider), Input.Provider?.ToLowerInvariant(), 60);
        var installedOn = check.Date(nameof(Input.InstalledOn), Input.InstalledOn, required: !string.IsNullOrEmpty(Input.Replaces));
        Meter? replaced = null;
        if (!string.IsNullOrEmpty(Input.Replaces))
        {
            replaced = Meters.FirstOrDefault(m => m.Id.ToString(System.Globalization.CultureInfo.InvariantCulture) == Input.Replaces && m.RemovedOn is null);
            if (replaced is null) check.Error(nameof(Input.Replaces), "Choose one of the meters in service.");
            else if (kind is not null && replaced.Kind != kind) check.Error(nameof(Input.Replaces), "A meter is replaced by one that measures the same.");
            else if (installedOn < replaced.InstalledOn) check.Error(nameof(Input.InstalledOn), "The meter it replaces was installed later, on {0}.", replaced.InstalledOn!.Value.ToString("d"));
        }
        if (!ModelState.IsValid) return Page();
        var viewer = User.Viewer();
        long sensorId;
        try
        {
            sensorId = await db.Scalar<long>("""
                insert into sensors (organisation_id, building_id, lot_id, kind, key, name, unit, serial, provider, installed_on)
                values (@OrgId, @id, @lotId, @kind, @key, @serial, @unit, @serial, @provider, @installedOn) returning id
                """, viewer.Params(new { id, lotId, kind, key, serial, unit = SensorKinds.Units[kind!], provider, installedOn }));
        }
        catch (PostgresException e) when (e.ConstraintName is "sensors_serial" or "sensors_building_id_kind_key_key")
        {
            await db.Rollback();
            check.Error(nameof(Input.Serial), e.ConstraintName == "sensors_serial" ? "This meter is already in the register."
                : "A live sensor of this kind already has this number as its key.");
            return Page();
        }
        if (replaced is not null)
            await db.Execute("update sensors set removed_on = @installedOn where id = @meterId and building_id = @id", new { meterId = replaced.Id, id, installedOn });
        await AuditLog.Record(db, viewer, "sensor", sensorId, "created", replaced is null ? AuditLog.Says("Meter {0} added to the register", serial!)
            : AuditLog.Says("Meter {0} replaces meter {1}", serial!, replaced.Serial));
        // the readings files gave for this serial before it was known
        var waiting = await db.Execute("""
            update meter_import_lines l set outcome = null from meter_imports i
            where i.id = l.import_id and i.building_id = @id and l.serial = @serial and l.outcome = 'unknown'
            """, new { id, serial });
        await db.Commit();
        if (waiting > 0) await MeterImporting.Start(schedulers);
        TempData["Notice"] = waiting > 0 ? "The meter is in the register: the readings waiting for it are being stored." : "The meter is in the register.";
        return Redirect($"/buildings/{id}/meters");
    }
}
