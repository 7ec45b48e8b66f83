
namespace KoproGo.Tests.Support;

/// <summary>The text of a PDF as pdftotext (poppler-utils) reads it, page layout kept.</summary>
public static class PdfText
{
    public static Task<string> Of(byte[] pdf)
    {
        Assert.True(pdf.Length > 4 && pdf[0] == '%' && pdf[1] == 'P' && pdf[2] == 'D' && pdf[3] == 'F', "not a PDF");
        return InFile(pdf, file => Output("/usr/bin/pdftotext", ["-layout", file, "-"]));
    }

    /// <summary>The document's title as pdfinfo (poppler-utils) reads it, and the catalog's /Lang as qpdf reads it.</summary>
    public static Task<(string Title, string Language)> Metadata(byte[] pdf) => InFile(pdf, async file =>
    {
        var info = await Output("/usr/bin/pdfinfo", ["-enc", "UTF-8", file]);
        var title = info.Split('\n').FirstOrDefault(l => l.StartsWith("Title:"))?["Title:".Length..].Trim() ?? "";
        using var json = System.Text.Json.JsonDocument.Parse(await Output("/usr/bin/qpdf", ["--json=2", "--json-key=qpdf", file]));
        var objects = json.RootElement.GetProperty("qpdf")[1];
        var root = objects.GetProperty("trailer").GetProperty("value").GetProperty("/Root").GetString()!;
        var catalog = objects.GetProperty($"obj:{root}").GetProperty("value");
        var language = catalog.TryGetProperty("/Lang", out var lang) ? lang.GetString()!.Replace("u:", "") : "";
        return (title, language);
    });

    /// <summary>The PDF in a temporary file for the tools that read one, deleted afterwards.</summary>
    private static async Task<T> InFile<T>(byte[] pdf, Func<string, Task<T>> read)
    {
        var file = Path.GetTempFileName();
        try
        {
            await File.WriteAllBytesAsync(file, pdf);
            return await read(file);
        }
        finally
        {
            File.Delete(file);
        }
    }

    private static async Task<string> Output(string tool, string[] arguments)
    {
        var (code, output, _) = await Processes.Run(tool, arguments);
        Assert.Equal(0, code);
        return output;
    }

    /// <summary>The letter's address block ends with the postcode and the city, a space between them, on a line of their own.</summary>
    public static void HasAddressLine(string text, string postcodeAndCity)
    {
        Assert.DoesNotContain(postcodeAndCity.Replace(" ", ""), text);
        Assert.Matches($@"(?m)^\s*{System.Text.RegularExpressions.Regex.Escape(postcodeAndCity)}(\s|$)", text);
    }
}
