using Npgsql;
using Quartz;

namespace KoproGo.Web.Infrastructure.Scheduling;

/// <summary>A job of the registry: what it does (a resource key), when (cron, Brussels time), and how to add it.</summary>
public sealed record JobDefinition(string Key, string Description, string Cron, Action<IQuartzBuilder, JobDefinition, string> Register);

/// <summary>
/// The scheduled work, run by Quartz with its job store in PostgreSQL and clustering on: several app instances share
/// the schedule and each fire runs on exactly one of them (Quartz's locks, and <see cref="FireClaims"/> in the
/// database for the rare fire Quartz hands out twice). A fire missed while every instance was down runs once at
/// the next start. Jobs are idempotent: what they send carries a dedupe key.
/// </summary>
public static class Scheduler
{
    public const string ManualRun = "manual";

    public static readonly JobDefinition[] Jobs =
    [
        Job<PurgeAccountLinksJob>("purge-account-links", "Deletes what is kept no longer: links and sessions over for 30 days, notifications read 90 days ago or sent a year ago",
            "0 15 3 * * ?"),
        Job<Pages.Assemblies.ConvocationRemindersJob>("convocation-reminders",
            "Reminds owners who have not opened their convocation, three days before the assembly", "0 0 9 * * ?"),
        Job<Pages.Assemblies.MinutesDeadlineJob>("minutes-deadline", "Warns the syndic a week before the minutes of an assembly are due",
            "0 10 9 * * ?"),
        Job<Pages.Assemblies.BoardFollowUpJob>("board-follow-up",
            "Alerts the board and the syndic before a decision's deadline and when it is overdue; updates board roles", "0 20 9 * * ?"),
        Job<Pages.Assemblies.AssemblyRequestFollowUpJob>("assembly-request-follow-up",
            "Tells owners who asked for an assembly that they may call it themselves after 15 days", "0 30 9 * * ?"),
        Job<Pages.Calls.CallLettersJob>(Pages.Calls.CallLetters.JobKey,
            "Sends each owner their call for funds as PDF by e-mail, or lists it for the post; started when a call is issued", "0 */5 * * * ?"),
        Job<Pages.Arrears.RecoveryJob>(Pages.Arrears.Recovery.JobKey,
            "Sends the payment reminders due (friendly at 15 days, firm at 30, formal notice at 60) and prepares their letters", "0 30 6 * * ?"),
        Job<Pages.Budgets.BudgetAlertsJob>(Pages.Budgets.BudgetAlertsJob.Key,
            "Alerts the syndic and the board when an account of this year's budget is spent beyond its tolerance, once per account", "0 50 7 * * ?"),
        Job<Pages.Admin.BackupJob>(Pages.Admin.BackupJob.Key,
            "Backs up the database and the documents with the installation's backup command, and alerts the administrators when it fails", "0 30 2 * * ?"),
        Job<Pages.EtatDates.EtatDateJob>(Pages.EtatDates.EtatDateJob.Key,
            "Reminds the syndics of an état daté on the tenth day of the notary's request and alerts them when it is late; marks expired those delivered 90 days ago", "0 10 7 * * ?"),
        Job<Pages.Bank.BankMatchingJob>(Pages.Bank.BankMatching.JobKey,
            "Matches imported bank lines to calls for funds and invoices; started when a statement is imported", "0 */5 * * * ?"),
        Job<Pages.Privacy.DataExportJob>(Pages.Privacy.DataExport.JobKey,
            "Makes the copies of their data that people asked for and mails them a link; started when one is asked", "0 */5 * * * ?"),
        Job<Pages.Privacy.DeadlineAlertsJob>(Pages.Privacy.DeadlineAlertsJob.Key,
            "Warns the syndics before a request about personal data must be answered and before a breach must be notified", "0 5 * * * ?"),
        Job<Pages.Maintenance.InspectionWarningsJob>(Pages.Maintenance.InspectionWarningsJob.Key,
            "Warns the syndics of the equipment inspections due within a month, due today and overdue, and of works warranties ending, once each", "0 40 7 * * ?"),
        Job<Pages.Energy.ReadingPartitionsJob>(Pages.Energy.ReadingPartitionsJob.Key,
            "Prepares the meter readings' months ahead and drops the readings older than each building keeps", "0 40 1 * * ?"),
        Job<Pages.Energy.MeterImportJob>(Pages.Energy.MeterImporting.JobKey,
            "Stores the readings of imported meter-reading files; started when a file is imported or a meter added to the register", "0 */5 * * * ?"),
        Job<Pages.Energy.EnergyBillsJob>(Pages.Energy.EnergyBillsJob.Key,
            "Deletes the bills of group energy purchases ended 90 days ago", "0 50 1 * * ?"),
        Job<Pages.Energy.SensorAlertsJob>(Pages.Energy.SensorAlertsJob.Key,
            "Checks the sensors' alert rules and notifies the syndic (and a private meter's owners) when an alert starts and when it ends", "0 */5 * * * ?"),
        Job<Pages.Community.LoanRemindersJob>(Pages.Community.LoanRemindersJob.Key,
            "Reminds borrowers of the object library the day before and on the day an object is due back", "0 0 8 * * ?"),
    ];

    private static JobDefinition Job<TJob>(string key, string description, string cron) where TJob : IJob =>
        new(key, description, cron, (q, job, schedule) =>
        {
            q.AddJob<TJob>(j => j.WithIdentity(job.Key).StoreDurably().WithDescription(job.Description).DisallowConcurrentExecution());
            q.AddTrigger(t => t.ForJob(job.Key).WithIdentity(job.Key)
                .WithCronSchedule(schedule, c => c.InTimeZone(BrusselsTime.Zone).WithMisfireInstruction(CronTriggerMisfireInstruction.FireAndProceed)));
        });

    /// <summary>The cron a job runs on: the registry's, unless KoproGo:Jobs:{key}:Cron says otherwise.</summary>
    public static string CronOf(IConfiguration configuration, JobDefinition job) =>
        configuration[$"KoproGo:Jobs:{job.Key}:Cron"] ?? job.Cron;

    public static void AddKoproGoScheduler(this IServiceCollection services, IConfiguration configuration, string connectionString)
    {
        // Quartz keeps two connections of its own; the pages' pool takes the rest of the budget of ten.
        var quartzConnection = new NpgsqlConnectionStringBuilder(connectionString) { MaxPoolSize = 2, Timezone = "UTC", ApplicationName = "koprogo-scheduler" }.ConnectionString;
        services.AddQuartz(q =>
        {
            q.ConfigureScheduler(o =>
            {
                o.InstanceName = configuration["KoproGo:Scheduler:Name"] ?? "KoproGo";
                o.GenerateInstanceId = true;
            });
            q.UsePersistentStore(store =>
            {
                store.UsePostgres(quartzConnection);
                store.UseSystemTextJsonSerializer();
                store.ConfigureStore(o =>
                {
                    o.StoreJobDataAsStrings = true;
                    o.MisfireThreshold = TimeSpan.FromMinutes(1);
                });
                store.UseClustering(c =>
                {
                    c.CheckinInterval = TimeSpan.FromSeconds(5);
                    c.CheckinMisfireThreshold = TimeSpan.FromSeconds(15);
                });
                store.ProvisionSchema();
            });
            q.AddJobListener<JobRunRecorder>();
            q.AddTriggerListener<FireClaims>();
            foreach (var job in Jobs) job.Register(q, job, CronOf(configuration, job));
        });
        services.AddQuartzHostedService(o => o.WaitForJobsToComplete = true);
    }
}
