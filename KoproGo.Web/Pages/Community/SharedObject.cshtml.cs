using KoproGo.Domain;
using KoproGo.Domain.Community;
using KoproGo.Web.Infrastructure;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.Extensions.Localization;
using Npgsql;

namespace KoproGo.Web.Pages.Community;

/// <summary>
/// One object of the library and its loans: a neighbour asks with dates, the owner approves or refuses, hands it over
/// (lent) and takes it back (returned). Two approved loans never overlap and an object is out once at a time: the
/// database refuses it (exclusion constraint and unique index), whatever the timing.
/// </summary>
public sealed class SharedObjectModel(Db db, IStringLocalizer<SharedResource> l, Notifier notifier) : PageModel
{
    public sealed record Item(long Id, long BuildingId, long MemberId, string Name, string Category, string Description, string Condition,
        decimal Deposit, int LoanDays, bool HasPhoto, string Owner);
    public sealed record Loan(long Id, long BorrowerId, string Borrower, DateOnly StartsOn, DateOnly DueOn, string Status, string? Message)
    {
        public LoanStatus State => Codes.TryParse<LoanStatus>(Status, out var s) ? s : LoanStatus.Cancelled;
    }

    public sealed class BorrowInput
    {
        public string? StartsOn { get; set; }
        public string? DueOn { get; set; }
        public string? Message { get; set; }
    }

    [BindProperty] public BorrowInput Input { get; set; } = new();
    public CommunityBuilding Building { get; private set; } = null!;
    public Item Object { get; private set; } = null!;
    public IReadOnlyList<Loan> Loans { get; private set; } = [];
    public bool Mine => Building.MemberId == Object.MemberId;

    private async Task<bool> Load(long objectId)
    {
        var item = await db.QuerySingleOrDefault<Item>($"""
            select s.id, s.building_id, s.member_id, s.name, s.category, s.description, s.condition, s.deposit, s.loan_days, s.photo is not null as has_photo,
                   o.name as owner
            from shared_objects s join neighbours o on o.id = s.member_id join buildings b on b.id = s.building_id
            where s.id = @objectId and b.organisation_id = @OrgId
            """, User.Viewer().Params(new { objectId }));
        if (item is null || await CommunityBuilding.Find(db, User.Viewer(), item.BuildingId) is not { } building) return false;
        (Object, Building) = (item, building);
        // The owner and the syndic see every loan; a neighbour sees the periods taken and their own requests.
        Loans = await db.Query<Loan>($"""
            select k.id, k.borrower_id, o.name as borrower, k.starts_on, k.due_on, k.status, k.message
            from object_loans k join neighbours o on o.id = k.borrower_id
            where k.object_id = @objectId and (k.status in ('approved', 'lent') or @all or k.borrower_id = @me)
              and (k.status in ('requested', 'approved', 'lent') or k.due_on >= current_date - 60)
            order by k.starts_on
            """, new { objectId, all = building.Moderator || building.MemberId == item.MemberId, me = building.MemberId ?? 0 });
        return true;
    }

    public async Task<IActionResult> OnGet(long objectId)
    {
        if (!await Load(objectId)) return NotFound();
        Input.StartsOn ??= BrusselsTime.Today.ToString("yyyy-MM-dd");
        Input.DueOn ??= BrusselsTime.Today.AddDays(Math.Min(Object.LoanDays, 7) - 1).ToString("yyyy-MM-dd");
        return Page();
    }

    public async Task<IActionResult> OnGetPhoto(long objectId)
    {
        if (!await Load(objectId) || !Object.HasPhoto) return NotFound();
        var photo = await db.QuerySingle<(byte[] Photo, string Type)>("select photo, photo_type from shared_objects where id = @objectId", new { objectId });
        Response.Headers.CacheControl = "private, max-age=3600";
        return File(photo.Photo, photo.Type);
    }

    private IActionResult Back(string notice)
    {
        TempData["Notice"] = notice;
        return Redirect($"/objects/{Object.Id}");
    }

    private async Task Tell(long ownerId, string titleKey, string bodyKey) =>
        await notifier.Send(db, await CommunityBuilding.UsersOf(db, ownerId), new Notifier.News(titleKey, [Object.Name], bodyKey, [Object.Name], $"/objects/{Object.Id}"));

    public async Task<IActionResult> OnPostBorrow(long objectId)
    {
        if (!await Load(objectId)) return NotFound();
        if (Building.MemberId is not long me || Mine) return Forbid();
        var check = new FormCheck(ModelState, l, nameof(Input));
        var startsOn = check.Date(nameof(Input.StartsOn), Input.StartsOn, required: true);
        var dueOn = check.Date(nameof(Input.DueOn), Input.DueOn, required: true);
        var message = check.Optional(nameof(Input.Message), Input.Message, 500);
        if (!ModelState.IsValid) return Page();
        if (Domain.Community.Loans.PeriodProblem(startsOn!.Value, dueOn!.Value, Object.LoanDays, BrusselsTime.Today) is { } problem)
        {
            check.Error(nameof(Input.DueOn), problem.Message, problem.Argument);
            return Page();
        }
        if (await Taken(startsOn.Value, dueOn.Value))
        {
            check.Error(nameof(Input.StartsOn), "The object is already promised for part of these dates: choose others.");
            return Page();
        }
        await db.Execute("""
            insert into object_loans (object_id, borrower_id, starts_on, due_on, message) values (@objectId, @me, @startsOn, @dueOn, @message)
            """, new { objectId, me, startsOn, dueOn, message });
        await Tell(Object.MemberId, "A neighbour asks to borrow {0}", "Approve or refuse the request for \"{0}\" on its page.");
        return Back("Your request is sent: the owner will approve or refuse it.");
    }

