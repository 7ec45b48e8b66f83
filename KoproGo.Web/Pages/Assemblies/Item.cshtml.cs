using KoproGo.Domain;
using KoproGo.Domain.Assemblies;
using KoproGo.Web.Infrastructure;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.Extensions.Localization;

namespace KoproGo.Web.Pages.Assemblies;

/// <summary>One agenda item: its text, the kind of decision (which suggests the majority), the majority, its documents.</summary>
[Authorize(Policy = Policies.Manage)]
public sealed class ItemModel(Db db, IStringLocalizer<SharedResource> l) : PageModel
{
    public sealed class ItemInput
    {
        public string? Title { get; set; }
        public string? Body { get; set; }
        public string? DecisionKind { get; set; } = "ordinary";
        /// <summary>Empty: the majority the kind of decision calls for.</summary>
        public string? Majority { get; set; }
        public List<long> DocumentIds { get; set; } = [];
    }

    public sealed record DocumentChoice(long Id, string Title, string Category);

    [BindProperty] public ItemInput Input { get; set; } = new();
    public Assembly Assembly { get; private set; } = null!;
    public long? ItemId { get; private set; }
    public IReadOnlyList<DocumentChoice> Documents { get; private set; } = [];

    private async Task<bool> Load(long id, long? itemId)
    {
        var assembly = await AssemblyData.Find(db, User.Viewer(), id);
        if (assembly is null || !assembly.IsDraft) return false;
        Assembly = assembly;
        Documents = await db.Query<DocumentChoice>(
            "select id, title, category from documents where building_id = @BuildingId order by uploaded_at desc limit 100", new { assembly.BuildingId });
        if (itemId is { } existing)
        {
            var item = (await AssemblyData.Items(db, id)).FirstOrDefault(i => i.Id == existing);
            if (item is null) return false;
            ItemId = item.Id;
            if (!Request.HasFormContentType)
                Input = new ItemInput
                {
                    Title = item.Title, Body = item.Body, DecisionKind = item.DecisionKind, Majority = item.Majority,
                    DocumentIds = item.Documents.Select(d => d.Id).ToList(),
                };
        }
        return true;
    }

    public async Task<IActionResult> OnGet(long id, long? itemId) => await Load(id, itemId) ? Page() : NotFound();

    public async Task<IActionResult> OnPost(long id, long? itemId)
    {
        if (!await Load(id, itemId)) return NotFound();
        if (await AssemblyData.LockStatus(db, id) != "draft") return NotFound();
        var check = new FormCheck(ModelState, l, "Input");
        var title = check.Required(nameof(Input.Title), Input.Title, 200);
        var body = check.Optional(nameof(Input.Body), Input.Body, 10000) ?? "";
        DecisionKind? kind = Codes.TryParse<DecisionKind>(Input.DecisionKind, out var k) ? k : null;
        if (kind is null) check.Error(nameof(Input.DecisionKind), "Choose one of the kinds offered.");
        string? majority = null;
        if (kind is not null && kind != DecisionKind.Information)
        {
            if (FormInput.Trimmed(Input.Majority) is null) majority = DecisionKinds.SuggestedMajority(kind.Value)!.Value.ToCode();
            else if (Labels.MajorityCodes.Contains(Input.Majority)) majority = Input.Majority;
            else check.Error(nameof(Input.Majority), "Choose one of the majorities offered.");
        }
        var documentIds = Input.DocumentIds.Distinct().ToArray();
        if (documentIds.Any(d => Documents.All(x => x.Id != d))) check.Error(nameof(Input.DocumentIds), "Choose documents of this building.");
        if (!ModelState.IsValid) return Page();

        var decisionKind = kind!.Value.ToCode();
        var savedId = ItemId is { } existing
            ? await db.Scalar<long>("""
                update agenda_items set title = @title, body = @body, decision_kind = @decisionKind, majority = @majority
                where id = @existing and assembly_id = @id returning id
                """, new { title, body, decisionKind, majority, existing, id })
            : await AssemblyData.AppendItem(db, id, title!, body, decisionKind, majority);
        await db.Execute("delete from agenda_item_documents where agenda_item_id = @savedId", new { savedId });
        await db.Execute("insert into agenda_item_documents (agenda_item_id, document_id) select @savedId, unnest(@documentIds)", new { savedId, documentIds });
        TempData["Notice"] = "The agenda has been saved.";
        return Redirect($"/assemblies/{id}#agenda");
    }
}
