using System.Text;
using KoproGo.Domain;
using KoproGo.Domain.Calendar;
using KoproGo.Domain.Community;
using KoproGo.Web.Infrastructure;
using KoproGo.Web.Infrastructure.Mail;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.Extensions.Localization;
using Npgsql;

namespace KoproGo.Web.Pages.Community;

/// <summary>
/// One resource: its month or week calendar rendered on the server, the form to book a slot, the member's bookings
/// (cancel) and the syndic's approval. Two bookings of a one-at-a-time resource never overlap: PostgreSQL's exclusion
/// constraint refuses the second one, whatever the timing; a larger capacity is counted under a lock of the resource.
/// </summary>
public sealed class ResourceModel(Db db, IStringLocalizer<SharedResource> l, Notifier notifier, Outbox outbox) : PageModel
{
    public sealed record Item(long Id, long BuildingId, string Name, string Kind, string Description, int Capacity, int MinMinutes, int MaxMinutes,
        int DaysAhead, bool NeedsApproval)
    {
        public ResourceRules Rules => new(Capacity, MinMinutes, MaxMinutes, DaysAhead, NeedsApproval);
    }

    public sealed record Slot(long Id, long MemberId, string Member, DateTime Starts, DateTime Ends, string Status, string? Purpose)
    {
        public DateTime LocalStart => BrusselsTime.FromUtc(Starts);
        public DateTime LocalEnd => BrusselsTime.FromUtc(Ends);
        public BookingStatus State => Codes.TryParse<BookingStatus>(Status, out var s) ? s : BookingStatus.Cancelled;
    }

    public sealed class BookInput
    {
        public string? Date { get; set; }
        public string? From { get; set; }
        public string? To { get; set; }
        public string? Purpose { get; set; }
    }

    [BindProperty] public BookInput Input { get; set; } = new();
    [BindProperty(SupportsGet = true)] public string? View { get; set; }
    [BindProperty(SupportsGet = true)] public string? Date { get; set; }

    public CommunityBuilding Building { get; private set; } = null!;
    public Item Resource { get; private set; } = null!;
    public bool Week => View == "week";
    public DateOnly Anchor { get; private set; }
    public IReadOnlyList<DateOnly> Days { get; private set; } = [];
    public IReadOnlyList<Slot> Slots { get; private set; } = [];
    public IReadOnlyList<Slot> Mine { get; private set; } = [];

    private async Task<bool> Load(long resourceId)
    {
        var item = await db.QuerySingleOrDefault<Item>("""
            select r.id, r.building_id, r.name, r.kind, r.description, r.capacity, r.min_minutes, r.max_minutes, r.days_ahead, r.needs_approval
            from resources r join buildings b on b.id = r.building_id where r.id = @resourceId and b.organisation_id = @OrgId
            """, User.Viewer().Params(new { resourceId }));
        if (item is null || await CommunityBuilding.Find(db, User.Viewer(), item.BuildingId) is not { } building) return false;
        (Resource, Building) = (item, building);
        Anchor = FormInput.TryDate(Date, out var day) && day.Year is > 2000 and < 2200 ? day : BrusselsTime.Today;
        Days = Week ? Enumerable.Range(0, 7).Select(Bookings.WeekStart(Anchor).AddDays).ToList() : Bookings.MonthGrid(Anchor.Year, Anchor.Month);
        var (from, to) = (BrusselsTime.ToUtc(Days[0], TimeOnly.MinValue), BrusselsTime.ToUtc(Days[^1].AddDays(1), TimeOnly.MinValue));
        Slots = await db.Query<Slot>($"""
            select k.id, k.member_id, o.name as member, lower(k.during) as starts, upper(k.during) as ends, k.status, k.purpose
            from bookings k join neighbours o on o.id = k.member_id
            where k.resource_id = @resourceId and k.status in ('pending', 'confirmed') and k.during && tstzrange(@from, @to)
            order by lower(k.during)
            """, new { resourceId, from, to });
        if (building.MemberId is long me)
            Mine = await db.Query<Slot>($"""
                select k.id, k.member_id, o.name as member, lower(k.during) as starts, upper(k.during) as ends, k.status, k.purpose
                from bookings k join neighbours o on o.id = k.member_id
                where k.resource_id = @resourceId and k.member_id = @me and upper(k.during) > now() order by lower(k.during)
                """, new { resourceId, me });
        return true;
    }

