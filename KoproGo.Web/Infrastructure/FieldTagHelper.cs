using System.Globalization;
using System.Text.Encodings.Web;
using Microsoft.AspNetCore.Mvc.Rendering;
using Microsoft.AspNetCore.Mvc.ViewFeatures;
using Microsoft.AspNetCore.Razor.TagHelpers;

namespace KoproGo.Web.Infrastructure;

/// <summary>
/// One accessible form field: label, optional hint, the error next to the field (linked by aria-describedby) and the
/// input keeping what the user typed when the form comes back with errors.
/// <c>&lt;field for="Input.Name" label="@L["Name"]" required /&gt;</c>; type="textarea" or options=… for other controls;
/// options=… with type="radio" gives a group of radio buttons in a fieldset, the label as its legend.
/// </summary>
[HtmlTargetElement("field", TagStructure = TagStructure.WithoutEndTag)]
public sealed class FieldTagHelper(HtmlEncoder encoder) : TagHelper
{
    [HtmlAttributeName("for")] public ModelExpression? For { get; set; }
    /// <summary>
    /// Instead of <c>for</c>, in a loop over rows: the field's name and value, e.g. <c>name="Entry.Lines[@i].Account"
    /// value="Model.Entry.Lines[i].Account"</c>. ASP.NET Core compiles an expression with a variable index
    /// (<c>for="Entry.Lines[i].Account"</c>) anew at each render, twice: about a millisecond a field.
    /// </summary>
    [HtmlAttributeName("name")] public string? FieldName { get; set; }
    [HtmlAttributeName("value")] public object? Value { get; set; }
    public string Label { get; set; } = "";
    public string Type { get; set; } = "text";
    public string? Hint { get; set; }
    public bool Required { get; set; }
    public int? MaxLength { get; set; }
    /// <summary>Visible lines of a textarea.</summary>
    public int Rows { get; set; } = 3;
    public string? Autocomplete { get; set; }
    public string? InputMode { get; set; }
    /// <summary>For type="file": the kinds the browser offers to pick (the server checks the content anyway).</summary>
    public string? Accept { get; set; }
    /// <summary>A file input taking several files at once.</summary>
    public bool Multiple { get; set; }
    /// <summary>Value and text of each choice, for a select.</summary>
    public IEnumerable<(string Value, string Text)>? Options { get; set; }

    [ViewContext, HtmlAttributeNotBound] public ViewContext ViewContext { get; set; } = null!;

    /// <summary>The id of a field's control (as ASP.NET Core makes it), which the error summary links to.</summary>
    public static string IdOf(string name) => name.Replace('.', '_').Replace('[', '_').Replace(']', '_');

    public override void Process(TagHelperContext context, TagHelperOutput output)
    {
        var name = For?.Name ?? FieldName ?? throw new InvalidOperationException("A field needs for=… or name=…");
        var id = IdOf(name);
        var state = ViewContext.ViewData.ModelState.TryGetValue(name, out var entry) ? entry : null;
        var errors = state?.Errors.Select(e => e.ErrorMessage).Where(m => m.Length > 0).ToList() ?? [];
        // A password is never sent back to the browser, even to keep what was typed; a file input takes no value.
        var value = Type is "password" or "file" ? null : state?.AttemptedValue ?? Format(For is null ? Value : For.Model);
        var enc = encoder;

        var radios = Type == "radio" && Options is not null;
        output.TagName = radios ? "fieldset" : "div";
        output.TagMode = TagMode.StartTagAndEndTag;
        output.Attributes.SetAttribute("class", errors.Count > 0 ? "field has-error" : "field");
        if (radios) output.Attributes.SetAttribute("id", id); // the error summary's link goes to the group

        var describedBy = new List<string>();
        var html = new System.Text.StringBuilder(radios ? "<legend>" : $"<label for=\"{id}\">");
        html.Append(enc.Encode(Label));
        if (Required) html.Append("<span class=\"required\" aria-hidden=\"true\"> *</span>");
        html.Append(radios ? "</legend>" : "</label>");
        if (Hint is not null)
        {
            html.Append($"<p class=\"hint\" id=\"{id}-hint\">{enc.Encode(Hint)}</p>");
            describedBy.Add($"{id}-hint");
        }
        if (errors.Count > 0)
        {
            html.Append($"<p class=\"error\" id=\"{id}-error\">{enc.Encode(string.Join(" ", errors))}</p>");
            describedBy.Add($"{id}-error");
        }

        var common = new System.Text.StringBuilder($" id=\"{id}\" name=\"{enc.Encode(name)}\"");
        // A select whose first choice is a real one always has a value: HTML allows `required` there only with an empty
        // placeholder first, so such a select says it is required to assistive technology alone.
        var alwaysChosen = Options is not null && !radios && Options.FirstOrDefault().Value is { Length: > 0 };
        if (Required) common.Append(alwaysChosen ? " aria-required=\"true\"" : " required aria-required=\"true\"");
        if (errors.Count > 0) common.Append(" aria-invalid=\"true\"");
        if (describedBy.Count > 0) common.Append($" aria-describedby=\"{string.Join(' ', describedBy)}\"");
        if (Autocomplete is not null) common.Append($" autocomplete=\"{enc.Encode(Autocomplete)}\"");

        if (radios)
        {
            // The group carries the hint and the error; each button its own label.
            if (describedBy.Count > 0) output.Attributes.SetAttribute("aria-describedby", string.Join(' ', describedBy));
            html.Append("<div class=\"choices\">");
            foreach (var (optionValue, text) in Options!)
            {
                var selected = optionValue == value ? " checked" : "";
                html.Append($"<label><input type=\"radio\" name=\"{enc.Encode(name)}\" value=\"{enc.Encode(optionValue)}\"{selected}> {enc.Encode(text)}</label>");
            }
            html.Append("</div>");
        }
        else if (Options is not null)
        {
            html.Append($"<select{common}>");
            foreach (var (optionValue, text) in Options)
            {
                var selected = optionValue == value ? " selected" : "";
                html.Append($"<option value=\"{enc.Encode(optionValue)}\"{selected}>{enc.Encode(text)}</option>");
            }
            html.Append("</select>");
        }
        else if (Type == "textarea")
        {
            if (MaxLength is not null) common.Append($" maxlength=\"{MaxLength}\"");
            html.Append($"<textarea{common} rows=\"{Rows}\">{enc.Encode(value ?? "")}</textarea>");
        }
        else
        {
            if (MaxLength is not null) common.Append($" maxlength=\"{MaxLength}\"");
            if (InputMode is not null) common.Append($" inputmode=\"{enc.Encode(InputMode)}\"");
            if (Accept is not null) common.Append($" accept=\"{enc.Encode(Accept)}\"");
            html.Append(Type == "file"
                ? $"<input type=\"file\"{common}{(Multiple ? " multiple" : "")}>"
                : $"<input type=\"{enc.Encode(Type)}\"{common} value=\"{enc.Encode(value ?? "")}\">");
        }
        output.Content.SetHtmlContent(html.ToString());
    }

    private static string? Format(object? model) => model switch
    {
        null => null,
        DateOnly d => d.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
        IFormattable f => f.ToString(null, CultureInfo.InvariantCulture),
        _ => model.ToString(),
    };
}
