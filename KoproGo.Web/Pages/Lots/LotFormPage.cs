using KoproGo.Web.Infrastructure;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.Extensions.Localization;
using Npgsql;

namespace KoproGo.Web.Pages.Lots;

/// <summary>What the new-lot and edit-lot pages share: the form, its building, and turning refusals into messages.</summary>
public abstract class LotFormPage(Db db, IStringLocalizer<SharedResource> l) : PageModel
{
    [BindProperty] public LotInput Input { get; set; } = new();
    public long BuildingId { get; protected set; }
    public string BuildingName { get; protected set; } = "";
    public int TotalShares { get; protected set; }

    protected Db Db => db;
    protected IStringLocalizer<SharedResource> Text => l;

    protected sealed record BuildingRef(long Id, string Name, int TotalShares);

    protected async Task<bool> LoadBuilding(long buildingId)
    {
        var b = await db.QuerySingleOrDefault<BuildingRef>(
            $"select b.id, b.name, b.total_shares from buildings b where b.id = @buildingId and {Viewer.VisibleBuilding}",
            User.Viewer().Params(new { buildingId }));
        if (b is null) return false;
        (BuildingId, BuildingName, TotalShares) = (b.Id, b.Name, b.TotalShares);
        return true;
    }

    /// <summary>Runs the insert or update; a duplicate number or a quota over the total comes back as a field message.</summary>
    protected async Task<bool> TrySave(Func<Task> save, long? lotId)
    {
        try
        {
            await save();
            return true;
        }
        catch (PostgresException e) when (e.ConstraintName is "lots_number_unique" or "lots_quota_within_total")
        {
            await db.Rollback();
            if (e.ConstraintName == "lots_number_unique")
            {
                ModelState.AddModelError("Input.Number", l["Another lot of this building already has this number."]);
            }
            else
            {
                var others = await db.Scalar<long>("select coalesce(sum(quota), 0) from lots where building_id = @BuildingId and id <> @lotId",
                    new { BuildingId, lotId = lotId ?? 0 });
                ModelState.AddModelError("Input.Quota", l["Too many shares: the other lots hold {0} of {1}, so this lot can have at most {2}.",
                    others.ToString("N0"), TotalShares.ToString("N0"), Math.Max(0, TotalShares - others).ToString("N0")]);
            }
            return false;
        }
    }
}
