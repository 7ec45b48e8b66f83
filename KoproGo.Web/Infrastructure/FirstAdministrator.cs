namespace KoproGo.Web.Infrastructure;

/// <summary>
/// A new installation has nobody to sign in: <c>dotnet KoproGo.Web.dll --create-admin EMAIL [NAME]</c> makes that
/// person a platform administrator (of the platform's organisation, made if missing) and prints the link where they
/// choose their password, valid 14 days as an invitation. Run again, it issues a new link (the old one stops working).
/// </summary>
public static class FirstAdministrator
{
    public const string Argument = "--create-admin";

    public static async Task<int> Create(Npgsql.NpgsqlDataSource source, string[] args, string baseUrl, TextWriter output)
    {
        var at = Array.IndexOf(args, Argument);
        var email = at + 1 < args.Length ? args[at + 1].Trim() : "";
        var name = at + 2 < args.Length && !args[at + 2].StartsWith("--") ? args[at + 2].Trim() : email;
        if (!FormInput.IsEmail(email))
        {
            output.WriteLine($"usage: {Argument} EMAIL [NAME]: a valid e-mail address is needed (given: \"{email}\")");
            return 2;
        }
        await using var db = new Db(source);
        await db.Begin();
        var organisation = await db.Scalar<long?>("select id from organisations where kind = 'platform' order by id limit 1")
            ?? await db.Scalar<long>("insert into organisations (name, kind) values ('KoproGo', 'platform') returning id");
        var existing = await db.QuerySingleOrDefault<(long Id, long OrganisationId)?>("select id, organisation_id from users where lower(email) = lower(@email)", new { email });
        var userId = existing?.Id
            ?? await db.Scalar<long>("insert into users (organisation_id, email, display_name, language) values (@organisation, @email, @name, 'en') returning id",
                new { organisation, email, name });
        if (existing is { } user && user.OrganisationId != organisation)
        {
            output.WriteLine($"{email} is a user of a syndic firm, not of the platform: choose another address for the administrator");
            return 2;
        }
        await db.Execute("insert into user_roles (user_id, role) values (@userId, @role) on conflict do nothing", new { userId, role = Roles.SuperAdmin });
        var token = await AccountTokens.Issue(db, userId, AccountTokens.Invitation, AccountTokens.InvitationLifetime, null);
        await db.Commit();
        output.WriteLine($"{email} is a platform administrator. Choose the password within 14 days at:");
        output.WriteLine($"{baseUrl.TrimEnd('/')}/account/set-password?token={token}");
        return 0;
    }
}
