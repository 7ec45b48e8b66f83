using System.Globalization;
using System.Text;

namespace KoproGo.Domain.Calendar;

/// <summary>An event to put in someone's calendar.</summary>
public sealed record CalendarEvent(string Uid, DateTime StartUtc, DateTime EndUtc, string Summary, string Location, string Description);

/// <summary>
/// An iCalendar file (RFC 5545) with one event, as mail clients add it to a calendar: times in UTC, text escaped,
/// lines folded at 75 octets, CRLF line ends.
/// </summary>
public static class Ics
{
    public static string Write(CalendarEvent e, DateTime stampUtc)
    {
        var lines = new[]
        {
            "BEGIN:VCALENDAR", "VERSION:2.0", "PRODID:-//KoproGo//Community//EN", "CALSCALE:GREGORIAN", "METHOD:PUBLISH",
            "BEGIN:VEVENT", $"UID:{e.Uid}", $"DTSTAMP:{Utc(stampUtc)}", $"DTSTART:{Utc(e.StartUtc)}", $"DTEND:{Utc(e.EndUtc)}",
            $"SUMMARY:{Escape(e.Summary)}", $"LOCATION:{Escape(e.Location)}", $"DESCRIPTION:{Escape(e.Description)}",
            "END:VEVENT", "END:VCALENDAR",
        };
        var text = new StringBuilder();
        foreach (var line in lines) text.Append(Fold(line)).Append("\r\n");
        return text.ToString();
    }

    private static string Utc(DateTime t) => t.ToString("yyyyMMdd'T'HHmmss'Z'", CultureInfo.InvariantCulture);

    public static string Escape(string text) =>
        text.Replace("\\", "\\\\").Replace(";", "\\;").Replace(",", "\\,").Replace("\r\n", "\\n").Replace("\n", "\\n");

    /// <summary>Lines longer than 75 octets continue on the next line after a space, never splitting a UTF-8 character.</summary>
    public static string Fold(string line)
    {
        var result = new StringBuilder();
        var octets = 0;
        foreach (var rune in line.EnumerateRunes())
        {
            var size = rune.Utf8SequenceLength;
            if (octets + size > 75)
            {
                result.Append("\r\n ");
                octets = 1;
            }
            result.Append(rune.ToString());
            octets += size;
        }
        return result.ToString();
    }
}
