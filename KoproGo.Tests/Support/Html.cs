using AngleSharp.Dom;
using AngleSharp.Html.Dom;

namespace KoproGo.Tests.Support;

public static class Html
{
    /// <summary>The message shown next to a field (the element its aria-describedby points to with class "error").</summary>
    public static string? FieldError(this IHtmlDocument page, string fieldName)
    {
        return page.GetElementById($"{KoproGo.Web.Infrastructure.FieldTagHelper.IdOf(fieldName)}-error")?.TextContent.Trim();
    }

    public static string? FieldValue(this IHtmlDocument page, string fieldName) =>
        page.QuerySelector($"[name='{fieldName}']") switch
        {
            IHtmlInputElement input => input.Value,
            IHtmlSelectElement select => select.Value,
            IHtmlTextAreaElement area => area.Value,
            _ => null,
        };

    public static string MainText(this IHtmlDocument page) => page.QuerySelector("main")?.TextContent ?? "";

    public static IEnumerable<string> Texts(this IParentNode node, string selector) =>
        node.QuerySelectorAll(selector).Select(e => e.TextContent.Trim());
}
