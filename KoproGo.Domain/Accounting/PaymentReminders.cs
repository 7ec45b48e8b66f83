namespace KoproGo.Domain.Accounting;

/// <summary>The steps of recovering an unpaid call for funds; each one sent is recorded.</summary>
public enum ReminderStep
{
    None,
    /// <summary>15 days late: a friendly reminder, by e-mail, free of charge.</summary>
    Friendly,
    /// <summary>30 days late: a firm reminder, by e-mail.</summary>
    Firm,
    /// <summary>60 days late: formal notice by registered letter (mise en demeure, which puts the owner in default).</summary>
    FormalNotice,
    /// <summary>After the formal notice: handed to a bailiff or the justice of the peace, decided by the syndic.</summary>
    Legal,
}

/// <summary>How a step reaches the owner.</summary>
public enum ReminderChannel { Email, Post, Registered, Legal }

/// <summary>Where an unpaid amount stands, by how long it is overdue (the arrears page's columns).</summary>
public enum ArrearsAge { Days0To30, Days31To60, Days61To90, Over90 }

/// <summary>
/// Recovering unpaid calls for funds, as Belgian syndics practise it (belgian-rules.md, "Money owed"): a friendly
/// reminder at +15 days, a firm one at +30, a formal notice by registered letter at +60, then the bailiff or the
/// justice of the peace. A step is never skipped and comes at the earliest 15 days after the previous one, so a job
/// that did not run for a while catches up one step at a time.
/// </summary>
public static class PaymentReminders
{
    public const int FriendlyAfterDays = 15;
    public const int FirmAfterDays = 30;
    public const int FormalNoticeAfterDays = 60;
    /// <summary>The least time between two steps, so that each one gives the owner time to pay.</summary>
    public const int DaysBetweenSteps = 15;

    /// <summary>How many days after the due date a step may be sent.</summary>
    public static int DaysLate(ReminderStep step) => step switch
    {
        ReminderStep.Friendly => FriendlyAfterDays,
        ReminderStep.Firm => FirmAfterDays,
        ReminderStep.FormalNotice => FormalNoticeAfterDays,
        ReminderStep.Legal => FormalNoticeAfterDays + DaysBetweenSteps,
        _ => 0,
    };

    /// <summary>The step an unpaid amount has reached today by its lateness alone.</summary>
    public static ReminderStep StepReached(DateOnly dueDate, DateOnly today)
    {
        var late = today.DayNumber - dueDate.DayNumber;
        return late >= FormalNoticeAfterDays ? ReminderStep.FormalNotice
            : late >= FirmAfterDays ? ReminderStep.Firm
            : late >= FriendlyAfterDays ? ReminderStep.Friendly
            : ReminderStep.None;
    }

    /// <summary>
    /// The next step the daily job sends, given the last one sent and when: one step further, once its lateness is
    /// reached and 15 days after the previous step. The job stops at the formal notice: going to law is a person's call.
    /// </summary>
    public static ReminderStep NextToSend(ReminderStep lastSent, DateOnly? lastSentOn, DateOnly dueDate, DateOnly today)
    {
        if (lastSent >= ReminderStep.FormalNotice) return ReminderStep.None;
        var next = lastSent + 1;
        return StepReached(dueDate, today) >= next && MayFollow(lastSentOn, today) ? next : ReminderStep.None;
    }

    /// <summary>The syndic may hand the file to a bailiff or the justice of the peace 15 days after the formal notice.</summary>
    public static bool MayGoToLaw(ReminderStep lastSent, DateOnly? lastSentOn, DateOnly today) =>
        lastSent == ReminderStep.FormalNotice && MayFollow(lastSentOn, today);

    private static bool MayFollow(DateOnly? previous, DateOnly today) =>
        previous is null || today.DayNumber - previous.Value.DayNumber >= DaysBetweenSteps;

    /// <summary>Reminders go by e-mail (by post without an address); the formal notice is a registered letter.</summary>
    public static ReminderChannel Channel(ReminderStep step, bool hasEmail) => step switch
    {
        ReminderStep.FormalNotice => ReminderChannel.Registered,
        ReminderStep.Legal => ReminderChannel.Legal,
        _ => hasEmail ? ReminderChannel.Email : ReminderChannel.Post,
    };

    /// <summary>The recovery fee of a step: the first reminder is always free; the others cost what the building set, if anything.</summary>
    public static decimal Fee(ReminderStep step, decimal firmFee, decimal formalNoticeFee) => step switch
    {
        ReminderStep.Firm => firmFee,
        ReminderStep.FormalNotice => formalNoticeFee,
        _ => 0m,
    };

    /// <summary>The age column of an amount overdue since <paramref name="dueDate"/> (0–30, 31–60, 61–90, over 90 days).</summary>
    public static ArrearsAge Age(DateOnly dueDate, DateOnly today)
    {
        var late = today.DayNumber - dueDate.DayNumber;
        return late > 90 ? ArrearsAge.Over90 : late > 60 ? ArrearsAge.Days61To90 : late > 30 ? ArrearsAge.Days31To60 : ArrearsAge.Days0To30;
    }

    /// <summary>
    /// A step's record moves once: sent → paid (the call is settled) or sent → cancelled (by the syndic, the latest step
    /// only). The database's trigger recovery_steps_guard allows the same moves.
    /// </summary>
    public static bool MayMove(string from, string to) => (from, to) is ("sent", "paid") or ("sent", "cancelled");
}
