namespace KoproGo.Domain.Assemblies;

/// <summary>The delays of the general assembly, in calendar days (Brussels dates).</summary>
public static class Delays
{
    /// <summary>Art. 3.87 §3: the convocation is sent at least 15 days before the meeting, unless the regulation says otherwise.</summary>
    public const int ConvocationDays = 15;

    /// <summary>Art. 3.87 §5: a second assembly, when the first lacked its quorum, at least 15 days after it.</summary>
    public const int SecondAssemblyDays = 15;

    /// <summary>Minutes reach the owners within 30 days of the assembly.</summary>
    public const int MinutesDays = 30;

    /// <summary>Art. 3.87 §2: owners asking for an assembly may call it themselves after 15 days without action of the syndic.</summary>
    public const int RequestFollowUpDays = 15;

    /// <summary>Practice, not law: owners who have not opened their convocation get a reminder this many days before.</summary>
    public const int ReminderDaysBefore = 3;

    /// <summary>The syndic is warned this many days before the minutes are due.</summary>
    public const int MinutesWarningDays = 7;

    public static bool ConvocationInTime(DateOnly sentOn, DateOnly meetingOn, int regulationDays = ConvocationDays) =>
        meetingOn.DayNumber - sentOn.DayNumber >= regulationDays;

    public static DateOnly LatestConvocation(DateOnly meetingOn, int regulationDays = ConvocationDays) => meetingOn.AddDays(-regulationDays);

    public static DateOnly EarliestSecondAssembly(DateOnly firstAssembly) => firstAssembly.AddDays(SecondAssemblyDays);

    public static DateOnly MinutesDue(DateOnly assembly) => assembly.AddDays(MinutesDays);

    /// <summary>Art. 3.87 §2: from this day, the owners who asked may call the assembly themselves.</summary>
    public static DateOnly OwnersMayConvene(DateOnly thresholdReached) => thresholdReached.AddDays(RequestFollowUpDays);

    /// <summary>Art. 3.87 §2: owners holding at least one fifth of the shares may ask the syndic to call an assembly.</summary>
    public static bool MayRequestAssembly(long sharesOfRequesters, long totalShares) =>
        totalShares > 0 && sharesOfRequesters * 5 >= totalShares;
}
