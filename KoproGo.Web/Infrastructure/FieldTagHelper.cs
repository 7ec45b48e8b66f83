using System.Globalization;
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
public sealed class FieldTagHelper : TagHelper
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
        var errors = state is { Errors.Count: > 0 } ? state.Errors.Select(e => e.ErrorMessage).Where(m => m.Length > 0).ToList() : [];
        // A password is never sent back to the browser, even to keep what was typed; a file input takes no value.
        var value = Type is "password" or "file" ? null : state?.AttemptedValue ?? Format(For is null ? Value : For.Model);

        var radios = Type == "radio" && Options is not null;
        output.TagName = radios ? "fieldset" : "div";
        output.TagMode = TagMode.StartTagAndEndTag;
        output.Attributes.SetAttribute("class", errors.Count > 0 ? "field has-error" : "field");
        if (radios) output.Attributes.SetAttribute("id", id); // the error summary's link goes to the group

        // Written piece by piece into the page's buffer, texts encoded as the page is sent: a select of a hundred
        // choices is not built as one string and copied (it was a quarter of what the journal page allocated).
        var html = output.Content;
        if (radios) html.AppendHtml("<legend>");
        else html.AppendHtml("<label for=\"").Append(id).AppendHtml("\">");
        html.Append(Label);
        if (Required) html.AppendHtml("<span class=\"required\" aria-hidden=\"true\"> *</span>");
        html.AppendHtml(radios ? "</legend>" : "</label>");
        string? describedBy = null;
        if (Hint is not null)
        {
            html.AppendHtml("<p class=\"hint\" id=\"").Append(id).AppendHtml("-hint\">").Append(Hint).AppendHtml("</p>");
            describedBy = $"{id}-hint";
        }
        if (errors.Count > 0)
        {
            html.AppendHtml("<p class=\"error\" id=\"").Append(id).AppendHtml("-error\">").Append(string.Join(" ", errors)).AppendHtml("</p>");
            describedBy = describedBy is null ? $"{id}-error" : $"{describedBy} {id}-error";
        }

        if (radios)
        {
            // The group carries the hint and the error; each button its own label.
            if (describedBy is not null) output.Attributes.SetAttribute("aria-describedby", describedBy);
            html.AppendHtml("<div class=\"choices\">");
            foreach (var (optionValue, text) in Options!)
            {
                html.AppendHtml("<label><input type=\"radio\" name=\"").Append(name).AppendHtml("\" value=\"").Append(optionValue)
                    .AppendHtml(optionValue == value ? "\" checked> " : "\"> ").Append(text).AppendHtml("</label>");
            }
            html.AppendHtml("</div>");
        }
        else if (Options is not null)
        {
            html.AppendHtml("<select");
            Common(html, id, name, errors.Count > 0, describedBy, alwaysChosen: Options.FirstOrDefault().Value is { Length: > 0 });
            html.AppendHtml(">");
            foreach (var (optionValue, text) in Options)
            {
                html.AppendHtml("<option value=\"").Append(optionValue).AppendHtml(optionValue == value ? "\" selected>" : "\">")
                    .Append(text).AppendHtml("</option>");
            }
            html.AppendHtml("</select>");
        }
        else if (Type == "textarea")
        {
            html.AppendHtml("<textarea");
            Common(html, id, name, errors.Count > 0, describedBy, alwaysChosen: false);
            if (MaxLength is not null) html.AppendHtml($" maxlength=\"{MaxLength}\"");
            html.AppendHtml($" rows=\"{Rows}\">").Append(value ?? "").AppendHtml("</textarea>");
        }
        else
        {
            html.AppendHtml("<input type=\"").Append(Type).AppendHtml("\"");
            Common(html, id, name, errors.Count > 0, describedBy, alwaysChosen: false);
            if (MaxLength is not null) html.AppendHtml($" maxlength=\"{MaxLength}\"");
            if (InputMode is not null) html.AppendHtml(" inputmode=\"").Append(InputMode).AppendHtml("\"");
            if (Accept is not null) html.AppendHtml(" accept=\"").Append(Accept).AppendHtml("\"");
            if (Type == "file") html.AppendHtml(Multiple ? " multiple>" : ">");
            else html.AppendHtml(" value=\"").Append(value ?? "").AppendHtml("\">");
        }
    }

    /// <summary>The attributes every control has: id, name, required, the error and hint it is described by.</summary>
    private void Common(TagHelperContent html, string id, string name, bool invalid, string? describedBy, bool alwaysChosen)
    {
        html.AppendHtml(" id=\"").Append(id).AppendHtml("\" name=\"").Append(name).AppendHtml("\"");
        // A select whose first choice is a real one always has a value: HTML allows `required` there only with an empty
        // placeholder first, so such a select says it is required to assistive technology alone.
        if (Required) html.AppendHtml(alwaysChosen ? " aria-required=\"true\"" : " required aria-required=\"true\"");
        if (invalid) html.AppendHtml(" aria-invalid=\"true\"");
        if (describedBy is not null) html.AppendHtml(" aria-describedby=\"").Append(describedBy).AppendHtml("\"");
        if (Autocomplete is not null) html.AppendHtml(" autocomplete=\"").Append(Autocomplete).AppendHtml("\"");
    }

    private static string? Format(object? model) => model switch
    {
        null => null,
        DateOnly d => d.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
        IFormattable f => f.ToString(null, CultureInfo.InvariantCulture),
        _ => model.ToString(),
    };
}
