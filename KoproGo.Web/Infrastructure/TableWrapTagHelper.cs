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
            // The caption's helper (below) writes its text here while the table renders; reading the caption out of
            // the rendered table instead cost a copy of the whole table per page.
            var caption = new CaptionText();
            context.Items[typeof(CaptionText)] = caption;
            await output.GetChildContentAsync();
            name = caption.Text;
        }
        output.Attributes.SetAttribute("tabindex", "0");
        if (string.IsNullOrWhiteSpace(name)) return;
        output.Attributes.SetAttribute("role", "region");
        output.Attributes.SetAttribute("aria-label", Spaces().Replace(name, " ").Trim());
    }

    internal sealed class CaptionText
    {
        public string? Text { get; set; }
    }

    [GeneratedRegex(@"\s+")]
    private static partial Regex Spaces();
}

/// <summary>Hands a table's caption text to the <see cref="TableWrapTagHelper"/> around it, if any.</summary>
[HtmlTargetElement("caption")]
public sealed partial class TableCaptionTagHelper : TagHelper
{
    public override async Task ProcessAsync(TagHelperContext context, TagHelperOutput output)
    {
        if (context.Items.TryGetValue(typeof(TableWrapTagHelper.CaptionText), out var holder)
            && holder is TableWrapTagHelper.CaptionText { Text: null } caption)
            caption.Text = WebUtility.HtmlDecode(Tags().Replace((await output.GetChildContentAsync()).GetContent(), " "));
    }

    [GeneratedRegex("<[^>]+>")]
    private static partial Regex Tags();
}
