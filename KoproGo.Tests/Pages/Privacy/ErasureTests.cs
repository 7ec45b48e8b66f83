using System.Net;
using KoproGo.Tests.Support;

namespace KoproGo.Tests.Pages.Privacy;

/// <summary>The right to erasure (GDPR art. 17): asked, confirmed by e-mail, carried out by the syndic, within what the law keeps.</summary>
public class ErasureTests(App app) : AppTest(app)
{
    /// <summary>Every text and JSON value of the application's tables naming one of <paramref name="traces"/>, as "table.column".</summary>
    private async Task<IReadOnlyList<string>> WhereNamed(params string[] traces)
    {
        var columns = await Query<(string Table, string Column, string Type)>("""
            select c.table_name, c.column_name, c.data_type from information_schema.columns c
            join information_schema.tables t on t.table_schema = c.table_schema and t.table_name = c.table_name and t.table_type = 'BASE TABLE'
            where c.table_schema = 'public' and c.data_type in ('text', 'jsonb', 'character varying') and c.table_name not like 'qrtz%'
            order by 1, 2
            """);
        var found = new List<string>();
        foreach (var (table, column, type) in columns)
            foreach (var trace in traces)
                if (await Scalar<bool>($"""select exists (select 1 from "{table}" where "{column}"::text ilike '%' || @trace || '%')""", new { trace }))
                    found.Add($"{table}.{column}: {trace}");
        return found;
    }

    /// <summary>Asks for the erasure on "My data" and confirms it through the mailed link; returns the request's id.</summary>
    private async Task<long> AskAndConfirm(Session person, string email, string communityContent)
    {
        Assert.Equal(HttpStatusCode.Redirect, (await person.Post("/account/data?handler=Erase", ("CommunityContent", communityContent))).StatusCode);
        Assert.Equal("awaiting_confirmation", await Scalar<string>("select state from privacy_requests where kind = 'erasure'"));
        var mail = await App.Smtp.WaitFor(m => m.To.Contains(email) && m.Text.Contains("/account/data/confirm"));
        var link = mail.Link("/account/data/confirm");
        // Opening the link (as a mail scanner would) confirms nothing; the button does, once, from any browser.
        var stranger = App.NewSession();
        await stranger.Get(link);
        Assert.Equal("awaiting_confirmation", await Scalar<string>("select state from privacy_requests where kind = 'erasure'"));
        Assert.Equal(HttpStatusCode.OK, (await stranger.Post(link, ("token", link.Split("token=")[1]))).StatusCode);
        Assert.Equal("received", await Scalar<string>("select state from privacy_requests where kind = 'erasure'"));
        Assert.Equal(HttpStatusCode.Gone, (await stranger.GetRaw(link)).StatusCode);
        return await Scalar<long>("select id from privacy_requests where kind = 'erasure'");
    }

    private async Task CarryOut(long id)
    {
        var syndic = await SignedIn("syndic@demo.koprogo.be");
        var refused = await syndic.Post($"/privacy/requests/{id}?handler=Erase");
        Assert.Equal(HttpStatusCode.OK, refused.StatusCode);
        Assert.NotNull((await Session.Parse(refused)).QuerySelector("#Understood-error"));
        Assert.Equal(HttpStatusCode.Redirect, (await syndic.Post($"/privacy/requests/{id}?handler=Erase", ("Understood", "true"))).StatusCode);
        Assert.Equal("done", await Scalar<string>("select state from privacy_requests where id = @id", new { id }));
    }

