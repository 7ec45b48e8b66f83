using Dapper;
using Npgsql;

namespace KoproGo.Web.Infrastructure;

/// <summary>
/// What a load balancer or an orchestrator asks: /health/live (the process answers), /health/ready (it can serve: the
/// database answers, every migration of this release is applied, the documents' disk has room), and /health (the
/// database answers). Anonymous, plain text, one line per check; 503 when not ready.
/// </summary>
public static class Health
{
    /// <summary>Below this share of free space on the documents' disk, the instance is not ready (uploads would fail).</summary>
    public const double MinFreeShare = 0.05;

    public static double DiskFreeShare(string path)
    {
        var drive = new DriveInfo(Path.GetFullPath(path));
        return (double)drive.AvailableFreeSpace / drive.TotalSize;
    }

    public static void MapHealth(this WebApplication app, string documentsPath, string migrationsFolder)
    {
        app.MapGet("/health", async (NpgsqlDataSource source) =>
        {
            try
            {
                await using var cmd = source.CreateCommand("select 1");
                await cmd.ExecuteScalarAsync();
                return Results.Text("healthy");
            }
            catch (NpgsqlException)
            {
                return Results.Text("database unreachable", statusCode: StatusCodes.Status503ServiceUnavailable);
            }
        }).AllowAnonymous();
        app.MapGet("/health/live", () => Results.Text("alive")).AllowAnonymous();
        app.MapGet("/health/ready", async (NpgsqlDataSource source) =>
        {
            var lines = new List<string>();
            var ready = true;
            try
            {
                await using var conn = await source.OpenConnectionAsync();
                var applied = (await conn.QueryAsync<string>("select version from schema_migrations")).ToHashSet();
                var pending = Directory.GetFiles(migrationsFolder, "*.sql").Select(Path.GetFileNameWithoutExtension).Where(v => !applied.Contains(v!)).Order().ToList();
                lines.Add("database: ok");
                lines.Add(pending.Count == 0 ? $"migrations: ok ({applied.Count})" : $"migrations: pending {string.Join(", ", pending)}");
                ready &= pending.Count == 0;
            }
            catch (NpgsqlException)
            {
                lines.Add("database: unreachable");
                ready = false;
            }
            var free = DiskFreeShare(documentsPath);
            lines.Add($"documents disk: {free:P0} free");
            ready &= free >= MinFreeShare;
            return Results.Text(string.Join("\n", lines) + "\n", statusCode: ready ? StatusCodes.Status200OK : StatusCodes.Status503ServiceUnavailable);
        }).AllowAnonymous();
    }
}
