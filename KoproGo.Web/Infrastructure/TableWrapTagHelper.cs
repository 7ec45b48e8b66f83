using System.Net;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Razor.TagHelpers;

namespace KoproGo.Web.Infrastructure;

/// <summary>
/// A wide table scrolls inside its <c>&lt;div class="table-wrap"&gt;</c> on a phone: the region is reachable by keyboard
/// (WCAG 2.1.1, axe's scrollable-region-focusable) and named for screen readers, by its <c>label</c> or else by the
/// table's caption.
/// </summary>
[HtmlTargetElement("div", Attributes = "[class=table-wrap]")]
public sealed partial class TableWrapTagHelper : TagHelper
{
    public string? Label { get; set; }

    public override async Task ProcessAsync(TagHelperContext context, TagHelperOutput output)
    {
        var name = Label;
        if (name is null)
        {
            var inside = (await output.GetChildContentAsync()).GetContent();
            if (Caption().Match(inside) is { Success: true } caption)
                name = WebUtility.HtmlDecode(Tags().Replace(caption.Groups[1].Value, " ")).Trim();
        }
        output.Attributes.SetAttribute("tabindex", "0");
        if (string.IsNullOrWhiteSpace(name)) return;
        output.Attributes.SetAttribute("role", "region");
        output.Attributes.SetAttribute("aria-label", Spaces().Replace(name, " "));
    }

    [GeneratedRegex("<caption[^>]*>(.*?)</caption>", RegexOptions.Singleline | RegexOptions.IgnoreCase)]
    private static partial Regex Caption();

    [GeneratedRegex("<[^>]+>")]
    private static partial Regex Tags();

    [GeneratedRegex(@"\s+")]
    private static partial Regex Spaces();
}
