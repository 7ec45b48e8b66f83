using Dapper;
using Npgsql;

namespace KoproGo.Tests.Support;

/// <summary>Direct reads of the test database, to check what a page really saved.</summary>
public static class Db
{
    public static async Task<T> Scalar<T>(NpgsqlDataSource source, string sql, object? param = null)
    {
        await using var conn = await source.OpenConnectionAsync();
        return (await conn.ExecuteScalarAsync<T>(sql, param))!;
    }

    /// <summary>Rows (or one row as a tuple, with <c>.Single()</c>).</summary>
    public static async Task<IReadOnlyList<T>> Query<T>(NpgsqlDataSource source, string sql, object? param = null)
    {
        await using var conn = await source.OpenConnectionAsync();
        return (await conn.QueryAsync<T>(sql, param)).ToList();
    }
}