    private Task<bool> Taken(DateOnly startsOn, DateOnly dueOn) => db.Scalar<bool>("""
        select exists (select 1 from object_loans where object_id = @Id and status in ('approved', 'lent')
                       and daterange(starts_on, due_on, '[]') && daterange(@startsOn, @dueOn, '[]'))
        """, new { Object.Id, startsOn, dueOn });

    private Loan? LoanOf(long loanId) => Loans.FirstOrDefault(k => k.Id == loanId);

    public async Task<IActionResult> OnPostApprove(long objectId, long loanId)
    {
        if (!await Load(objectId)) return NotFound();
        if (!Mine || LoanOf(loanId) is not { } loan || !Domain.Community.Loans.CanDecide(loan.State)) return Forbid();
        try
        {
            await db.Execute("update object_loans set status = 'approved', decided_at = now() where id = @loanId and status = 'requested'", new { loanId });
        }
        catch (PostgresException e) when (e.ConstraintName == "object_loans_no_overlap")
        {
            ModelState.AddModelError("", l["Another loan is already approved for part of these dates: refuse this request or ask the neighbour for other dates."]);
            return Page();
        }
        await Tell(loan.BorrowerId, "Your loan of {0} is approved", "Agree with your neighbour on handing over \"{0}\".");
        return Back("The loan is approved.");
    }

    public async Task<IActionResult> OnPostRefuse(long objectId, long loanId)
    {
        if (!await Load(objectId)) return NotFound();
        if (!Mine || LoanOf(loanId) is not { } loan || !Domain.Community.Loans.CanDecide(loan.State)) return Forbid();
        await db.Execute("update object_loans set status = 'refused', decided_at = now() where id = @loanId and status = 'requested'", new { loanId });
        await Tell(loan.BorrowerId, "Your loan of {0} is refused", "The owner of \"{0}\" cannot lend it for these dates.");
        return Back("The request is refused.");
    }

    public async Task<IActionResult> OnPostLend(long objectId, long loanId)
    {
        if (!await Load(objectId)) return NotFound();
        if (!Mine || LoanOf(loanId) is not { } loan || !Domain.Community.Loans.CanLend(loan.State)) return Forbid();
        try
        {
            await db.Execute("update object_loans set status = 'lent', lent_at = now() where id = @loanId and status = 'approved'", new { loanId });
        }
        catch (PostgresException e) when (e.ConstraintName == "object_loans_one_out")
        {
            ModelState.AddModelError("", l["The object is still out with another borrower: mark it returned first."]);
            return Page();
        }
        return Back("The object is marked as lent.");
    }

    public async Task<IActionResult> OnPostReturn(long objectId, long loanId)
    {
        if (!await Load(objectId)) return NotFound();
        if (!Mine || LoanOf(loanId) is not { } loan || !Domain.Community.Loans.CanReturn(loan.State)) return Forbid();
        await db.Execute("update object_loans set status = 'returned', returned_at = now() where id = @loanId and status = 'lent'", new { loanId });
        await Tell(loan.BorrowerId, "{0} is back", "Thank you for returning \"{0}\".");
        return Back("The object is back in the library.");
    }

    public async Task<IActionResult> OnPostCancel(long objectId, long loanId)
    {
        if (!await Load(objectId)) return NotFound();
        if (LoanOf(loanId) is not { } loan || loan.BorrowerId != Building.MemberId || !Domain.Community.Loans.CanCancel(loan.State)) return Forbid();
        await db.Execute("update object_loans set status = 'cancelled' where id = @loanId and status in ('requested', 'approved')", new { loanId });
        await Tell(Object.MemberId, "A loan of {0} is cancelled", "Your neighbour no longer needs \"{0}\".");
        return Back("Your request is cancelled.");
    }

    /// <summary>The owner takes the object out of the library, unless it is with a borrower right now.</summary>
    public async Task<IActionResult> OnPostDelete(long objectId)
    {
        if (!await Load(objectId)) return NotFound();
        if (!Mine && !Building.Moderator) return Forbid();
        if (Loans.Any(k => k.State == LoanStatus.Lent)) return Back("The object is with a borrower: mark it returned before removing it.");
        await db.Execute("delete from shared_objects where id = @objectId", new { objectId });
        TempData["Notice"] = "The object is removed from the library.";
        return Redirect($"/buildings/{Object.BuildingId}/library");
    }
}
