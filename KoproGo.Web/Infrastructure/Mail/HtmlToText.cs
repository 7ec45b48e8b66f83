using System.Net;
using System.Text.RegularExpressions;

namespace KoproGo.Web.Infrastructure.Mail;

/// <summary>The plain-text part of a mail, made from its HTML: paragraphs become lines, links keep their address.</summary>
public static partial class HtmlToText
{
    public static string Convert(string html)
    {
        var s = Head().Replace(html, "");
        s = Link().Replace(s, m => $"{m.Groups[2].Value} ({m.Groups[1].Value})");
        s = BlockEnd().Replace(s, "\n");
        s = Tag().Replace(s, "");
        s = WebUtility.HtmlDecode(s);
        var lines = s.Split('\n').Select(l => Spaces().Replace(l, " ").Trim());
        return BlankLines().Replace(string.Join("\n", lines), "\n\n").Trim() + "\n";
    }

    [GeneratedRegex(@"<(head|style|script)[^>]*>.*?</\1>", RegexOptions.Singleline | RegexOptions.IgnoreCase)]
    private static partial Regex Head();
    [GeneratedRegex(@"<a\s[^>]*href=""([^""]*)""[^>]*>(.*?)</a>", RegexOptions.Singleline | RegexOptions.IgnoreCase)]
    private static partial Regex Link();
    [GeneratedRegex(@"<br\s*/?>|</(p|div|h[1-6]|li|tr|dd|dt|footer|header|section)>", RegexOptions.IgnoreCase)]
    private static partial Regex BlockEnd();
    [GeneratedRegex(@"<[^>]+>")]
    private static partial Regex Tag();
    [GeneratedRegex(@"[ \t\r]+")]
    private static partial Regex Spaces();
    [GeneratedRegex(@"\n{3,}")]
    private static partial Regex BlankLines();
}
