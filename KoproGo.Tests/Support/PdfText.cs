using System.Diagnostics;

namespace KoproGo.Tests.Support;

/// <summary>The text of a PDF as pdftotext (poppler-utils) reads it, page layout kept.</summary>
public static class PdfText
{
    public static async Task<string> Of(byte[] pdf)
    {
        Assert.True(pdf.Length > 4 && pdf[0] == '%' && pdf[1] == 'P' && pdf[2] == 'D' && pdf[3] == 'F', "not a PDF");
        var file = Path.GetTempFileName();
        try
        {
            await File.WriteAllBytesAsync(file, pdf);
            using var process = Process.Start(new ProcessStartInfo("/usr/bin/pdftotext", ["-layout", file, "-"]) { RedirectStandardOutput = true })!;
            var text = await process.StandardOutput.ReadToEndAsync();
            await process.WaitForExitAsync();
            Assert.Equal(0, process.ExitCode);
            return text;
        }
        finally
        {
            File.Delete(file);
        }
    }

    /// <summary>The letter's address block ends with the postcode and the city, a space between them, on a line of their own.</summary>
    public static void HasAddressLine(string text, string postcodeAndCity)
    {
        Assert.DoesNotContain(postcodeAndCity.Replace(" ", ""), text);
        Assert.Matches($@"(?m)^\s*{System.Text.RegularExpressions.Regex.Escape(postcodeAndCity)}(\s|$)", text);
    }
}
