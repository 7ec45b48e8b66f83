using System.Data;
using Dapper;
using Npgsql;

namespace KoproGo.Web.Infrastructure;

public static class Database
{
    /// <summary>The roadmap's budget: at most 10 connections per instance.</summary>
    public const int MaxPoolSize = 10;

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
        return new NpgsqlDataSourceBuilder(builder.ConnectionString).Build();
    }

    static Database()
    {
        DefaultTypeMap.MatchNamesWithUnderscores = true;
        SqlMapper.AddTypeHandler(new DateOnlyHandler());
    }

    /// <summary>Runs the static set-up once; call before the first query.</summary>
    public static void ConfigureDapper() { }

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
