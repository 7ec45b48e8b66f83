using System.Text.Json;

namespace KoproGo.Tests.Support;

/// <summary>Debian's exiftool (libimage-exiftool-perl): writes a camera's metadata into a test photo and reads back what a file carries.</summary>
public static class ExifTool
{
    /// <summary>The file's tags as exiftool reads them (-n: numbers as numbers), by name.</summary>
    public static async Task<IReadOnlyDictionary<string, string>> Read(byte[] file)
    {
        var json = await Run(file, "-j", "-n");
        return JsonDocument.Parse(json).RootElement[0].EnumerateObject().ToDictionary(p => p.Name, p => p.Value.ToString());
    }

    /// <summary>The file with the tags written (e.g. "-GPSLatitude=50.8"), as a phone would have left them.</summary>
    public static Task<byte[]> Write(byte[] file, params string[] tags) => RunOnFile(file, [.. tags, "-overwrite_original"]);

    private static async Task<string> Run(byte[] file, params string[] arguments) =>
        System.Text.Encoding.UTF8.GetString(await RunOnFile(file, arguments, readBack: false));

    private static async Task<byte[]> RunOnFile(byte[] file, string[] arguments, bool readBack = true)
    {
        var folder = Directory.CreateTempSubdirectory("koprogo-exif").FullName;
        try
        {
            var path = Path.Combine(folder, "photo.jpg");
            await File.WriteAllBytesAsync(path, file);
            var (code, output, errors) = await Processes.Run("/usr/bin/exiftool", [.. arguments, path]);
            Assert.True(code == 0, $"exiftool failed: {errors}");
            return readBack ? await File.ReadAllBytesAsync(path) : System.Text.Encoding.UTF8.GetBytes(output);
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }
}
