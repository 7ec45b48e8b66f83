using KoproGo.Domain.Assemblies;

namespace KoproGo.Tests.Domain.Assemblies;

public class QuorumTests
{
    [Theory]
    [InlineData(16, 30, 5000, true)]   // more than half of the owners, exactly half of the shares
    [InlineData(15, 30, 6000, false)]  // exactly half of the owners is not more than half
    [InlineData(16, 30, 4999, false)]  // owners enough, shares one short
    [InlineData(3, 30, 7501, true)]    // few owners but more than three quarters of the shares
    [InlineData(3, 30, 7500, false)]   // exactly three quarters is not more than three quarters
    public void The_assembly_deliberates_by_either_test(int owners, int allOwners, long shares, bool reached) =>
        Assert.Equal(reached, Quorum.IsReached(owners, allOwners, shares, 10_000));

    [Fact]
    public void A_second_assembly_needs_no_quorum() =>
        Assert.True(Quorum.IsReached(1, 30, 100, 10_000, secondAssembly: true));
}
