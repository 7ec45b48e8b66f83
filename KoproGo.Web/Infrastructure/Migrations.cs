using System.Security.Cryptography;
using System.Text;
using Dapper;
using Npgsql;

namespace KoproGo.Web.Infrastructure;

/// <summary>
/// Applies migrations/NNNN_name.sql in order, each in its own transaction, and records each file's checksum.
/// An applied file that was edited afterwards stops the app: migrations are forward-only, write a new one instead.
/// </summary>
public static class Migrations
{
    public static string DefaultFolder => Path.Combine(AppContext.BaseDirectory, "migrations");

    public sealed class EditedMigrationException(string message) : Exception(message);

    public static async Task<IReadOnlyList<string>> Apply(NpgsqlDataSource source, string folder, ILogger? log = null)
    {
        await using var conn = await source.OpenConnectionAsync();
        // One instance migrates at a time; the others wait here, then find nothing left to do. The lock comes before
        // anything else: two "create table if not exists" at once on an empty database collide in PostgreSQL's catalog.
        if (!await conn.ExecuteScalarAsync<bool>("select pg_try_advisory_lock(72657)"))
        {
            log?.LogInformation("Another instance is applying the migrations: waiting for it");
            await conn.ExecuteAsync("select pg_advisory_lock(72657)");
        }
        try
        {
            await conn.ExecuteAsync("""
                create table if not exists schema_migrations (
                    version text primary key,
                    checksum text not null,
                    applied_at timestamptz not null default now())
                """);
            var applied = (await conn.QueryAsync<(string Version, string Checksum)>("select version, checksum from schema_migrations"))
                .ToDictionary(r => r.Version, r => r.Checksum);
            var files = Directory.GetFiles(folder, "*.sql").OrderBy(Path.GetFileName, StringComparer.Ordinal).ToList();
            var done = new List<string>();
            foreach (var file in files)
            {
                var version = Path.GetFileNameWithoutExtension(file);
                var sql = await File.ReadAllTextAsync(file);
                var checksum = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(sql.ReplaceLineEndings("\n"))));
                if (applied.TryGetValue(version, out var known))
                {
                    if (known != checksum)
                        throw new EditedMigrationException(
                            $"Migration {version} was edited after it was applied to this database (checksum {known[..12]}… is now {checksum[..12]}…). " +
                            "Migrations are forward-only: restore the file and add a new migration with the change.");
                    continue;
                }
                await using var tx = await conn.BeginTransactionAsync();
                await conn.ExecuteAsync(sql, transaction: tx);
                await conn.ExecuteAsync("insert into schema_migrations (version, checksum) values (@version, @checksum)", new { version, checksum }, tx);
                await tx.CommitAsync();
                log?.LogInformation("Applied migration {Version}", version);
                done.Add(version);
            }
            return done;
        }
        finally
        {
            await conn.ExecuteAsync("select pg_advisory_unlock(72657)");
        }
    }
}
