using Dapper;
using KoproGo.Tests.Support;
using Npgsql;

namespace KoproGo.Tests.Database;

/// <summary>The rules the database itself enforces, whatever the C# above it does.</summary>
public class ConstraintTests(App app) : AppTest(app)
{
    private async Task<(long Org, long Building)> BuildingWithRoom(int free)
    {
        var building = await Scalar<long>("select id from buildings where slug = 'residence-du-parc'");
        await Scalar<int>("update buildings set total_shares = total_shares + @free where id = @building returning 1", new { free, building });
        return (await Scalar<long>("select organisation_id from buildings where id = @building", new { building }), building);
    }

    private const string InsertLot = """
        insert into lots (organisation_id, building_id, number, kind, quota) values (@org, @building, @number, 'apartment', @quota)
        """;

    [Fact]
    public async Task The_database_refuses_quotas_above_the_building_total()
    {
        var (org, building) = await BuildingWithRoom(50);
        await using var conn = await App.DataSource.OpenConnectionAsync();
        var e = await Assert.ThrowsAsync<PostgresException>(() => conn.ExecuteAsync(InsertLot, new { org, building, number = "X", quota = 51 }));
        Assert.Equal("lots_quota_within_total", e.ConstraintName);
        await conn.ExecuteAsync(InsertLot, new { org, building, number = "X", quota = 50 });
    }

    [Fact]
    public async Task Twenty_concurrent_lots_competing_for_the_last_shares_leave_exactly_one_winner()
    {
        var (org, building) = await BuildingWithRoom(10);
        var attempts = Enumerable.Range(1, 20).Select(async i =>
        {
            await using var conn = await NpgsqlDataSource.Create(App.ConnectionString).OpenConnectionAsync();
            try
            {
                await conn.ExecuteAsync(InsertLot, new { org, building, number = $"R{i}", quota = 10 });
                return true;
            }
            catch (PostgresException e) when (e.ConstraintName == "lots_quota_within_total")
            {
                return false;
            }
        });
        var results = await Task.WhenAll(attempts);
        Assert.Equal(1, results.Count(ok => ok));
        Assert.Equal(1010L, await Scalar<long>("select sum(quota) from lots where building_id = @building", new { building }));
    }

    [Fact]
    public async Task Ownership_shares_must_make_a_whole_lot_at_every_date()
    {
        var lot = await Scalar<long>("select l.id from lots l join buildings b on b.id = l.building_id where b.slug = 'residence-du-parc' and l.number = '1'");
        var owner = await Scalar<long>("select id from owners where last_name = 'Lejeune'");
        await using var conn = await App.DataSource.OpenConnectionAsync();

        // A co-owner added without reducing the other share: 150% from 2025.
        await using (var tx = await conn.BeginTransactionAsync())
        {
            await conn.ExecuteAsync("""
                insert into lot_ownerships (organisation_id, lot_id, owner_id, share_numerator, share_denominator, ownership_right, valid_from)
                select organisation_id, id, @owner, 1, 2, 'full', '2025-01-01'::date from lots where id = @lot
                """, new { lot, owner }, tx);
            var e = await Assert.ThrowsAsync<PostgresException>(() => tx.CommitAsync());
            Assert.Equal("lot_shares_sum_to_whole", e.ConstraintName);
        }

        // The same change done right, in one transaction: the old owner down to 1/2 from 2025, the new one at 1/2.
        await using (var tx = await conn.BeginTransactionAsync())
        {
            await conn.ExecuteAsync("update lot_ownerships set valid_to = '2025-01-01' where lot_id = @lot", new { lot }, tx);
            await conn.ExecuteAsync("""
                insert into lot_ownerships (organisation_id, lot_id, owner_id, share_numerator, share_denominator, ownership_right, valid_from)
                select l.organisation_id, l.id, o.owner_id, 1, 2, 'full', '2025-01-01'::date from lots l
                join lot_ownerships o on o.lot_id = l.id where l.id = @lot
                union all
                select organisation_id, id, @owner, 1, 2, 'full', '2025-01-01'::date from lots where id = @lot
                """, new { lot, owner }, tx);
            await tx.CommitAsync();
        }
        Assert.Equal(3L, await Scalar<long>("select count(*) from lot_ownerships where lot_id = @lot", new { lot }));
    }

    [Fact]
    public async Task A_lot_cannot_point_at_a_building_of_another_organisation()
    {
        var otherOrg = await Scalar<long>("select id from organisations where name = 'Gestion Meuse SRL'");
        var building = await Scalar<long>("select id from buildings where slug = 'residence-du-parc'");
        await Scalar<int>("update buildings set total_shares = 2000 where id = @building returning 1", new { building });
        await using var conn = await App.DataSource.OpenConnectionAsync();
        var e = await Assert.ThrowsAsync<PostgresException>(() => conn.ExecuteAsync(InsertLot, new { org = otherOrg, building, number = "Z", quota = 1 }));
        Assert.Equal(PostgresErrorCodes.ForeignKeyViolation, e.SqlState);
    }
}
