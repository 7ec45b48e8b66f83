namespace KoproGo.Domain.Community;

/// <summary>A booking: pending (waits for the syndic when the resource needs approval), confirmed, refused or cancelled.</summary>
public enum BookingStatus { Pending, Confirmed, Refused, Cancelled }

/// <summary>Why a request is refused: a message (a text key) and the number it names, if any.</summary>
public sealed record Problem(string Message, int Argument = 0);

/// <summary>A bookable resource's rules: how many at once, the shortest and longest slot, how far ahead, approval.</summary>
public sealed record ResourceRules(int Capacity, int MinMinutes, int MaxMinutes, int DaysAhead, bool NeedsApproval);

/// <summary>The rules of booking a shared resource of the building (common room, guest parking, laundry…).</summary>
public static class Bookings
{
    /// <summary>Why a slot is refused by the resource's rules, or null when it may be booked. Times in Brussels.</summary>
    public static Problem? SlotProblem(DateTime start, DateTime end, ResourceRules rules, DateTime now)
    {
        if (end <= start) return new("The end comes after the start.");
        if (start < now) return new("This slot has already begun.");
        var minutes = (end - start).TotalMinutes;
        if (minutes < rules.MinMinutes) return new("A booking lasts at least {0} minutes here.", rules.MinMinutes);
        if (minutes > rules.MaxMinutes) return new("A booking lasts at most {0} minutes here.", rules.MaxMinutes);
        if (DateOnly.FromDateTime(start) > DateOnly.FromDateTime(now).AddDays(rules.DaysAhead)) return new("This resource is booked at most {0} days ahead.", rules.DaysAhead);
        return null;
    }

    /// <summary>A new booking is confirmed at once unless the resource needs the syndic's approval.</summary>
    public static BookingStatus StatusOfNew(ResourceRules rules) => rules.NeedsApproval ? BookingStatus.Pending : BookingStatus.Confirmed;

    /// <summary>Whether one more booking fits beside those already overlapping the slot.</summary>
    public static bool Fits(int overlapping, int capacity) => overlapping < capacity;

    /// <summary>A member cancels their own booking until it starts.</summary>
    public static bool CanCancel(BookingStatus status, DateTime start, DateTime now) =>
        status is BookingStatus.Pending or BookingStatus.Confirmed && start > now;

    /// <summary>The Monday of the week holding a day: the calendar's weeks start on Monday, as in Belgium.</summary>
    public static DateOnly WeekStart(DateOnly day) => day.AddDays(-(((int)day.DayOfWeek + 6) % 7));

    /// <summary>The days a month view shows: whole weeks from the Monday before the 1st to the Sunday after the last day.</summary>
    public static IReadOnlyList<DateOnly> MonthGrid(int year, int month)
    {
        var first = WeekStart(new DateOnly(year, month, 1));
        var last = new DateOnly(year, month, DateTime.DaysInMonth(year, month));
        var end = WeekStart(last).AddDays(6);
        return Enumerable.Range(0, end.DayNumber - first.DayNumber + 1).Select(first.AddDays).ToList();
    }
}
