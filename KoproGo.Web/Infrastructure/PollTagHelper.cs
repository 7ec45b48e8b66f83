using System.Text.Json;
using Microsoft.AspNetCore.Razor.TagHelpers;

namespace KoproGo.Web.Infrastructure;

/// <summary>
/// <c>poll-url="…"</c> on an element that follows work under way (letters, bank matching, a copy of one's data, the
/// assembly screen): htmx asks the url again every few seconds and swaps the element, sending <c>poll-seen</c> so the
/// page can answer 204 while nothing changed. With no url (the work is over) no htmx attribute is written at all: an
/// empty <c>hx-get</c> would still fire on a click (Razor writes <c>data-*</c> attributes even when null).
/// </summary>
[HtmlTargetElement(Attributes = "poll-url")]
public sealed class PollTagHelper : TagHelper
{
    public string? PollUrl { get; set; }
    public string PollEvery { get; set; } = "2s";
    public string? PollSeen { get; set; }

    public override void Process(TagHelperContext context, TagHelperOutput output)
    {
        if (string.IsNullOrEmpty(PollUrl)) return;
        output.Attributes.SetAttribute("data-hx-get", PollUrl);
        output.Attributes.SetAttribute("data-hx-trigger", $"every {PollEvery}");
        output.Attributes.SetAttribute("data-hx-swap", "outerHTML");
        if (PollSeen is not null) output.Attributes.SetAttribute("data-hx-vals", JsonSerializer.Serialize(new { seen = PollSeen }));
    }
}
