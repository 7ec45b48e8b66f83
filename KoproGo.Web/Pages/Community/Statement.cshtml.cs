using KoproGo.Web.Infrastructure;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace KoproGo.Web.Pages.Community;

/// <summary>A member's statement of exchanges: each completed exchange, credits earned or spent, and the running balance.</summary>
public sealed class StatementModel(Db db) : PageModel
{
    public sealed record Line(long ExchangeId, DateTime TransferredAt, string Title, string Other, int Earned, int Spent)
    {
        public int Balance { get; set; }
    }

    public CommunityBuilding Building { get; private set; } = null!;
    public IReadOnlyList<Line> Lines { get; private set; } = [];

    public async Task<IActionResult> OnGet(long id)
    {
        if (await CommunityBuilding.Find(db, User.Viewer(), id) is not { MemberId: long me } building) return NotFound();
        Building = building;
        Lines = await db.Query<Line>($"""
            select t.exchange_id, t.transferred_at, x.title,
                   case when t.to_member = @me then f.name else o.name end as other,
                   case when t.to_member = @me then t.credits else 0 end as earned, case when t.from_member = @me then t.credits else 0 end as spent
            from sel_transfers t join sel_exchanges x on x.id = t.exchange_id join neighbours f on f.id = t.from_member join neighbours o on o.id = t.to_member
            where t.building_id = @id and (t.to_member = @me or t.from_member = @me) order by t.transferred_at, t.id
            """, new { id, me });
        var balance = 0;
        foreach (var line in Lines) line.Balance = balance += line.Earned - line.Spent;
        return Page();
    }
}
