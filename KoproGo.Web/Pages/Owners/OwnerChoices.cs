using KoproGo.Web.Infrastructure;
using Microsoft.Extensions.Localization;

namespace KoproGo.Web.Pages.Owners;

/// <summary>The organisation's owners as choices of a select: "Sophie Lambert (Uccle)", the city telling namesakes apart.</summary>
public static class OwnerChoices
{
    private sealed record Option(long Id, string? FirstName, string LastName, string? City);

    public static async Task<IReadOnlyList<(string Value, string Text)>> Of(Db db, Viewer viewer, IStringLocalizer l)
    {
        var owners = await db.Query<Option>(
            "select id, first_name, last_name, city from owners where organisation_id = @OrgId order by last_name collate natural_sort, first_name collate natural_sort",
            viewer.Params());
        return owners
            .Select(o => (o.Id.ToString(), Labels.PersonName(o.FirstName, o.LastName) + (o.City is null ? "" : $" ({o.City})")))
            .Prepend(("", l["— choose —"].Value)).ToList();
    }
}
