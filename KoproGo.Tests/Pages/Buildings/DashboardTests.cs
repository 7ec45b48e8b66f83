using KoproGo.Tests.Support;

namespace KoproGo.Tests.Pages.Buildings;

public class DashboardTests(App app) : AppTest(app)
{
    [Fact]
    public async Task The_syndic_sees_their_three_buildings_with_key_figures_and_nothing_of_the_other_firm()
    {
        var page = await (await SignedIn("syndic@demo.koprogo.be")).Get("/dashboard");
        Assert.Equal(["Gebouw De Linde", "Résidence du Parc", "Résidence Les Tilleuls"], page.Texts(".card h2"));
        Assert.Contains("Syndic Horizon SRL", page.QuerySelector("h1")?.TextContent);
        var tilleuls = page.QuerySelectorAll(".card").Single(c => c.TextContent.Contains("Les Tilleuls"));
        Assert.Contains("42", tilleuls.TextContent);
        Assert.Contains("10", tilleuls.TextContent);
        Assert.DoesNotContain("Quai de Meuse", page.MainText());
    }

    [Fact]
    public async Task A_board_member_sees_only_the_building_of_their_board()
    {
        var page = await (await SignedIn("board@demo.koprogo.be")).Get("/dashboard");
        Assert.Equal(["Résidence Les Tilleuls"], page.Texts(".card h2"));
    }
}
