using KoproGo.Web.Infrastructure;
using KoproGo.Web.Infrastructure.Documents;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.Extensions.Localization;

namespace KoproGo.Web.Pages.Community;

/// <summary>
/// The building's object library: what neighbours lend (with whether it is out and until when), the member's loans both
/// ways, and the form to register an object with its photo.
/// </summary>
public sealed class LibraryModel(Db db, IStringLocalizer<SharedResource> l) : PageModel
{
    public const int MaxPhotoBytes = 2 * 1024 * 1024;

    public sealed record Row(long Id, string Name, string Category, string Condition, decimal Deposit, int LoanDays, bool HasPhoto, string Owner, bool Mine,
        DateOnly? OutUntil);
    public sealed record LoanRow(long ObjectId, string Name, string Status, DateOnly StartsOn, DateOnly DueOn, string Other, bool Borrowing);

    public sealed class ObjectInput
    {
        public string? Name { get; set; }
        public string? Category { get; set; }
        public string? Description { get; set; }
        public string? Condition { get; set; } = "good";
        public string? Deposit { get; set; } = "0";
        public string? LoanDays { get; set; } = "7";
    }

    [BindProperty] public ObjectInput Input { get; set; } = new();
    [BindProperty] public IFormFile? Photo { get; set; }
    [BindProperty(SupportsGet = true)] public string? Category { get; set; }

    public CommunityBuilding Building { get; private set; } = null!;
    public IReadOnlyList<Row> Rows { get; private set; } = [];
    public IReadOnlyList<LoanRow> Loans { get; private set; } = [];

    private async Task<bool> Load(long id)
    {
        if (await CommunityBuilding.Find(db, User.Viewer(), id) is not { } building) return false;
        Building = building;
        var category = Labels.ObjectCategories.Contains(Category) ? Category : null;
        Rows = await db.Query<Row>($"""
            select s.id, s.name, s.category, s.condition, s.deposit, s.loan_days, s.photo is not null as has_photo,
                   o.name as owner, s.member_id = @me as mine,
                   (select due_on from object_loans k where k.object_id = s.id and k.status = 'lent') as out_until
            from shared_objects s join neighbours o on o.id = s.member_id
            where s.building_id = @id and (@category::text is null or s.category = @category)
            order by s.name limit 300
            """, new { id, category, me = building.MemberId ?? 0 });
        if (building.MemberId is long me)
            Loans = await db.Query<LoanRow>($"""
                select s.id as object_id, s.name, k.status, k.starts_on, k.due_on,
                       case when k.borrower_id = @me then o.name else b.name end as other,
                       k.borrower_id = @me as borrowing
                from object_loans k join shared_objects s on s.id = k.object_id join neighbours o on o.id = s.member_id join neighbours b on b.id = k.borrower_id
                where s.building_id = @id and (k.borrower_id = @me or s.member_id = @me) and k.status in ('requested', 'approved', 'lent')
                order by k.due_on
                """, new { id, me });
        return true;
    }

    public async Task<IActionResult> OnGet(long id) => await Load(id) ? Page() : NotFound();

    public async Task<IActionResult> OnPost(long id)
    {
        if (!await Load(id)) return NotFound();
        if (Building.MemberId is not long me) return Forbid();
        var check = new FormCheck(ModelState, l, nameof(Input));
        var name = check.Required(nameof(Input.Name), Input.Name, 120);
        var category = check.Choice(nameof(Input.Category), Input.Category, Labels.ObjectCategories);
        var description = check.Optional(nameof(Input.Description), Input.Description, 2000);
        var condition = check.Choice(nameof(Input.Condition), Input.Condition, Labels.ObjectConditions);
        var deposit = check.Decimal(nameof(Input.Deposit), Input.Deposit, 0, 10000, required: false) ?? 0;
        var loanDays = check.Integer(nameof(Input.LoanDays), Input.LoanDays, 1, Domain.Community.Loans.MaxLoanDays, required: true);
        var (photo, photoType) = await ReadPhoto(new FormCheck(ModelState, l, ""));
        if (!ModelState.IsValid) return Page();
        var objectId = await db.Scalar<long>("""
            insert into shared_objects (building_id, member_id, name, category, description, condition, deposit, loan_days, photo, photo_type)
            values (@id, @me, @name, @category, coalesce(@description, ''), @condition, @deposit, @loanDays, @photo, @photoType) returning id
            """, new { id, me, name, category, description, condition, deposit, loanDays, photo, photoType });
        TempData["Notice"] = "Your object is in the library: neighbours can ask to borrow it.";
        return Redirect($"/objects/{objectId}");
    }

    /// <summary>The optional photo: a JPEG or PNG of at most 2 MB, recognised by its content, not its name.</summary>
    private async Task<(byte[]? Photo, string? Type)> ReadPhoto(FormCheck check)
    {
        if (Photo is null || Photo.Length == 0) return (null, null);
        if (Photo.Length > MaxPhotoBytes)
        {
            check.Error(nameof(Photo), "The photo is larger than 2 MB.");
            return (null, null);
        }
        using var buffer = new MemoryStream();
        await Photo.CopyToAsync(buffer);
        if (FileKinds.Recognise(buffer) is not { ContentType: "image/jpeg" or "image/png" } kind)
        {
            check.Error(nameof(Photo), "The photo must be a JPEG or PNG image.");
            return (null, null);
        }
        return (buffer.ToArray(), kind.ContentType);
    }
}