    /// <summary>The bookings of one day of the calendar.</summary>
    public IEnumerable<Slot> On(DateOnly day) =>
        Slots.Where(s => DateOnly.FromDateTime(s.LocalStart) <= day && day <= DateOnly.FromDateTime(s.LocalEnd.AddTicks(-1)));

    public string Link(DateOnly day, bool week) => $"/resources/{Resource.Id}?view={(week ? "week" : "month")}&date={day:yyyy-MM-dd}";

    public async Task<IActionResult> OnGet(long resourceId)
    {
        if (!await Load(resourceId)) return NotFound();
        Input.Date ??= Anchor < BrusselsTime.Today ? BrusselsTime.Today.ToString("yyyy-MM-dd") : Anchor.ToString("yyyy-MM-dd");
        return Page();
    }

    public async Task<IActionResult> OnPostBook(long resourceId)
    {
        if (!await Load(resourceId)) return NotFound();
        if (Building.MemberId is not long me) return Forbid();
        var check = new FormCheck(ModelState, l, nameof(Input));
        var date = check.Date(nameof(Input.Date), Input.Date, required: true);
        var from = check.Time(nameof(Input.From), Input.From, required: true);
        var to = check.Time(nameof(Input.To), Input.To, required: true);
        var purpose = check.Optional(nameof(Input.Purpose), Input.Purpose, 200);
        if (!ModelState.IsValid) return Page();
        // An end at midnight or earlier than the start runs into the next day (an evening in the common room).
        var (start, end) = (date!.Value.ToDateTime(from!.Value), date.Value.ToDateTime(to!.Value));
        if (end <= start) end = end.AddDays(1);
        if (BrusselsTime.Zone.IsInvalidTime(start) || BrusselsTime.Zone.IsInvalidTime(end))
        {
            check.Error(nameof(Input.From), "This time does not exist in Brussels on that day (the clock moves forward).");
            return Page();
        }
        var now = BrusselsTime.FromUtc(DateTime.UtcNow);
        if (Bookings.SlotProblem(start, end, Resource.Rules, now) is { } problem)
        {
            check.Error(nameof(Input.To), problem.Message, problem.Argument);
            return Page();
        }
        var (startUtc, endUtc) = (TimeZoneInfo.ConvertTimeToUtc(start, BrusselsTime.Zone), TimeZoneInfo.ConvertTimeToUtc(end, BrusselsTime.Zone));
        var exclusive = Resource.Capacity == 1;
        if (!exclusive)
        {
            // Counting the overlapping bookings is safe only while no one else counts: the resource row is the lock.
            await db.Execute("select 1 from resources where id = @resourceId for update", new { resourceId });
            var overlapping = await db.Scalar<int>("""
                select count(*)::int from bookings where resource_id = @resourceId and status in ('pending', 'confirmed') and during && tstzrange(@startUtc, @endUtc)
                """, new { resourceId, startUtc, endUtc });
            if (!Bookings.Fits(overlapping, Resource.Capacity)) return Taken(check);
        }
        var status = Bookings.StatusOfNew(Resource.Rules);
        long bookingId;
        try
        {
            bookingId = await db.Scalar<long>("""
                insert into bookings (resource_id, member_id, during, exclusive, status, purpose)
                values (@resourceId, @me, tstzrange(@startUtc, @endUtc), @exclusive, @status, @purpose) returning id
                """, new { resourceId, me, startUtc, endUtc, exclusive, status = status.ToCode(), purpose });
        }
        catch (PostgresException e) when (e.ConstraintName == "bookings_no_overlap")
        {
            return Taken(check);
        }
        if (status == BookingStatus.Confirmed)
        {
            await SendConfirmation(bookingId);
            TempData["Notice"] = "Your booking is confirmed; the confirmation with a calendar file is on its way by e-mail.";
        }
        else
        {
            await notifier.Send(db, await Syndics.UserIds(db, Building.Id),
                new Notifier.News("A booking waits for your approval", [], "{0} is asked for; approve or refuse it.", [Resource.Name], $"/buildings/{Building.Id}/resources#approve"));
            TempData["Notice"] = "Your booking waits for the syndic's approval; you will get an e-mail once it is confirmed.";
        }
        return Redirect(Link(date.Value, Week));
    }

