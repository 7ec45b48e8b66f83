using KoproGo.Domain;
using KoproGo.Domain.Community;
using KoproGo.Web.Infrastructure;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.Extensions.Localization;

namespace KoproGo.Web.Pages.Community;

/// <summary>
/// One exchange of the SEL and its life: asked for, started by the provider, confirmed by both (the second confirmation
/// completes it and moves the credits, once), cancelled with a reason until then, rated by each party afterwards.
/// The other party is told at each step (in the app and by e-mail); contact details are never shown.
/// </summary>
public sealed class ExchangeModel(Db db, IStringLocalizer<SharedResource> l, Notifier notifier) : PageModel
{
    public sealed record Item(long Id, long BuildingId, long ProviderId, long? RequesterId, string Kind, string Category, string Title,
        string Description, int Credits, string Status, string Provider, string? Requester, DateTime? ProviderConfirmedAt,
        DateTime? RequesterConfirmedAt, string? CancelReason)
    {
        public ExchangeStatus State => Codes.TryParse<ExchangeStatus>(Status, out var s) ? s : ExchangeStatus.Cancelled;
    }
    public sealed record Rating(string Rater, int Stars, string? Comment);

    public sealed class ActionInput
    {
        public string? Reason { get; set; }
        public string? Stars { get; set; }
        public string? Comment { get; set; }
    }

    [BindProperty] public ActionInput Input { get; set; } = new();
    public CommunityBuilding Building { get; private set; } = null!;
    public Item Exchange { get; private set; } = null!;
    public IReadOnlyList<Rating> Ratings { get; private set; } = [];
    public Party Me { get; private set; }
    public bool Rated { get; private set; }

    private async Task<bool> Load(long exchangeId)
    {
        var item = await db.QuerySingleOrDefault<Item>($"""
            select x.id, x.building_id, x.provider_id, x.requester_id, x.kind, x.category, x.title, x.description, x.credits, x.status,
                   p.name as provider, r.name as requester,
                   x.provider_confirmed_at, x.requester_confirmed_at, x.cancel_reason
            from sel_exchanges x join neighbours p on p.id = x.provider_id left join neighbours r on r.id = x.requester_id
            where x.id = @exchangeId and x.organisation_id = @OrgId
            """, User.Viewer().Params(new { exchangeId }));
        if (item is null || await CommunityBuilding.Find(db, User.Viewer(), item.BuildingId) is not { } building) return false;
        (Exchange, Building) = (item, building);
        Me = building.MemberId == item.ProviderId ? Party.Provider : building.MemberId is not null && building.MemberId == item.RequesterId ? Party.Requester : Party.Other;
        Ratings = await db.Query<Rating>($"""
            select o.name as rater, r.stars, r.comment from sel_ratings r join neighbours o on o.id = r.rater_id
            where r.exchange_id = @exchangeId order by r.created_at
            """, new { exchangeId });
        Rated = building.MemberId is long me && await db.Scalar<bool>("select exists (select 1 from sel_ratings where exchange_id = @exchangeId and rater_id = @me)", new { exchangeId, me });
        return true;
    }

    /// <summary>The owner on the other side of the exchange from the caller (for a moderator, the provider).</summary>
    private long? OtherParty => Me == Party.Provider ? Exchange.RequesterId : Exchange.ProviderId;

    public bool CanRate => Exchange.State == ExchangeStatus.Completed && Me != Party.Other && !Rated;

    public async Task<IActionResult> OnGet(long exchangeId) => await Load(exchangeId) ? Page() : NotFound();

    private IActionResult Back(string notice)
    {
        TempData["Notice"] = notice;
        return Redirect($"/sel/{Exchange.Id}");
    }

    private async Task Tell(long? ownerId, string titleKey, string bodyKey)
    {
        if (ownerId is not long owner) return;
        await notifier.Send(db, await CommunityBuilding.UsersOf(db, owner), new Notifier.News(titleKey, [], bodyKey, [Exchange.Title], $"/sel/{Exchange.Id}"));
    }

    public async Task<IActionResult> OnPostRequest(long exchangeId)
    {
        if (!await Load(exchangeId)) return NotFound();
        if (Building.MemberId is not long me || !Sel.CanRequest(Exchange.State, Me)) return Forbid();
        var balance = await CommunityBuilding.Balance(db, Building.Id, me);
        if (!Sel.WithinLimit(balance, Exchange.Credits, Building.SelCreditLimit))
        {
            ModelState.AddModelError("", l["Your balance ({0}) does not allow spending {1} credits: the building's limit is {2}. Offer something to your neighbours first.",
                balance, Exchange.Credits, -Building.SelCreditLimit]);
            return Page();
        }
        var changed = await db.Execute("""
            update sel_exchanges set status = 'requested', requester_id = @me, requested_at = now() where id = @exchangeId and status = 'offered'
            """, new { exchangeId, me });
        if (changed == 0) return Back("Someone else asked for it just before you.");
        await Tell(Exchange.ProviderId, "A neighbour asks for your offer", "A neighbour would like \"{0}\". Open the exchange to start it.");
        return Back("Your request is sent: the neighbour will start the exchange.");
    }

