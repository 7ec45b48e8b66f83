namespace KoproGo.Web.Infrastructure.Pdf;

/// <summary>The site's stylesheet, read once, for documents that must carry their styles inside them.</summary>
public static class Stylesheet
{
    private static readonly Lazy<string> Content = new(() =>
        File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "wwwroot", "css", "site.css")));

    public static string Css => Content.Value;
}
