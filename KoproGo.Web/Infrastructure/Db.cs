using Dapper;
using Microsoft.AspNetCore.Mvc.Filters;
using Npgsql;

namespace KoproGo.Web.Infrastructure;

/// <summary>
/// The request's connection, opened on first use and given back to the pool as soon as the page handler is done
/// (before the view renders). Mutating handlers run inside one transaction, see <see cref="TransactionPerHandler"/>.
/// </summary>
public sealed class Db(NpgsqlDataSource source) : IAsyncDisposable
{
    private NpgsqlConnection? connection;
    private NpgsqlTransaction? transaction;

    /// <summary>
    /// A Db inside a transaction someone else owns (the demo loader), so it can use the pages' services: its owner
    /// commits and closes; nobody may call Commit, Rollback or Release on this one.
    /// </summary>
    public static Db Joining(NpgsqlConnection connection, NpgsqlTransaction transaction) =>
        new(null!) { connection = connection, transaction = transaction };

    public async Task<NpgsqlConnection> Connection()
    {
        connection ??= await source.OpenConnectionAsync();
        return connection;
    }

    public async Task<IReadOnlyList<T>> Query<T>(string sql, object? param = null) =>
        (await (await Connection()).QueryAsync<T>(sql, param, transaction)).AsList();

    /// <summary>Rows made of two objects, split at the column <paramref name="splitOn"/> (a page's lines with their page's numbers).</summary>
    public async Task<IReadOnlyList<TResult>> Query<TFirst, TSecond, TResult>(string sql, Func<TFirst, TSecond, TResult> map, object? param, string splitOn) =>
        (await (await Connection()).QueryAsync(sql, map, param, transaction, splitOn: splitOn)).AsList();

    public async Task<T?> QuerySingleOrDefault<T>(string sql, object? param = null) =>
        await (await Connection()).QuerySingleOrDefaultAsync<T>(sql, param, transaction);

    public async Task<T> QuerySingle<T>(string sql, object? param = null) =>
        await (await Connection()).QuerySingleAsync<T>(sql, param, transaction);

    /// <summary>
    /// Several statements (separated by ";") sent in one round trip, their results read in order: for a page's
    /// independent lists, each round trip to PostgreSQL being a wait on a machine that it shares with the app.
    /// </summary>
    public async Task<SqlMapper.GridReader> QueryMultiple(string sql, object? param = null) =>
        await (await Connection()).QueryMultipleAsync(sql, param, transaction);

    public async Task<int> Execute(string sql, object? param = null) =>
        await (await Connection()).ExecuteAsync(sql, param, transaction);

    public async Task<T?> Scalar<T>(string sql, object? param = null) =>
        await (await Connection()).ExecuteScalarAsync<T>(sql, param, transaction);

    public bool InTransaction => transaction is not null;

    public async Task Begin() => transaction ??= await (await Connection()).BeginTransactionAsync();

    /// <summary>Runs the deferred checks (ownership shares) now, so the handler can turn a violation into a message.</summary>
    public Task CheckDeferredConstraints() => Execute("set constraints all immediate");

    public async Task Commit()
    {
        if (transaction is null) return;
        await transaction.CommitAsync();
        await transaction.DisposeAsync();
        transaction = null;
    }

    /// <summary>Abandons the handler's changes; later queries (to re-render the form) run outside any transaction.</summary>
    public async Task Rollback()
    {
        if (transaction is null) return;
        await transaction.RollbackAsync();
        await transaction.DisposeAsync();
        transaction = null;
    }

    public async Task Release()
    {
        await Rollback();
        if (connection is not null)
        {
            await connection.DisposeAsync();
            connection = null;
        }
    }

    public ValueTask DisposeAsync() => new(Release());
}

/// <summary>
/// One transaction per mutating handler: committed when the handler ends without error and with a valid form,
/// rolled back otherwise. The connection is released before the page renders.
/// </summary>
public sealed class TransactionPerHandler(Db db) : IAsyncPageFilter
{
    public Task OnPageHandlerSelectionAsync(PageHandlerSelectedContext context) => Task.CompletedTask;

    public async Task OnPageHandlerExecutionAsync(PageHandlerExecutingContext context, PageHandlerExecutionDelegate next)
    {
        var method = context.HttpContext.Request.Method;
        var mutating = !HttpMethods.IsGet(method) && !HttpMethods.IsHead(method);
        // a post to a handler the page does not have (?handler=anything): Razor Pages would render the page without
        // running any handler, its data never loaded
        if (mutating && context.HandlerMethod is null)
        {
            context.Result = new Microsoft.AspNetCore.Mvc.NotFoundResult();
            return;
        }
        if (mutating) await db.Begin();
        try
        {
            var executed = await next();
            if (mutating && executed.Exception is null && context.ModelState.IsValid) await db.Commit();
        }
        finally
        {
            await db.Release();
        }
    }
}
