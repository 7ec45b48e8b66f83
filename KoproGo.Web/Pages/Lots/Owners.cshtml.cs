using KoproGo.Domain;
using KoproGo.Domain.Buildings;
using KoproGo.Web.Infrastructure;
using KoproGo.Web.Infrastructure.Mail;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.Extensions.Localization;
using Npgsql;

namespace KoproGo.Web.Pages.Lots;

/// <summary>
/// Records who holds the lot from a date: a sale, an inheritance, a split into bare ownership and usufruct.
/// The holdings active that day end on it, the new ones start on it, all in one transaction; the database checks that
/// the shares make exactly 100% at every date.
/// </summary>
[Authorize(Policy = Policies.Manage)]
public sealed class OwnersModel(Db db, Notifier notifier, IStringLocalizer<SharedResource> l) : PageModel
{
    public const int BlankRows = 3;

    public sealed class HoldingInput
    {
        public string? OwnerId { get; set; }
        public string? Share { get; set; }
        public string? Right { get; set; } = "full";
        public bool IsBlank => string.IsNullOrWhiteSpace(OwnerId) && string.IsNullOrWhiteSpace(Share);
    }

    public sealed record LotRef(long Id, string Number, long BuildingId, string BuildingName);
    private sealed record CurrentHolding(long OwnerId, int ShareNumerator, int ShareDenominator, string OwnershipRight);

    [BindProperty] public string? EffectiveFrom { get; set; }
    [BindProperty] public List<HoldingInput> Rows { get; set; } = [];

    public LotRef Lot { get; private set; } = null!;
    public IReadOnlyList<(string Value, string Text)> OwnerChoices { get; private set; } = [];

    private async Task<bool> Load(long id)
    {
        var viewer = User.Viewer();
        var lot = await db.QuerySingleOrDefault<LotRef>($"""
            select l.id, l.number, b.id as building_id, b.name as building_name
            from lots l join buildings b on b.id = l.building_id where l.id = @id and {Viewer.VisibleBuilding}
            """, viewer.Params(new { id }));
        if (lot is null) return false;
        Lot = lot;
        OwnerChoices = await Owners.OwnerChoices.Of(db, viewer, l);
        return true;
    }

    public async Task<IActionResult> OnGet(long id)
    {
        if (!await Load(id)) return NotFound();
        var current = await db.Query<CurrentHolding>($"""
            select owner_id, share_numerator, share_denominator, ownership_right from lot_ownerships o
            where lot_id = @id and {Ownerships.HeldToday}
            order by ownership_right, id
            """, new { id });
        Rows = current.Select(c => new HoldingInput
        {
            OwnerId = c.OwnerId.ToString(),
            Share = new Share(c.ShareNumerator, c.ShareDenominator).Input,
            Right = c.OwnershipRight,
        }).ToList();
        Rows.AddRange(Enumerable.Range(0, BlankRows).Select(_ => new HoldingInput()));
        EffectiveFrom = BrusselsTime.Today.ToString("yyyy-MM-dd");
        return Page();
    }

    public async Task<IActionResult> OnPost(long id)
    {
        if (!await Load(id)) return NotFound();
        var check = new FormCheck(ModelState, l, "");
        var from = check.Date(nameof(EffectiveFrom), EffectiveFrom, required: true);
        var validOwners = OwnerChoices.Select(o => o.Value).Where(v => v.Length > 0).ToHashSet();
        var holdings = new List<(long OwnerId, Share Share, OwnershipRight Right)>();
        for (var i = 0; i < Rows.Count; i++)
        {
            var row = Rows[i];
            if (row.IsBlank) continue;
            var rowCheck = new FormCheck(ModelState, l, $"Rows[{i}]");
            if (string.IsNullOrWhiteSpace(row.OwnerId) || !validOwners.Contains(row.OwnerId)) rowCheck.Error(nameof(row.OwnerId), "Choose an owner from the list.");
            if (!Share.TryParse(row.Share, out var share)) rowCheck.Error(nameof(row.Share), "Enter a share like 1/2, 1/3 or 50%.");
            if (!Codes.TryParse<OwnershipRight>(row.Right, out var right)) rowCheck.Error(nameof(row.Right), "Choose one of the rights offered.");
            if (ModelState.IsValid) holdings.Add((long.Parse(row.OwnerId!), share, right));
        }
        if (ModelState.IsValid && holdings.Count == 0)
            ModelState.AddModelError("", l["Enter at least one owner."]);
        else if (ModelState.IsValid && holdings.GroupBy(h => (h.OwnerId, h.Right)).Any(g => g.Count() > 1))
            ModelState.AddModelError("", l["The same owner appears twice with the same right: add their shares together."]);
        else if (ModelState.IsValid && !Share.IsCompleteOwnership(holdings.Select(h => (h.Share, h.Right))))
            ModelState.AddModelError("", l["The shares must make exactly 100%: full ownership plus bare ownership, and full ownership plus usufruct."]);
        if (ModelState.IsValid)
        {
            var later = await db.Scalar<DateOnly?>("select max(valid_from) from lot_ownerships where lot_id = @id and valid_from >= @from", new { id, from });
            if (later is not null)
                check.Error(nameof(EffectiveFrom), "The lot already has owners recorded from {0}: choose a later date.", later.Value.ToString("d"));
        }
        if (!ModelState.IsValid) return Page();

        var viewer = User.Viewer();
        var org = viewer.OrganisationId;
        var before = await db.Query<CurrentHolding>($"""
            select owner_id, share_numerator, share_denominator, ownership_right from lot_ownerships o
            where lot_id = @id and o.valid_from < @from and (o.valid_to is null or o.valid_to > @from)
            """, new { id, from });
        try
        {
            await Ownerships.Record(db, org, id, from!.Value, holdings);
            await db.CheckDeferredConstraints();
            await AuditLog.Record(db, viewer, "lot", id, "owners_changed", AuditLog.Says("Lot {0}, {1}: owners from {2}", Lot.Number, Lot.BuildingName, from),
                before, holdings.Select(h => new { h.OwnerId, share = $"{h.Share.Numerator}/{h.Share.Denominator}", right = h.Right.ToCode() }));
        }
        catch (PostgresException e) when (e.ConstraintName is "lot_shares_sum_to_whole" or "lot_ownerships_no_overlap")
        {
            // Another change of the same lot was saved meanwhile; nothing of this one was kept.
            await db.Rollback();
            ModelState.AddModelError("", l["The owners of this lot were changed meanwhile by someone else. Nothing was saved: reload the page and try again."]);
            return Page();
        }
        // The new holders who have an account hear of it (in-app, and by mail if they want).
        var accounts = await db.Query<long>("select id from users where owner_id = any(@owners) and organisation_id = @org",
            new { owners = holdings.Select(h => h.OwnerId).ToArray(), org });
        await notifier.Send(db, accounts, new Notifier.News(
            "Your lots have changed", [],
            "From {0}, the register of lot {1} in {2} names you among its owners.", [from!.Value.ToString("d"), Lot.Number, Lot.BuildingName],
            "/my"), await MailFooter.Of(db, Lot.BuildingId));
        TempData["Notice"] = "The owners have been recorded.";
        return Redirect($"/lots/{id}");
    }
}
