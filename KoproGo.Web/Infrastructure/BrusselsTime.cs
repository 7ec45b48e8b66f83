namespace KoproGo.Web.Infrastructure;

/// <summary>Every date the law counts (delays, ownership dates) is a date in Brussels.</summary>
public static class BrusselsTime
{
    public static readonly TimeZoneInfo Zone = TimeZoneInfo.FindSystemTimeZoneById("Europe/Brussels");

    public static DateOnly Today => DateOnly.FromDateTime(TimeZoneInfo.ConvertTimeFromUtc(DateTime.UtcNow, Zone));
}
