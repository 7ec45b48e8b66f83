using System.Data;
using Dapper;
using Npgsql;

namespace KoproGo.Web.Infrastructure;

public static class Database
{
    /// <summary>
    /// The roadmap's budget is at most 10 connections per instance: 8 here (pages, mail sender, job listener),
    /// 2 in Quartz's own pool (see Scheduler).
    /// </summary>
    public const int MaxPoolSize = 8;

    public static NpgsqlDataSource CreateDataSource(string connectionString)
    {
        var builder = new NpgsqlConnectionStringBuilder(connectionString)
        {
            MaxPoolSize = MaxPoolSize,
            Timezone = "Europe/Brussels",
            NoResetOnClose = true,
            // Pages run the same few statements over and over: prepared once per connection, they skip parse and plan.
            MaxAutoPrepare = 64,
            AutoPrepareMinUsages = 2,
        };
        // the name the pool goes by in the metrics (else its whole connection string)
        return new NpgsqlDataSourceBuilder(builder.ConnectionString) { Name = "main" }.Build();
    }

    private static int dapperConfigured;

    /// <summary>Column names map to properties (total_shares → TotalShares) and dates to DateOnly. Once per process.</summary>
    public static void ConfigureDapper()
    {
        if (Interlocked.Exchange(ref dapperConfigured, 1) == 1) return;
        DefaultTypeMap.MatchNamesWithUnderscores = true;
        SqlMapper.AddTypeHandler(new DateOnlyHandler());
    }

    private sealed class DateOnlyHandler : SqlMapper.TypeHandler<DateOnly>
    {
        public override void SetValue(IDbDataParameter parameter, DateOnly value)
        {
            parameter.DbType = DbType.Date;
            parameter.Value = value;
        }

        public override DateOnly Parse(object value) => value switch
        {
            DateOnly d => d,
            DateTime dt => DateOnly.FromDateTime(dt),
            _ => DateOnly.Parse((string)value),
        };
    }
}
