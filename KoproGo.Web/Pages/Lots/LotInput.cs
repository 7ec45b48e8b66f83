using KoproGo.Web.Infrastructure;
using Microsoft.AspNetCore.Mvc.ModelBinding;
using Microsoft.Extensions.Localization;

namespace KoproGo.Web.Pages.Lots;

public sealed class LotInput
{
    public string? Number { get; set; }
    public string? Kind { get; set; } = "apartment";
    public string? Floor { get; set; }
    public string? Area { get; set; }
    public string? Quota { get; set; }

    public sealed record Values(string Number, string Kind, int? Floor, decimal? Area, int Quota);

    public Values? Validate(ModelStateDictionary state, IStringLocalizer l)
    {
        var check = new FormCheck(state, l, "Input");
        var number = check.Required(nameof(Number), Number, 20);
        var kind = Labels.LotKindCodes.Contains(Kind) ? Kind : null;
        if (kind is null) check.Error(nameof(Kind), "Choose one of the types offered.");
        var floor = check.Integer(nameof(Floor), Floor, -10, 200, required: false);
        var area = check.Decimal(nameof(Area), Area, 0.01m, 100_000m, required: false);
        var quota = check.Integer(nameof(Quota), Quota, 1, 1_000_000, required: true);
        return state.IsValid ? new Values(number!, kind!, floor, area, quota!.Value) : null;
    }

    public static LotInput From(Values v) => new()
    {
        Number = v.Number, Kind = v.Kind, Floor = v.Floor?.ToString(), Area = v.Area?.ToString(System.Globalization.CultureInfo.CurrentCulture),
        Quota = v.Quota.ToString(),
    };
}
