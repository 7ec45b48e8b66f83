using System.Diagnostics;

namespace KoproGo.Tests.Support;

/// <summary>
/// The QR codes printed in a PDF, read back by independent tools: pdftoppm (poppler-utils) draws its first page,
/// zbarimg (zbar-tools) decodes it and gives each code's bytes as they are, without guessing a character set.
/// </summary>
public static class QrScan
{
    public static async Task<byte[]> FirstCodeOf(byte[] pdf)
    {
        var folder = Directory.CreateTempSubdirectory("koprogo-qr").FullName;
        try
        {
            var file = Path.Combine(folder, "letter.pdf");
            await File.WriteAllBytesAsync(file, pdf);
            await Run("/usr/bin/pdftoppm", ["-png", "-r", "200", "-f", "1", "-l", "1", file, Path.Combine(folder, "page")]);
            var page = Directory.GetFiles(folder, "page*.png").Single();
            return await Run("/usr/bin/zbarimg", ["--raw", "-q", "-Sbinary", "-Sqrcode.enable", page]);
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    /// <summary>The QR code of an image (PNG), as zbarimg reads it.</summary>
    public static async Task<byte[]> CodeOfImage(byte[] png)
    {
        var folder = Directory.CreateTempSubdirectory("koprogo-qr").FullName;
        try
        {
            var file = Path.Combine(folder, "code.png");
            await File.WriteAllBytesAsync(file, png);
            return await Run("/usr/bin/zbarimg", ["--raw", "-q", "-Sbinary", "-Sqrcode.enable", file]);
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    private static async Task<byte[]> Run(string tool, string[] arguments)
    {
        using var process = Process.Start(new ProcessStartInfo(tool, arguments) { RedirectStandardOutput = true, RedirectStandardError = true })!;
        using var output = new MemoryStream();
        await process.StandardOutput.BaseStream.CopyToAsync(output);
        var errors = await process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        Assert.True(process.ExitCode == 0, $"{tool} failed ({process.ExitCode}): {errors}");
        return output.ToArray();
    }
}
