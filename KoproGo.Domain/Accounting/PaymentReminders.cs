namespace KoproGo.Domain.Accounting;

/// <summary>The steps of recovering an unpaid call for funds; each one sent is recorded.</summary>
public enum ReminderStep
{
    None,
    /// <summary>15 days late: a friendly reminder.</summary>
    Friendly,
    /// <summary>30 days late: a firm reminder.</summary>
    Firm,
    /// <summary>60 days late: formal notice by registered letter (mise en demeure).</summary>
    FormalNotice,
    /// <summary>After the formal notice: bailiff or justice of the peace, decided by a person.</summary>
    Legal,
}

public static class PaymentReminders
{
    public const int FriendlyAfterDays = 15;
    public const int FirmAfterDays = 30;
    public const int FormalNoticeAfterDays = 60;

    /// <summary>The step an unpaid amount has reached today; a step is never skipped, so a job sends the next one due.</summary>
    public static ReminderStep StepReached(DateOnly dueDate, DateOnly today)
    {
        var late = today.DayNumber - dueDate.DayNumber;
        return late >= FormalNoticeAfterDays ? ReminderStep.FormalNotice
            : late >= FirmAfterDays ? ReminderStep.Firm
            : late >= FriendlyAfterDays ? ReminderStep.Friendly
            : ReminderStep.None;
    }

    /// <summary>The next step to send, given the last one sent: at most one step further, and only once it is reached.</summary>
    public static ReminderStep NextToSend(ReminderStep lastSent, DateOnly dueDate, DateOnly today)
    {
        var reached = StepReached(dueDate, today);
        if (lastSent >= ReminderStep.FormalNotice || reached <= lastSent) return ReminderStep.None;
        return lastSent + 1;
    }
}