    [Fact]
    public async Task A_former_owner_is_erased_everywhere_while_the_journal_balances_and_the_minutes_stay_whole()
    {
        // Michel Laurent sold his flat in 2023 and owes nothing; he gets an account, an entry paid in full, a minutes naming him,
        // a bank line, a mail, a notification, a post, and audit lines.
        var michelOwner = await Scalar<long>("select id from owners where last_name = 'Laurent'");
        var org = await Scalar<long>("select organisation_id from owners where id = @michelOwner", new { michelOwner });
        var michel = await Scalar<long>("""
            insert into users (organisation_id, email, display_name, password_hash, language, owner_id)
            select @org, 'michel.laurent@example.be', 'Michel Laurent', password_hash, 'fr', @michelOwner from users where email = 'owner@demo.koprogo.be'
            returning id
            """, new { org, michelOwner });
        await Scalar<int>("insert into user_roles (user_id, role) values (@michel, 'Owner') returning 1", new { michel });
        var building = await Scalar<long>("select id from buildings where slug = 'residence-les-tilleuls'");
        await Scalar<int>("""
            with e as (
                insert into journal_entries (organisation_id, building_id, year_id, journal, entry_date, description)
                select organisation_id, building_id, id, 'financial', starts_on + 40, 'Solde vente Michel Laurent' from financial_years
                where building_id = @building and closed_at is null order by starts_on desc limit 1 returning id)
            insert into journal_lines (entry_id, account_code, debit, credit, owner_id, description)
            select e.id, x.code, x.debit, x.credit, x.owner, x.text from e, (values
                ('550', 250.00, 0.00, null::bigint, 'Virement de Michel Laurent'), ('410', 0.00, 250.00, @michelOwner, 'Michel Laurent'),
                ('410', 250.00, 0.00, @michelOwner, 'Appel Michel Laurent'), ('700', 0.00, 250.00, null::bigint, 'Appel')) x(code, debit, credit, owner, text)
            returning 1
            """, new { building, michelOwner });
        const string Minutes = "Présents : Michel Laurent (A3.1). Le procès-verbal est approuvé.";
        await Scalar<int>("update assemblies set minutes = @Minutes returning 1", new { Minutes });
        await Scalar<int>("""
            insert into notifications (organisation_id, user_id, title, body) values (@org, @michel, 'Bienvenue Michel Laurent', '') returning 1
            """, new { org, michel });

        var session = await SignedIn("michel.laurent@example.be");
        await session.Submit("/account/data?handler=Details", ("Details.DisplayName", "Michel Laurent"), ("Details.Phone", "+32 2 555 12 34"));
        var journalBefore = await Query<(long, string, decimal, decimal)>("select entry_id, account_code, debit, credit from journal_lines order by id");
        var id = await AskAndConfirm(session, "michel.laurent@example.be", "remove");
        Assert.NotEmpty(await WhereNamed("Michel Laurent", "michel.laurent@example.be"));

        await CarryOut(id);

        // No text names him any more, except the records the law keeps as written: the minutes and the journal.
        Assert.Equal(["assemblies.minutes: Michel Laurent", "journal_entries.description: Michel Laurent", "journal_lines.description: Michel Laurent"],
            await WhereNamed("Michel Laurent", "Laurent Michel", "michel.laurent@example.be", "+32 2 555 12 34"));
        Assert.Equal(Minutes, await Scalar<string>("select minutes from assemblies"));
        // Entries stay, to the cent, balanced; they now point to a nameless owner.
        Assert.Equal(journalBefore, await Query<(long, string, decimal, decimal)>("select entry_id, account_code, debit, credit from journal_lines order by id"));
        Assert.Equal(0L, await Scalar<long>("""
            select count(*) from (select entry_id from journal_lines group by entry_id having sum(debit) <> sum(credit)) unbalanced
            """));
        var owner = await Row<(string? First, string Last, string? Email, string? Phone, string? Street)>(
            "select first_name, last_name, email, phone, street from owners where id = @michelOwner", new { michelOwner });
        Assert.Equal((null, $"Un ancien voisin #{michel}", null, null, null), owner);
        // He can no longer sign in; his notifications and sessions are gone; the answer says what was kept and why.
        Assert.Equal(HttpStatusCode.Redirect, (await session.GetRaw("/account/data")).StatusCode);
        Assert.Equal(0L, await Scalar<long>("select count(*) from notifications where user_id = @michel", new { michel }));
        Assert.Equal(0L, await Scalar<long>("select count(*) from user_sessions where user_id = @michel", new { michel }));
        var answer = await Scalar<string>("select answer from privacy_requests where id = @id", new { id });
        Assert.Contains("Effacé : votre identité au registre des propriétaires", answer);
        Assert.Contains("Conservé : les écritures comptables de vos lots — les documents comptables sont conservés 7 ans", answer);
        Assert.Equal(1L, await Scalar<long>("select count(*) from audit_log where entity = 'privacy_request' and action = 'erased'"));
    }

