using KoproGo.Tests.Support;
using KoproGo.Web.Infrastructure;

namespace KoproGo.Tests.Database;

public class MigrationTests(App app) : AppTest(app)
{
    [Fact]
    public async Task Applying_the_same_migrations_again_changes_nothing()
    {
        Assert.Empty(await Migrations.Apply(App.DataSource, Migrations.DefaultFolder));
    }

    [Fact]
    public async Task An_applied_migration_that_was_edited_stops_the_start()
    {
        var folder = Directory.CreateTempSubdirectory("migrations").FullName;
        foreach (var file in Directory.GetFiles(Migrations.DefaultFolder))
            File.Copy(file, Path.Combine(folder, Path.GetFileName(file)));
        await File.AppendAllTextAsync(Path.Combine(folder, "0001_foundation.sql"), "\n-- an innocent-looking edit\n");
        var e = await Assert.ThrowsAsync<Migrations.EditedMigrationException>(() => Migrations.Apply(App.DataSource, folder));
        Assert.Contains("0001_foundation", e.Message);
        Assert.Contains("forward-only", e.Message);
    }
}
