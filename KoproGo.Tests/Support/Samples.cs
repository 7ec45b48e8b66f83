namespace KoproGo.Tests.Support;

/// <summary>Small things many tests need: the checkout's root and the smallest file PDF readers accept.</summary>
public static class Samples
{
    /// <summary>The folder holding KoproGo.sln, found above the tests' build output.</summary>
    public static string RepositoryRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            if (File.Exists(Path.Combine(dir.FullName, "KoproGo.sln"))) return dir.FullName;
        throw new InvalidOperationException("KoproGo.sln not found above " + AppContext.BaseDirectory);
    }

    /// <summary>A minimal PDF: a catalog and a trailer, enough for the upload checks that look at the content.</summary>
    public static byte[] MinimalPdf => "%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n"u8.ToArray();
}
