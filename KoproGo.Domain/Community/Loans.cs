namespace KoproGo.Domain.Community;

/// <summary>A loan of the object library: asked for with dates, approved or refused by the owner, lent, returned.</summary>
public enum LoanStatus { Requested, Approved, Refused, Lent, Returned, Cancelled }

/// <summary>Which reminder a borrower gets on a given day: the day before the due date, on the due date, or none.</summary>
public enum LoanReminder { None, DayBefore, DueToday }

/// <summary>
/// The rules of the building's object library. A loan lasts at most the object's loan length (days, both ends counted);
/// it starts today or later. An object is with one borrower at a time (the database refuses overlapping approved loans).
/// </summary>
public static class Loans
{
    public const int MaxLoanDays = 90;
    public const int MaxDaysAhead = 180;

    /// <summary>Why a requested period is refused, or null when it is fine.</summary>
    public static Problem? PeriodProblem(DateOnly startsOn, DateOnly dueOn, int loanDays, DateOnly today)
    {
        if (startsOn < today) return new("The loan cannot start in the past.");
        if (startsOn > today.AddDays(MaxDaysAhead)) return new("A loan is asked for at most 180 days ahead.");
        if (dueOn < startsOn) return new("The return date comes after the start date.");
        if (dueOn.DayNumber - startsOn.DayNumber + 1 > loanDays) return new("This object is lent for {0} days at most.", loanDays);
        return null;
    }

    /// <summary>A lent object not back after its due date.</summary>
    public static bool Overdue(LoanStatus status, DateOnly dueOn, DateOnly today) => status == LoanStatus.Lent && dueOn < today;

    /// <summary>The reminder a borrower of a lent object gets today.</summary>
    public static LoanReminder ReminderOn(LoanStatus status, DateOnly dueOn, DateOnly today) =>
        status != LoanStatus.Lent ? LoanReminder.None
        : dueOn == today.AddDays(1) ? LoanReminder.DayBefore
        : dueOn == today ? LoanReminder.DueToday
        : LoanReminder.None;

    /// <summary>The owner decides on a request; they lend an approved loan; the object comes back once lent.</summary>
    public static bool CanDecide(LoanStatus status) => status == LoanStatus.Requested;
    public static bool CanLend(LoanStatus status) => status == LoanStatus.Approved;
    public static bool CanReturn(LoanStatus status) => status == LoanStatus.Lent;
    /// <summary>The borrower withdraws a request or an approved loan not yet handed over.</summary>
    public static bool CanCancel(LoanStatus status) => status is LoanStatus.Requested or LoanStatus.Approved;
}