    public async Task<IActionResult> OnPostStart(long exchangeId)
    {
        if (!await Load(exchangeId)) return NotFound();
        if (!Sel.CanStart(Exchange.State, Me)) return Forbid();
        await db.Execute("update sel_exchanges set status = 'in_progress', started_at = now() where id = @exchangeId and status = 'requested'", new { exchangeId });
        await Tell(Exchange.RequesterId, "Your exchange is starting", "\"{0}\" is starting. Confirm it on the page once it is done.");
        return Back("The exchange is started. Confirm it once it is done.");
    }

    /// <summary>
    /// One party's confirmation. The second one completes the exchange and writes its transfer in the same transaction;
    /// the row lock of the update makes concurrent confirmations wait, and the transfer is unique per exchange.
    /// </summary>
    public async Task<IActionResult> OnPostConfirm(long exchangeId)
    {
        if (!await Load(exchangeId)) return NotFound();
        if (!Sel.CanConfirm(Exchange.State, Me)) return Forbid();
        var column = Me == Party.Provider ? "provider_confirmed_at" : "requester_confirmed_at";
        var both = await db.QuerySingleOrDefault<bool?>($"""
            update sel_exchanges set {column} = coalesce({column}, now()) where id = @exchangeId and status = 'in_progress'
            returning provider_confirmed_at is not null and requester_confirmed_at is not null
            """, new { exchangeId });
        if (both is null) return Back("This exchange is no longer in progress.");
        var completed = both.Value && await db.Execute("""
            update sel_exchanges set status = 'completed', completed_at = now() where id = @exchangeId and status = 'in_progress'
            """, new { exchangeId }) == 1;
        if (!completed)
        {
            await Tell(OtherParty, "Please confirm your exchange",
                "Your neighbour confirmed \"{0}\". Confirm it too to complete it.");
            return Back("Your confirmation is recorded; the exchange completes when your neighbour confirms too.");
        }
        await db.Execute("""
            insert into sel_transfers (building_id, exchange_id, from_member, to_member, credits)
            select building_id, id, requester_id, provider_id, credits from sel_exchanges where id = @exchangeId
            """, new { exchangeId });
        await Tell(OtherParty, "Exchange completed", "\"{0}\" is completed: the credits are moved.");
        return Back("The exchange is completed: the credits are moved.");
    }

    public async Task<IActionResult> OnPostCancel(long exchangeId)
    {
        if (!await Load(exchangeId)) return NotFound();
        var moderating = Building.Moderator && Exchange.State is not (ExchangeStatus.Completed or ExchangeStatus.Cancelled);
        if (!Sel.CanCancel(Exchange.State, Me) && !moderating) return Forbid();
        var check = new FormCheck(ModelState, l, nameof(Input));
        var reason = check.Required(nameof(Input.Reason), Input.Reason, 500);
        if (!ModelState.IsValid) return Page();
        var changed = await db.Execute("""
            update sel_exchanges set status = 'cancelled', cancel_reason = @reason, cancelled_at = now()
            where id = @exchangeId and status in ('offered', 'requested', 'in_progress')
            """, new { exchangeId, reason });
        if (changed == 0) return Back("This exchange can no longer be cancelled.");
        await Tell(OtherParty, "Exchange cancelled", "\"{0}\" is cancelled.");
        if (moderating && Me == Party.Other) await Tell(Exchange.RequesterId, "Exchange cancelled", "\"{0}\" is cancelled.");
        return Back("The exchange is cancelled.");
    }

    public async Task<IActionResult> OnPostRate(long exchangeId)
    {
        if (!await Load(exchangeId)) return NotFound();
        if (!CanRate) return Forbid();
        var check = new FormCheck(ModelState, l, nameof(Input));
        var stars = check.Integer(nameof(Input.Stars), Input.Stars, 1, 5, required: true);
        var comment = check.Optional(nameof(Input.Comment), Input.Comment, 500);
        if (!ModelState.IsValid) return Page();
        await db.Execute("""
            insert into sel_ratings (exchange_id, rater_id, rated_id, stars, comment) values (@exchangeId, @me, @other, @stars, @comment)
            on conflict do nothing
            """, new { exchangeId, me = Building.MemberId, other = OtherParty, stars, comment });
        return Back("Thank you for your rating.");
    }

    /// <summary>The provider withdraws an offer nobody took (or a cancelled one): it is deleted, not kept.</summary>
    public async Task<IActionResult> OnPostDelete(long exchangeId)
    {
        if (!await Load(exchangeId)) return NotFound();
        if (Me != Party.Provider) return Forbid();
        var deleted = await db.Execute("delete from sel_exchanges where id = @exchangeId and status in ('offered', 'cancelled')", new { exchangeId });
        if (deleted == 0) return Back("An exchange under way or completed cannot be deleted; cancel it first.");
        TempData["Notice"] = "Your offer is deleted.";
        return Redirect($"/buildings/{Exchange.BuildingId}/sel");
    }
}
