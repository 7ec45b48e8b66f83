using KoproGo.Web.Infrastructure;

namespace KoproGo.Tests.Pages;

public class ViewerTests
{
    private static readonly Viewer Syndic = new(7, 2, "Claire", new HashSet<string> { Roles.Syndic }, null, []);

    [Fact]
    public void A_page_parameter_named_like_the_scope_is_refused_whatever_its_case()
    {
        // PostgreSQL matches parameter names without case: @ownerId would be bound to the viewer's own owner id.
        Assert.Throws<ArgumentException>(() => Syndic.Params(new { viewerOwnerId = 5L }));
        Assert.Throws<ArgumentException>(() => Syndic.Params(new { orgid = 1L }));
    }

    [Fact]
    public void The_scope_comes_from_the_viewer()
    {
        var p = Syndic.Params(new { ownerId = 5L });
        // (the page's own ownerId travels too: the invitation tests bind it to a real owner)
        Assert.Equal(2L, p.Get<long>("OrgId"));
        Assert.Equal(0L, p.Get<long>("ViewerOwnerId"));
    }
}