    [Fact]
    public async Task A_resident_keeps_their_posts_under_a_pseudonym_when_they_choose_so()
    {
        var lucas = await SignedIn("resident@demo.koprogo.be");
        var building = await Scalar<long>("select id from buildings where slug = 'residence-les-tilleuls'");
        var notice = await Scalar<long>("""
            insert into notices (building_id, author_id, kind, title, body) select @building, id, 'recommendation', 'Bon plombier', 'Signé Lucas Martin.'
            from users where email = 'resident@demo.koprogo.be' returning id
            """, new { building });
        // Jean Dupont, the flat's owner, reads his mail at the same family address: it is his too, and stays his.
        await Scalar<int>("update owners set email = 'resident@demo.koprogo.be' where last_name = 'Dupont' returning 1");
        var id = await AskAndConfirm(lucas, "resident@demo.koprogo.be", "keep");
        // A second request is refused while this one runs.
        var twice = await lucas.Post("/account/data?handler=Erase", ("CommunityContent", "keep"));
        Assert.Equal(HttpStatusCode.OK, twice.StatusCode);

        await CarryOut(id);

        Assert.Equal("Signé Un ancien voisin #" + await Scalar<long>("select author_id from notices where id = @notice", new { notice }) + ".",
            await Scalar<string>("select body from notices where id = @notice", new { notice }));
        Assert.Empty(await WhereNamed("Lucas Martin"));
        Assert.Equal("resident@demo.koprogo.be", await Scalar<string>("select email from owners where last_name = 'Dupont'"));
        Assert.StartsWith("erased-", await Scalar<string>("select email from users where id = (select author_id from notices where id = @notice)", new { notice }));
        Assert.Equal(0L, await Scalar<long>("select count(*) from user_roles r join users u on u.id = r.user_id where u.display_name like 'Un ancien voisin%'"));
    }

    [Fact]
    public async Task An_owner_of_a_lot_keeps_the_identity_the_register_needs_and_is_told_why()
    {
        var sophie = await SignedIn("owner@demo.koprogo.be");
        await Scalar<int>("""
            insert into outbox_messages (to_address, to_name, language, kind, subject, html_body, text_body)
            values ('sophie.lambert@example.be', 'Sophie Lambert', 'fr', 'legal', 'Appel de fonds', '<p>Madame Sophie Lambert</p>', 'Madame Sophie Lambert') returning 1
            """);
        var id = await AskAndConfirm(sophie, "owner@demo.koprogo.be", "remove");
        var syndic = await SignedIn("syndic@demo.koprogo.be");
        var plan = (await syndic.Get($"/privacy/requests/{id}")).MainText();
        Assert.Contains("Conservé : votre identité au registre des propriétaires — vous êtes propriétaire d'un lot", plan);
        // Another firm cannot carry it out.
        var other = await SignedIn("syndic2@demo.koprogo.be");
        Assert.Equal(HttpStatusCode.NotFound, (await other.Post($"/privacy/requests/{id}?handler=Erase", ("Understood", "true"))).StatusCode);

        await CarryOut(id);

        Assert.Equal(("Sophie", "Lambert"), await Row<(string, string)>(
            "select o.first_name, o.last_name from owners o join users u on u.owner_id = o.id where u.erased_at is not null"));
        Assert.Empty(await WhereNamed("owner@demo.koprogo.be"));
        // the register still names her, and so do the letters sent to her as an owner
        Assert.Equal(("Sophie Lambert", "Madame Sophie Lambert"), await Row<(string, string)>(
            "select to_name, text_body from outbox_messages where to_address = 'sophie.lambert@example.be'"));
        Assert.Contains("vous êtes propriétaire d'un lot", await Scalar<string>("select answer from privacy_requests where id = @id", new { id }));
    }
}