    private PageResult Taken(FormCheck check)
    {
        check.Error(nameof(Input.From), "This slot is already booked: choose another time.");
        return Page();
    }

    public async Task<IActionResult> OnPostCancel(long resourceId, long bookingId)
    {
        if (!await Load(resourceId)) return NotFound();
        var slot = await db.QuerySingleOrDefault<Slot>("""
            select id, member_id, '' as member, lower(during) as starts, upper(during) as ends, status, purpose from bookings where id = @bookingId and resource_id = @resourceId
            """, new { bookingId, resourceId });
        if (slot is null) return NotFound();
        var mine = slot.MemberId == Building.MemberId;
        if (!(mine || User.Viewer().IsSyndic) || !Bookings.CanCancel(slot.State, slot.LocalStart, BrusselsTime.FromUtc(DateTime.UtcNow))) return Forbid();
        await db.Execute("update bookings set status = 'cancelled', decided_at = now() where id = @bookingId and status in ('pending', 'confirmed')", new { bookingId });
        if (!mine)
            await notifier.Send(db, await CommunityBuilding.UsersOf(db, slot.MemberId),
                new Notifier.News("Booking cancelled", [], "Your booking of {0} is cancelled by the syndic.", [Resource.Name], $"/resources/{resourceId}"));
        TempData["Notice"] = "The booking is cancelled.";
        return Redirect(Link(DateOnly.FromDateTime(slot.LocalStart), Week));
    }

    public Task<IActionResult> OnPostApprove(long resourceId, long bookingId) => Decide(resourceId, bookingId, approve: true);
    public Task<IActionResult> OnPostRefuse(long resourceId, long bookingId) => Decide(resourceId, bookingId, approve: false);

    private async Task<IActionResult> Decide(long resourceId, long bookingId, bool approve)
    {
        if (!await Load(resourceId)) return NotFound();
        if (!User.Viewer().IsSyndic) return Forbid();
        var owner = await db.Scalar<long?>($"""
            update bookings set status = @status, decided_at = now() where id = @bookingId and resource_id = @resourceId and status = 'pending' returning member_id
            """, new { bookingId, resourceId, status = approve ? "confirmed" : "refused" });
        if (owner is null)
        {
            TempData["Notice"] = "This booking was already decided.";
            return Redirect($"/buildings/{Building.Id}/resources");
        }
        if (approve) await SendConfirmation(bookingId);
        else await notifier.Send(db, await CommunityBuilding.UsersOf(db, owner.Value),
            new Notifier.News("Booking refused", [], "Your booking of {0} is refused by the syndic.", [Resource.Name], $"/resources/{resourceId}"));
        TempData["Notice"] = approve ? "The booking is approved; the member gets the confirmation by e-mail." : "The booking is refused; the member is told.";
        return Redirect($"/buildings/{Building.Id}/resources");
    }

    /// <summary>The confirmation mail to the member's accounts, in their language, with the booking as an ICS file.</summary>
    private async Task SendConfirmation(long bookingId)
    {
        var slot = await db.QuerySingle<Slot>("""
            select id, member_id, '' as member, lower(during) as starts, upper(during) as ends, status, purpose from bookings where id = @bookingId
            """, new { bookingId });
        var calendar = Ics.Write(new CalendarEvent($"booking-{bookingId}@{outbox.PublicHost}", slot.Starts, slot.Ends, Resource.Name, Building.Name, slot.Purpose ?? ""), DateTime.UtcNow);
        await notifier.MailOnly(db, await CommunityBuilding.UsersOf(db, slot.MemberId),
            new Notifier.News("Booking confirmed: {0}", [Resource.Name], "{0} is yours from {1:f} to {2:f}. Add it to your calendar with the attached file.",
                [Resource.Name, slot.LocalStart, slot.LocalEnd], $"/resources/{Resource.Id}"),
            Building.Id, $"booking-confirmed:{bookingId}", [new MailAttachment("booking.ics", "text/calendar; charset=utf-8; method=PUBLISH", Encoding.UTF8.GetBytes(calendar))]);
    }
}
