using KoproGo.Web.Infrastructure;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.Extensions.Localization;
using Npgsql;

namespace KoproGo.Web.Pages.Accounting;

/// <summary>
/// Distribution keys of a building. The general key is the lots' quotas and always exists; a specific key names the lots
/// that bear a kind of expense and their weights (lift without the ground floor, heating by meter readings…).
/// </summary>
[Authorize(Policy = Policies.BuildingReader)]
public sealed class KeysModel(Db db, IStringLocalizer<SharedResource> l) : PageModel
{
    public sealed record LotRow(long Id, string Number, int Quota);
    /// <summary>A key; one computed from meter readings is not edited by hand (its recorded consumption would no longer match).</summary>
    public sealed record KeyRow(long Id, string Name, long Lots, decimal TotalWeight, bool FromReadings);
    public sealed record Weight(long KeyId, long LotId, decimal Value);

    public sealed class KeyInput
    {
        public string? Name { get; set; }
        public List<long> LotIds { get; set; } = [];
        public List<string?> Weights { get; set; } = [];
    }

    [BindProperty] public KeyInput Input { get; set; } = new();
    [BindProperty(SupportsGet = true)] public long? Edit { get; set; }
    public AccountingBuilding Building { get; private set; } = null!;
    public IReadOnlyList<LotRow> Lots { get; private set; } = [];
    public IReadOnlyList<KeyRow> Keys { get; private set; } = [];
    public ILookup<long, Weight> Weights { get; private set; } = null!;

    private async Task<bool> Load(long id)
    {
        var building = await AccountingBuilding.Find(db, User.Viewer(), id);
        if (building is null) return false;
        Building = building;
        Lots = await db.Query<LotRow>("select id, number, quota from lots where building_id = @id order by number", new { id });
        Keys = await db.Query<KeyRow>("""
            select k.id, k.name, count(w.lot_id) as lots, coalesce(sum(w.weight), 0) as total_weight,
                   exists (select 1 from consumption_keys c where c.key_id = k.id) as from_readings
            from distribution_keys k left join distribution_key_lots w on w.key_id = k.id where k.building_id = @id group by k.id order by k.name
            """, new { id });
        Weights = (await db.Query<Weight>("""
            select w.key_id, w.lot_id, w.weight as value from distribution_key_lots w join distribution_keys k on k.id = w.key_id where k.building_id = @id
            """, new { id })).ToLookup(w => w.KeyId);
        if (!Request.HasFormContentType)
        {
            Input.LotIds = Lots.Select(x => x.Id).ToList();
            var current = Edit is long e ? Weights[e].ToDictionary(w => w.LotId, w => w.Value) : [];
            Input.Weights = Lots.Select(x => current.TryGetValue(x.Id, out var w) ? w.ToString("0.####") : null).ToList();
            Input.Name = Keys.FirstOrDefault(k => k.Id == Edit)?.Name;
        }
        return true;
    }

    public async Task<IActionResult> OnGet(long id) => await Load(id) && (Edit is null || Keys.Any(k => k.Id == Edit && !k.FromReadings)) ? Page() : NotFound();

    public async Task<IActionResult> OnPost(long id)
    {
        if (!await Load(id) || (Edit is long e && !Keys.Any(k => k.Id == e && !k.FromReadings))) return NotFound();
        if (!Building.CanEnter) return Forbid();
        var check = new FormCheck(ModelState, l, nameof(Input));
        var name = check.Required(nameof(Input.Name), Input.Name, 100);
        if (Input.LotIds.Any(posted => Lots.All(x => x.Id != posted))) return NotFound();
        // The rows are the building's lots, whatever the form sent: a row missing from the post (or an index skipped)
        // is a lot left empty, and the form comes back with every lot in its place.
        var posted = Input.LotIds.Zip(Input.Weights).GroupBy(p => p.First).ToDictionary(g => g.Key, g => g.First().Second);
        Input.LotIds = Lots.Select(x => x.Id).ToList();
        Input.Weights = Input.LotIds.Select(posted.GetValueOrDefault).ToList();
        // the values the form shows back come from these rows, not from what was posted under the old indexes
        foreach (var key in ModelState.Keys.Where(k => k.StartsWith("Input.Weights[") || k.StartsWith("Input.LotIds[")).ToList()) ModelState.Remove(key);
        var weights = new List<(long LotId, decimal Weight)>();
        for (var i = 0; i < Input.LotIds.Count; i++)
        {
            if (FormInput.Trimmed(Input.Weights[i]) is null) continue;
            if (!FormInput.TryDecimal(Input.Weights[i], out var w) || w <= 0 || w > 1_000_000_000m || decimal.Round(w, 4) != w)
                check.Error($"{nameof(Input.Weights)}[{i}]", "Enter a positive weight (up to four decimals), or leave empty to leave the lot out.");
            else weights.Add((Input.LotIds[i], w));
        }
        if (ModelState.IsValid && weights.Count == 0) check.Error("", "Give a weight to at least one lot.");
        if (!ModelState.IsValid) return Page();
        try
        {
            var keyId = Edit ?? await db.Scalar<long>("""
                insert into distribution_keys (organisation_id, building_id, name) select organisation_id, id, @name from buildings where id = @id returning id
                """, new { id, name });
            await db.Execute("update distribution_keys set name = @name where id = @keyId", new { keyId, name });
            await db.Execute("delete from distribution_key_lots where key_id = @keyId", new { keyId });
            await db.Execute("insert into distribution_key_lots (key_id, lot_id, weight) select @keyId, unnest(@lots), unnest(@values)",
                new { keyId, lots = weights.Select(w => w.LotId).ToArray(), values = weights.Select(w => w.Weight).ToArray() });
            await AuditLog.Record(db, User.Viewer(), "distribution_key", keyId, Edit is null ? "created" : "updated", $"{Building.Name}: {name}",
                after: weights.Select(w => new { lot = Lots.First(x => x.Id == w.LotId).Number, weight = w.Weight }));
        }
        catch (PostgresException ex) when (ex.ConstraintName == "distribution_keys_name_unique")
        {
            await db.Rollback();
            check.Error(nameof(Input.Name), "The building already has a key with this name.");
            return Page();
        }
        TempData["Notice"] = "The distribution key is saved.";
        return Redirect($"/buildings/{id}/keys");
    }
}
