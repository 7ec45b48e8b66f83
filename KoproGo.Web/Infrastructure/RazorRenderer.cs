using System.Globalization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.Abstractions;
using Microsoft.AspNetCore.Mvc.ModelBinding;
using Microsoft.AspNetCore.Mvc.Razor;
using Microsoft.AspNetCore.Mvc.Rendering;
using Microsoft.AspNetCore.Mvc.ViewFeatures;
using Microsoft.AspNetCore.Routing;

namespace KoproGo.Web.Infrastructure;

/// <summary>
/// Renders a Razor view to a string in a given language, outside any request: e-mails and PDFs use the same
/// templates and resources as the pages.
/// </summary>
public sealed class RazorRenderer(IRazorViewEngine engine, ITempDataProvider tempData, IServiceScopeFactory scopes)
{
    public sealed record Rendered(string Html, ViewDataDictionary ViewData);

    public async Task<Rendered> Render(string viewPath, object model, string language, IDictionary<string, object?>? viewData = null)
    {
        using var scope = scopes.CreateScope();
        var http = new DefaultHttpContext { RequestServices = scope.ServiceProvider };
        var actionContext = new ActionContext(http, new RouteData(), new ActionDescriptor());
        var view = engine.GetView(executingFilePath: null, viewPath, isMainPage: true).View
            ?? throw new InvalidOperationException($"No view at {viewPath}");
        // Typed as the view's model, so the view uses this very dictionary (and what it sets, like the subject, comes back).
        var data = (ViewDataDictionary)Activator.CreateInstance(
            typeof(ViewDataDictionary<>).MakeGenericType(model.GetType()), new EmptyModelMetadataProvider(), new ModelStateDictionary())!;
        data.Model = model;
        foreach (var (key, value) in viewData ?? new Dictionary<string, object?>()) data[key] = value;

        var (culture, uiCulture) = (CultureInfo.CurrentCulture, CultureInfo.CurrentUICulture);
        CultureInfo.CurrentCulture = CultureInfo.CurrentUICulture = Languages.Culture(language);
        try
        {
            await using var writer = new StringWriter();
            var context = new ViewContext(actionContext, view, data, new TempDataDictionary(http, tempData), writer, new HtmlHelperOptions());
            await view.RenderAsync(context);
            return new Rendered(writer.ToString(), data);
        }
        finally
        {
            (CultureInfo.CurrentCulture, CultureInfo.CurrentUICulture) = (culture, uiCulture);
        }
    }
}
