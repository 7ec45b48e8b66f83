using System.Globalization;
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
/// Heating and water costs split by consumption: the syndic picks a kind of meter, a period and the fixed part (by
/// quotas); each lot with such a private meter gets fixed × its quota share + variable × its consumption share (read
/// from the meters' daily summaries). Previewed first, then saved as an ordinary distribution key that invoices, budgets
/// and the settlement use like any other; the consumption behind it is shown on each owner's statement.
/// </summary>
[Authorize(Policy = Policies.Staff)]
public sealed class ConsumptionKeysModel(Db db, IStringLocalizer<SharedResource> l) : PageModel
{
    /// <summary>Weights are stored with four decimals: shares are scaled up so that none loses precision.</summary>
    public const decimal WeightScale = 1_000_000m;

    public static readonly string[] Kinds = [.. SensorKinds.Units.Keys.Where(MeterSeries.IsIndex)];

    public sealed class KeyInput
    {
        public string? Name { get; set; }
        public string? Kind { get; set; }
        public string? From { get; set; }
        public string? To { get; set; }
        public string? FixedPercent { get; set; }
    }

    public sealed record LotLine(long LotId, string Number, int Quota, decimal Consumption, string Readings, decimal Weight);
    public sealed record SavedKey(long Id, string Name, string Kind, DateOnly StartsOn, DateOnly EndsOn, decimal FixedShare, decimal TotalConsumption, long Lots);

    [BindProperty] public KeyInput Input { get; set; } = new();
    public AccountingBuilding Building { get; private set; } = null!;
    public IReadOnlyList<SavedKey> Keys { get; private set; } = [];
    /// <summary>The key as it would be saved (after "Preview" or a refused save); empty otherwise.</summary>
    public IReadOnlyList<LotLine> Preview { get; private set; } = [];

    private async Task<bool> Load(long id)
    {
        var building = await AccountingBuilding.Find(db, User.Viewer(), id);
        if (building is null || !building.CanEnter) return false;
        Building = building;
        Keys = await db.Query<SavedKey>("""
            select k.id, k.name, c.kind, c.starts_on, c.ends_on, c.fixed_share, c.total_consumption, (select count(*) from consumption_key_lots x where x.key_id = k.id) as lots
            from consumption_keys c join distribution_keys k on k.id = c.key_id where k.building_id = @id order by c.starts_on desc, k.name limit 100
            """, new { id });
        return true;
    }

    public async Task<IActionResult> OnGet(long id)
    {
        if (!await Load(id)) return NotFound();
        // last year by default, with the building's usual fixed part
        var year = BrusselsTime.Today.Year - 1;
        Input.Kind = "heat_cost_allocator";
        Input.From = $"{year}-01-01";
        Input.To = $"{year}-12-31";
        Input.FixedPercent = (await db.Scalar<decimal>("select consumption_fixed_share from buildings where id = @id", new { id }) * 100).ToString("0.##", CultureInfo.CurrentCulture);
        Input.Name = $"{l[Labels.SensorKind(Input.Kind)]} {year}";
        return Page();
    }

    public async Task<IActionResult> OnPostPreview(long id) => await Compute(id, save: false);

    public async Task<IActionResult> OnPost(long id) => await Compute(id, save: true);

    private async Task<IActionResult> Compute(long id, bool save)
    {
        if (!await Load(id)) return NotFound();
        var check = new FormCheck(ModelState, l, nameof(Input));
        var name = check.Required(nameof(Input.Name), Input.Name, 100);
        var kind = Kinds.Contains(Input.Kind) ? Input.Kind : null;
        if (kind is null) check.Error(nameof(Input.Kind), "Choose the meters the key is computed from.");
        var from = check.Date(nameof(Input.From), Input.From, required: true);
        var to = check.Date(nameof(Input.To), Input.To, required: true);
        if (from is not null && to is not null && to < from) check.Error(nameof(Input.To), "The period ends before it starts.");
        var percent = check.Decimal(nameof(Input.FixedPercent), Input.FixedPercent, 0m, 100m, required: true);
        if (!ModelState.IsValid) return Page();
        var fixedShare = percent!.Value / 100;
        Preview = await Lines(id, kind!, from!.Value, to!.Value, fixedShare);
        if (Preview.Count == 0)
        {
            check.Error(nameof(Input.Kind), "No lot of this building has a private meter of this kind.");
            return Page();
        }
        if (!save) return Page();
        var viewer = User.Viewer();
        long keyId;
        try
        {
            keyId = await db.Scalar<long>("insert into distribution_keys (organisation_id, building_id, name) values (@OrgId, @id, @name) returning id",
                viewer.Params(new { id, name }));
        }
        catch (PostgresException e) when (e.ConstraintName == "distribution_keys_name_unique")
        {
            await db.Rollback();
            check.Error(nameof(Input.Name), "The building already has a key with this name.");
            return Page();
        }
        var kept = Preview.Where(x => x.Weight > 0).ToList(); // a lot that bears nothing is not in the key
        await db.Execute("insert into distribution_key_lots (key_id, lot_id, weight) select @keyId, unnest(@lots), unnest(@weights)",
            new { keyId, lots = kept.Select(x => x.LotId).ToArray(), weights = kept.Select(x => x.Weight).ToArray() });
        await db.Execute("""
            insert into consumption_keys (key_id, kind, starts_on, ends_on, fixed_share, total_consumption) values (@keyId, @kind, @from, @to, @fixedShare, @total)
            """, new { keyId, kind, from, to, fixedShare, total = Preview.Sum(x => x.Consumption) });
        await db.Execute("""
            insert into consumption_key_lots (key_id, lot_id, quota, consumption, readings)
            select @keyId, unnest(@lots), unnest(@quotas), unnest(@consumptions), unnest(@readings)
            """, new
        {
            keyId, lots = Preview.Select(x => x.LotId).ToArray(), quotas = Preview.Select(x => x.Quota).ToArray(),
            consumptions = Preview.Select(x => x.Consumption).ToArray(), readings = Preview.Select(x => x.Readings).ToArray(),
        });
        await db.Execute("update buildings set consumption_fixed_share = @fixedShare where id = @id", new { id, fixedShare });
        await AuditLog.Record(db, viewer, "distribution_key", keyId, "created", AuditLog.Says("Key from meter readings: {0}", name!));
        TempData["Notice"] = "The key is saved: choose it on an invoice or a budget line like any other.";
        return Redirect($"/buildings/{id}/consumption-keys");
    }

    /// <summary>Each lot with a private meter of the kind: its quota, what its meters measured over the period, and its weight.</summary>
    private async Task<IReadOnlyList<LotLine>> Lines(long id, string kind, DateOnly from, DateOnly to, decimal fixedShare)
    {
        var lots = await LotMeters.Consumptions(db, id, kind, from, to);
        if (lots.Count == 0) return [];
        var weights = ConsumptionKey.Weights(fixedShare, [.. lots.Select(x => new LotConsumption(x.LotId, x.Quota, x.Consumption))]);
        return lots.Select((x, i) => new LotLine(x.LotId, x.Number, x.Quota, x.Consumption, x.Readings(CultureInfo.CurrentCulture), decimal.Round(weights[i] * WeightScale, 4))).ToList();
    }
}
