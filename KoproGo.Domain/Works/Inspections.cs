namespace KoproGo.Domain.Works;

/// <summary>When an inspection warning is due: a month before, on the day, and once overdue (each sent once).</summary>
public enum InspectionWarning { Soon, Due, Overdue }

/// <summary>
/// The building's maintenance log (carnet d'entretien): its equipment and their periodic inspections by an approved body.
/// Periodicities are data per building and equipment, with these defaults (shared/docs/belgian-rules.md, "Works and
/// maintenance"): a lift every 6 months (Royal Decree of 9 March 2003 on lift safety, risk-based 3 to 6 months), a
/// boiler yearly (regional heating rules), fire extinguishers and alarm yearly, the common parts' electrical
/// installation every 5 years (RGIE/AREI).
/// </summary>
public static class Inspections
{
    public static readonly IReadOnlyList<string> Kinds =
    [
        "lift", "boiler", "heat_pump", "ventilation", "fire_alarm", "extinguishers", "emergency_lighting", "gas",
        "electrical_installation", "roof", "facade", "sewage_pumps", "other",
    ];

    public static readonly IReadOnlyList<string> Results = ["compliant", "remarks", "non_compliant"];

    /// <summary>Months between two inspections when the building set nothing; null when the kind has no periodic inspection.</summary>
    public static int? DefaultMonths(string kind) => kind switch
    {
        "lift" => 6,
        "boiler" or "heat_pump" or "fire_alarm" or "extinguishers" or "emergency_lighting" or "gas" => 12,
        "electrical_installation" => 60,
        _ => null,
    };

    /// <summary>How many days before the due date the syndic is warned.</summary>
    public const int WarnDaysBefore = 30;

    /// <summary>
    /// The next inspection's date: the periodicity after the last one, or after the installation when none was recorded;
    /// null without a periodicity or without any date to count from (the page then asks for the last inspection).
    /// </summary>
    public static DateOnly? NextDue(DateOnly? lastDone, DateOnly? installedOn, int? months) =>
        months is not { } m ? null : (lastDone ?? installedOn)?.AddMonths(m);

    /// <summary>The warning due on <paramref name="today"/> for an inspection due on <paramref name="dueOn"/>, if any.</summary>
    public static InspectionWarning? WarningOn(DateOnly dueOn, DateOnly today) =>
        today > dueOn ? InspectionWarning.Overdue
        : today == dueOn ? InspectionWarning.Due
        : today >= dueOn.AddDays(-WarnDaysBefore) ? InspectionWarning.Soon
        : null;

    public static string Code(InspectionWarning warning) => warning switch
    {
        InspectionWarning.Soon => "soon",
        InspectionWarning.Due => "due",
        _ => "overdue",
    };

    /// <summary>A non-compliant result opens a problem report so that the actions are followed up.</summary>
    public static bool OpensAProblem(string result) => result == "non_compliant";

    /// <summary>The problem report's category for an equipment's kind.</summary>
    public static string ProblemCategory(string kind) => kind switch
    {
        "lift" => "lift",
        "boiler" or "heat_pump" or "gas" => "heating",
        "electrical_installation" or "emergency_lighting" => "electricity",
        _ => "other",
    };
}
