using System.Diagnostics;
using KoproGo.Web.Infrastructure;
using Quartz;

namespace KoproGo.Web.Pages.Admin;

/// <summary>
/// Every night, the backup command of the installation (KoproGo:Backup:Command, e.g. `/srv/koprogo/koprogo backup --to
/// s3:koprogo-backups`); nothing when none is set (development). A failure alerts the platform's administrators and is
/// recorded as the job's failure (the jobs page shows it).
/// </summary>
public sealed class BackupJob(IConfiguration configuration, Db db, Notifier notifier, ILogger<BackupJob> log) : IJob
{
    public const string Key = "backup";

    public async ValueTask Execute(IJobExecutionContext context, CancellationToken cancellationToken)
    {
        var command = configuration["KoproGo:Backup:Command"];
        if (string.IsNullOrWhiteSpace(command)) return;
        var (code, error) = await Run(command, cancellationToken);
        if (code == 0) return;
        log.LogError("backup failed ({Code}): {Error}", code, error);
        await db.Begin();
        var admins = await db.Query<long>("select user_id from user_roles where role = 'SuperAdmin'");
        await notifier.Send(db, admins, new Notifier.News("The nightly backup failed", [],
            "The backup command ended with code {0}: {1}", [code, error], "/admin/jobs"), mailEveryone: true);
        await db.Commit();
        throw new InvalidOperationException($"backup failed with code {code}");
    }

    /// <summary>Runs the command through the shell; its exit code and the end of what it wrote on stderr.</summary>
    public static async Task<(int Code, string Error)> Run(string command, CancellationToken cancellationToken)
    {
        var start = new ProcessStartInfo("/bin/sh") { RedirectStandardError = true, RedirectStandardOutput = true };
        start.ArgumentList.Add("-c");
        start.ArgumentList.Add(command);
        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync(cancellationToken);
        var error = await process.StandardError.ReadToEndAsync(cancellationToken);
        await output;
        await process.WaitForExitAsync(cancellationToken);
        return (process.ExitCode, error.Length > 500 ? error[^500..] : error.Trim());
    }
}
