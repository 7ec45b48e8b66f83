namespace KoproGo.Web.Infrastructure;

/// <summary>CSV for spreadsheets (semicolons, as Belgian spreadsheets expect).</summary>
public static class Csv
{
    /// <summary>
    /// One text cell: quoted when it holds a separator, a quote or a line break; a text that a spreadsheet would run as
    /// a formula (starting with =, +, -, @, a tab or a carriage return) gets a leading apostrophe, so it is read as text.
    /// </summary>
    public static string Cell(string? text)
    {
        if (string.IsNullOrEmpty(text)) return "";
        if (text[0] is '=' or '+' or '-' or '@' or '\t' or '\r') text = "'" + text;
        return text.IndexOfAny([';', '"', '\n', '\r']) >= 0 ? $"\"{text.Replace("\"", "\"\"")}\"" : text;
    }

    /// <summary>A line of cells already made (numbers, dates, <see cref="Cell"/>s), ended as spreadsheets expect.</summary>
    public static string Line(params string[] cells) => string.Join(';', cells) + "\r\n";
}
