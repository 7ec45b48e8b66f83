using System.IO.Compression;

namespace KoproGo.Web.Infrastructure.Documents;

/// <summary>
/// The kinds of file a building's documents may be, recognised by their content, never by their name or by what the
/// browser claims: PDF, JPEG, PNG, and the Word, Excel and OpenDocument formats.
/// </summary>
public static class FileKinds
{
    public sealed record Kind(string ContentType, string Extension);

    public static readonly Kind Pdf = new("application/pdf", ".pdf");

    /// <summary>The kind of the content, or null when it is not one we accept. The stream is read from its start.</summary>
    public static Kind? Recognise(Stream content)
    {
        var head = new byte[8];
        content.Position = 0;
        var read = content.ReadAtLeast(head, head.Length, throwOnEndOfStream: false);
        content.Position = 0;
        if (read >= 5 && head.AsSpan(0, 5).SequenceEqual("%PDF-"u8)) return Pdf;
        if (read >= 3 && head[0] == 0xFF && head[1] == 0xD8 && head[2] == 0xFF) return new("image/jpeg", ".jpg");
        if (read >= 8 && head.AsSpan(0, 8).SequenceEqual(new byte[] { 0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A })) return new("image/png", ".png");
        if (read >= 4 && head.AsSpan(0, 4).SequenceEqual("PK\u0003\u0004"u8)) return OfficeDocument(content);
        return null;
    }

    private static Kind? OfficeDocument(Stream content)
    {
        try
        {
            using var zip = new ZipArchive(content, ZipArchiveMode.Read, leaveOpen: true);
            var names = zip.Entries.Select(e => e.FullName).ToHashSet();
            if (names.Contains("word/document.xml")) return new("application/vnd.openxmlformats-officedocument.wordprocessingml.document", ".docx");
            if (names.Contains("xl/workbook.xml")) return new("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", ".xlsx");
            if (zip.GetEntry("mimetype") is { } mimetype)
            {
                using var reader = new StreamReader(mimetype.Open());
                return reader.ReadToEnd().Trim() switch
                {
                    "application/vnd.oasis.opendocument.text" => new("application/vnd.oasis.opendocument.text", ".odt"),
                    "application/vnd.oasis.opendocument.spreadsheet" => new("application/vnd.oasis.opendocument.spreadsheet", ".ods"),
                    _ => null,
                };
            }
            return null;
        }
        catch (InvalidDataException)
        {
            return null;
        }
        finally
        {
            content.Position = 0;
        }
    }

    /// <summary>A name fit for a download: no folders, no control or reserved characters, the kind's extension.</summary>
    public static string SafeName(string? uploadedName, Kind kind)
    {
        var name = Path.GetFileNameWithoutExtension((uploadedName ?? "").Replace('\\', '/').Split('/').Last());
        name = new string(name.Where(c => !char.IsControl(c) && c is not ('"' or '<' or '>' or '|' or ':' or '*' or '?')).ToArray()).Trim(' ', '.');
        if (name.Length == 0) name = "document";
        if (name.Length > 150) name = name[..150];
        return name + kind.Extension;
    }
}
