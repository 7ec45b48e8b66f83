using KoproGo.Domain.Accounting;
using Dapper;
using Npgsql;

namespace KoproGo.Web.Infrastructure;

/// <summary>
/// A living demo: a Brussels syndic firm with three buildings (one of 42 lots where the board is mandatory),
/// about thirty owners with French and Dutch names, joint ownership, bare ownership and usufruct, a past sale;
/// and a second firm with its own building to show that tenants never see each other.
/// Also the fixture the tests reset to.
/// </summary>
public static class DemoData
{
    public const string Password = "KoproGo-demo-2026";

    private static readonly Lazy<string> PasswordHash = new(() => Passwords.Hash(Password));

    public static async Task LoadIfEmpty(NpgsqlDataSource source)
    {
        await using var conn = await source.OpenConnectionAsync();
        if (await conn.ExecuteScalarAsync<bool>("select exists (select 1 from organisations)")) return;
        await using var tx = await conn.BeginTransactionAsync();
        await Load(conn, tx);
        await tx.CommitAsync();
    }

    public static async Task Load(NpgsqlConnection conn, NpgsqlTransaction tx)
    {
        var demo = new Loader(conn, tx);
        var platform = await demo.Organisation("KoproGo", "platform", null);
        var horizon = await demo.Organisation("Syndic Horizon SRL", "professional_syndic", "0812345603");
        var meuse = await demo.Organisation("Gestion Meuse SRL", "professional_syndic", "0823456754");

        var horizonContact = new SyndicContact("Syndic Horizon SRL", "Chaussée de Waterloo 715, 1180 Uccle", "+32 2 345 67 89",
            "contact@horizon-syndic.be", "0812345603", "Lundi, mercredi et vendredi de 9 h à 12 h");

        var tilleuls = await demo.Building(horizon, "Résidence Les Tilleuls", "Avenue des Tilleuls 48", "1180", "Uccle",
            "0834567808", "BE41363081234510", 10_000, 1974, "fr", horizonContact);
        var linde = await demo.Building(horizon, "Gebouw De Linde", "Tiensestraat 88", "3000", "Leuven",
            "0845678959", "BE21363089876503", 1_000, 1998, "nl",
            horizonContact with { OfficeHours = "Maandag en donderdag van 9 tot 12 uur" });
        var parc = await demo.Building(horizon, "Résidence du Parc", "Rue du Parc 5", "4000", "Liège",
            "0856789122", "BE35310123456737", 1_000, 1962, "fr", horizonContact);
        var quai = await demo.Building(meuse, "Résidence Quai de Meuse", "Quai de Meuse 12", "5000", "Namur",
            "0867891266", "BE55735065432144", 1_000, 2004, "fr",
            new SyndicContact("Gestion Meuse SRL", "Rue de Fer 20, 5000 Namur", "+32 81 22 33 44", "info@gestion-meuse.be",
                "0823456754", "Du mardi au jeudi de 14 h à 17 h"));

        // Résidence Les Tilleuls: 2 shops, 22 flats, 10 cellars, 8 parkings = 24 lots counting for the board; quotas sum to 10,000.
        var t = new Dictionary<string, long>
        {
            ["C1"] = await demo.Lot(tilleuls, "C1", "commercial", 0, 120m, 450),
            ["C2"] = await demo.Lot(tilleuls, "C2", "commercial", 0, 118m, 450),
        };
        int[] flatQuotas = [340, 280, 380, 240];
        decimal[] flatAreas = [85m, 65m, 95m, 55m];
        for (var floor = 1; floor <= 5; floor++)
            for (var flat = 1; flat <= 4; flat++)
                t[$"A{floor}.{flat}"] = await demo.Lot(tilleuls, $"A{floor}.{flat}", "apartment", floor, flatAreas[flat - 1], flatQuotas[flat - 1]);
        t["A6.1"] = await demo.Lot(tilleuls, "A6.1", "apartment", 6, 140m, 1025);
        t["A6.2"] = await demo.Lot(tilleuls, "A6.2", "apartment", 6, 138m, 1025);
        for (var i = 1; i <= 10; i++) t[$"K{i}"] = await demo.Lot(tilleuls, $"K{i}", "cellar", -1, 8m, 25);
        for (var i = 1; i <= 8; i++) t[$"P{i}"] = await demo.Lot(tilleuls, $"P{i}", "parking", -1, 12.5m, 75);

        var o = new Dictionary<string, long>();
        async Task Person(string key, string first, string last, string lang, string street, string postcode, string city) =>
            o[key] = await demo.Owner(horizon, "natural", first, last, null, lang, street, postcode, city);

        o["immo"] = await demo.Owner(horizon, "legal", null, "Immo Louise SA", "0403170701", "fr", "Avenue Louise 250", "1050", "Ixelles");
        await Person("sophie", "Sophie", "Lambert", "fr", "Avenue des Tilleuls 48", "1180", "Uccle");
        await Person("marc", "Marc", "Lambert", "fr", "Avenue des Tilleuls 48", "1180", "Uccle");
        await Person("pieter", "Pieter", "Janssens", "nl", "Avenue des Tilleuls 48", "1180", "Uccle");
        await Person("jean", "Jean", "Dupont", "fr", "Avenue des Tilleuls 48", "1180", "Uccle");
        await Person("marie", "Marie", "Dubois", "fr", "Rue Vanderkindere 12", "1180", "Uccle");
        await Person("luc", "Luc", "Peeters", "nl", "Avenue des Tilleuls 48", "1180", "Uccle");
        await Person("anne", "Anne", "Leclercq", "fr", "Avenue des Tilleuls 48", "1180", "Uccle");
        await Person("koen", "Koen", "Maes", "nl", "Kerkstraat 4", "1850", "Grimbergen");
        await Person("isabelle", "Isabelle", "Fontaine", "fr", "Avenue des Tilleuls 48", "1180", "Uccle");
        await Person("thomas", "Thomas", "Renard", "fr", "Avenue des Tilleuls 48", "1180", "Uccle");
        await Person("els", "Els", "Willems", "nl", "Avenue des Tilleuls 48", "1180", "Uccle");
        await Person("philippe", "Philippe", "Lemaire", "fr", "Rue de la Station 3", "1300", "Wavre");
        await Person("nathalie", "Nathalie", "Delvaux", "fr", "Avenue des Tilleuls 48", "1180", "Uccle");
        await Person("bart", "Bart", "Claes", "nl", "Avenue des Tilleuls 48", "1180", "Uccle");
        await Person("catherine", "Catherine", "Simon", "fr", "Avenue des Tilleuls 48", "1180", "Uccle");
        await Person("wim", "Wim", "Goossens", "nl", "Avenue des Tilleuls 48", "1180", "Uccle");
        await Person("francoise", "Françoise", "Henrard", "fr", "Avenue des Tilleuls 48", "1180", "Uccle");
        await Person("hugo", "Hugo", "Henrard", "fr", "Rue du Bailli 9", "1050", "Ixelles");
        await Person("lea", "Léa", "Henrard", "fr", "Rue du Bailli 9", "1050", "Ixelles");
        await Person("geert", "Geert", "Wouters", "nl", "Avenue des Tilleuls 48", "1180", "Uccle");
        await Person("an", "An", "De Smet", "nl", "Avenue des Tilleuls 48", "1180", "Uccle");
        await Person("olivier", "Olivier", "Bastin", "fr", "Avenue des Tilleuls 48", "1180", "Uccle");
        await Person("julie", "Julie", "Collignon", "fr", "Avenue des Tilleuls 48", "1180", "Uccle");
        await Person("michel", "Michel", "Laurent", "fr", "Rue Longue 80", "1180", "Uccle");
        await Person("sarah", "Sarah", "Martin", "fr", "Avenue des Tilleuls 48", "1180", "Uccle");
        await Person("emma", "Emma", "Martin", "fr", "Rue Émile Bouilliot 7", "1050", "Ixelles");
        await Person("noah", "Noah", "Martin", "en", "12 Rose Street", "1000", "Bruxelles");
        await Person("joris", "Joris", "Vermeulen", "nl", "Avenue des Tilleuls 48", "1180", "Uccle");
        await Person("hilde", "Hilde", "Van Damme", "nl", "Tiensestraat 88", "3000", "Leuven");
        await Person("stijn", "Stijn", "De Backer", "nl", "Tiensestraat 88", "3000", "Leuven");
        await Person("lotte", "Lotte", "Hermans", "nl", "Tiensestraat 88", "3000", "Leuven");
        await Person("dirk", "Dirk", "Verhoeven", "nl", "Naamsestraat 21", "3000", "Leuven");
        await Person("ines", "Inès", "Lefebvre", "fr", "Rue du Parc 5", "4000", "Liège");
        await Person("andre", "André", "Lejeune", "fr", "Rue du Parc 5", "4000", "Liège");

        var since = new DateOnly(2015, 1, 1);
        async Task Own(string lot, string owner, int num = 1, int den = 1, string right = "full", DateOnly? from = null, DateOnly? to = null) =>
            await demo.Ownership(horizon, t[lot], o[owner], num, den, right, from ?? since, to);

        await Own("C1", "immo");
        await Own("C2", "immo");
        // A married couple, half each: the demo owner's flat.
        await Own("A2.1", "sophie", 1, 2, from: new(2012, 9, 1));
        await Own("A2.1", "marc", 1, 2, from: new(2012, 9, 1));
        await Own("K2", "sophie", 1, 2, from: new(2012, 9, 1));
        await Own("K2", "marc", 1, 2, from: new(2012, 9, 1));
        await Own("P2", "sophie", from: new(2016, 4, 1));
        await Own("A3.2", "pieter", from: new(2009, 5, 15));
        await Own("K5", "pieter", from: new(2009, 5, 15));
        // A sale: Michel Laurent sold A3.1 to Thomas Renard on 15 June 2023.
        await Own("A3.1", "michel", from: new(2005, 3, 1), to: new(2023, 6, 15));
        await Own("A3.1", "thomas", from: new(2023, 6, 15));
        // Bare ownership to the children, usufruct to their mother.
        await Own("A4.3", "francoise", right: "usufruct", from: new(2019, 11, 2));
        await Own("A4.3", "hugo", 1, 2, "bare", new(2019, 11, 2));
        await Own("A4.3", "lea", 1, 2, "bare", new(2019, 11, 2));
        // Three heirs holding a third each.
        await Own("A5.2", "sarah", 1, 3, from: new(2021, 2, 10));
        await Own("A5.2", "emma", 1, 3, from: new(2021, 2, 10));
        await Own("A5.2", "noah", 1, 3, from: new(2021, 2, 10));

        string[] flatOwners = ["jean", "marie", "luc", "anne", "koen", "isabelle", "els", "philippe", "nathalie", "bart",
            "catherine", "wim", "geert", "an", "olivier", "julie", "joris"];
        string[] otherFlats = ["A1.1", "A1.2", "A1.3", "A1.4", "A2.2", "A2.3", "A2.4", "A3.3", "A3.4", "A4.1", "A4.2",
            "A4.4", "A5.1", "A5.3", "A5.4", "A6.1", "A6.2"];
        for (var i = 0; i < otherFlats.Length; i++) await Own(otherFlats[i], flatOwners[i]);
        string[] cellarOwners = ["jean", "marie", "luc", "anne", "isabelle", "els", "philippe", "nathalie"];
        string[] otherCellars = ["K1", "K3", "K4", "K6", "K7", "K8", "K9", "K10"];
        for (var i = 0; i < otherCellars.Length; i++) await Own(otherCellars[i], cellarOwners[i]);
        string[] parkingOwners = ["jean", "luc", "isabelle", "nathalie", "bart", "olivier", "joris"];
        string[] otherParkings = ["P1", "P3", "P4", "P5", "P6", "P7", "P8"];
        for (var i = 0; i < otherParkings.Length; i++) await Own(otherParkings[i], parkingOwners[i]);

        // Gebouw De Linde, Leuven: six flats, 1,000 shares.
        (string Number, int Floor, decimal Area, int Quota, string Owner)[] lindeLots =
        [
            ("1.1", 1, 72m, 150, "hilde"), ("1.2", 1, 78m, 160, "stijn"), ("2.1", 2, 72m, 150, "lotte"),
            ("2.2", 2, 78m, 160, "dirk"), ("3.1", 3, 84m, 180, "koen"), ("3.2", 3, 96m, 200, "hilde"),
        ];
        foreach (var l in lindeLots)
        {
            var lot = await demo.Lot(linde, l.Number, "apartment", l.Floor, l.Area, l.Quota);
            await demo.Ownership(horizon, lot, o[l.Owner], 1, 1, "full", new(2018, 1, 1), null);
        }

        // Résidence du Parc, Liège: four flats and two garages; the demo owner also has a flat here.
        (string Number, string Kind, int Floor, decimal Area, int Quota, string Owner)[] parcLots =
        [
            ("1", "apartment", 0, 80m, 220, "ines"), ("2", "apartment", 1, 82m, 230, "sophie"), ("3", "apartment", 2, 86m, 240, "andre"),
            ("4", "apartment", 3, 76m, 210, "ines"), ("G1", "garage", 0, 15m, 50, "andre"), ("G2", "garage", 0, 15m, 50, "sophie"),
        ];
        foreach (var l in parcLots)
        {
            var lot = await demo.Lot(parc, l.Number, l.Kind, l.Floor, l.Area, l.Quota);
            await demo.Ownership(horizon, lot, o[l.Owner], 1, 1, "full", new(2020, 7, 1), null);
        }

        // The other firm's building, with its own owners.
        var meuseOwners = new List<long>
        {
            await demo.Owner(meuse, "natural", "Camille", "Gérard", null, "fr", "Quai de Meuse 12", "5000", "Namur"),
            await demo.Owner(meuse, "natural", "Lucas", "Massart", null, "fr", "Quai de Meuse 12", "5000", "Namur"),
            await demo.Owner(meuse, "natural", "Chloé", "Piron", null, "fr", "Quai de Meuse 12", "5000", "Namur"),
        };
        for (var i = 1; i <= 5; i++)
        {
            var lot = await demo.Lot(quai, $"{i}", "apartment", i - 1, 90m, 200);
            await demo.Ownership(meuse, lot, meuseOwners[i % 3], 1, 1, "full", new(2010, 1, 1), null);
        }

        await demo.User(platform, "admin@demo.koprogo.be", "Admin KoproGo", "en", null, (Roles.SuperAdmin, null));
        await demo.User(horizon, "syndic@demo.koprogo.be", "Claire Horizon", "fr", null, (Roles.Syndic, null));
        await demo.User(horizon, "accountant@demo.koprogo.be", "Bruno Comptable", "fr", null, (Roles.Accountant, null));
        await demo.User(horizon, "board@demo.koprogo.be", "Pieter Janssens", "nl", o["pieter"], (Roles.BoardMember, tilleuls), (Roles.Owner, null));
        await demo.User(horizon, "owner@demo.koprogo.be", "Sophie Lambert", "fr", o["sophie"], (Roles.Owner, null));
        await demo.User(meuse, "syndic2@demo.koprogo.be", "Damien Meuse", "fr", null, (Roles.Syndic, null));
        await demo.User(meuse, "owner2@demo.koprogo.be", "Camille Gérard", "fr", meuseOwners[0], (Roles.Owner, null));

        await Assemblies(conn, tx, tilleuls, o);
        await Accounts(conn, tx, horizon, meuse, [tilleuls, linde, parc], quai);
        await ThisYearsMoney(Db.Joining(conn, tx), tilleuls, o);
        await Budgets(conn, tx, tilleuls);
        await Community(conn, tx, tilleuls, o);
        await Problems(conn, tx, tilleuls);
        await Maintenance(conn, tx, tilleuls);
        await Works(conn, tx, tilleuls, horizon);
        await Sales(conn, tx, tilleuls);
        // Each firm published its privacy notice a month ago, and everyone of the demo accepted it.
        await conn.ExecuteAsync("""
            insert into privacy_notices (organisation_id, version, published_at, published_by)
            select id, 1, now() - interval '30 days', 'KoproGo' from organisations where kind <> 'platform';
            insert into privacy_acceptances (user_id, notice_id, accepted_at)
            select u.id, n.id, now() - interval '29 days' from users u join privacy_notices n on n.organisation_id = u.organisation_id;
            """, transaction: tx);
    }

    /// <summary>
    /// Les Tilleuls' problem reports: the lift taken in hand (the technician is coming), the entrance door that closes
    /// badly, open for ten days and shown to the building (overdue, a neighbour has it too), a leak in the cellars resolved.
    /// </summary>
    private static Task Problems(NpgsqlConnection conn, NpgsqlTransaction tx, long tilleuls) => conn.ExecuteAsync("""
        with people as (
            select (select id from users where email = 'owner@demo.koprogo.be') as sophie, (select id from users where email = 'board@demo.koprogo.be') as pieter,
                   (select id from users where email = 'resident@demo.koprogo.be') as lucas, (select id from users where email = 'syndic@demo.koprogo.be') as claire
        ), reports as (
            insert into problem_reports (organisation_id, building_id, place, reporter_id, title, description, category, urgency, state, shown_to_building,
                                         created_at, waiting_since, taken_at, resolved_at)
            select b.organisation_id, b.id, r.place, r.reporter, r.title, r.description, r.category, r.urgency, r.state, r.shown,
                   now() - r.age, now() - r.age, now() - r.taken, now() - r.resolved
            from buildings b cross join people p cross join lateral (values
                ('Ascenseur', p.sophie, 'L''ascenseur s''arrête entre deux étages',
                 'Ce matin, l''ascenseur s''est arrêté entre le 2e et le 3e étage ; il est reparti après une minute.', 'lift', 'high', 'in_progress', false,
                 interval '3 days', interval '2 days', null::interval),
                ('Hall d''entrée', p.lucas, 'La porte d''entrée ferme mal',
                 'La porte d''entrée ne se referme pas seule : il faut la pousser pour qu''elle se verrouille.', 'doors_and_locks', 'normal', 'open', true,
                 interval '10 days', null, null),
                ('Couloir des caves', p.pieter, 'Fuite dans le couloir des caves',
                 'Une flaque se forme sous la conduite près de la cave 12.', 'water_leak', 'high', 'resolved', false,
                 interval '20 days', interval '19 days', interval '5 days')
            ) as r(place, reporter, title, description, category, urgency, state, shown, age, taken, resolved)
            where b.id = @tilleuls
            returning id, title
        )
        insert into problem_report_comments (report_id, author_id, body, created_at)
        select r.id, p.claire, 'Le technicien de la société d''ascenseurs passe jeudi matin.', now() - interval '2 days'
        from reports r, people p where r.title like 'L''ascenseur%'
        union all
        select r.id, p.sophie, 'Pareil chez moi, la porte reste entrouverte le soir.', now() - interval '8 days'
        from reports r, people p where r.title like 'La porte%';
        insert into problem_report_followers (report_id, user_id, since)
        select r.id, u.id, now() - interval '8 days' from problem_reports r, users u
        where r.title = 'La porte d''entrée ferme mal' and u.email = 'owner@demo.koprogo.be';
        """, new { tilleuls }, tx);

    /// <summary>
    /// Les Tilleuls' maintenance log: the lift (its half-yearly inspection due within the month), the boiler inspected in
    /// the autumn, the extinguishers whose yearly check is overdue, the electrical installation of the common parts.
    /// </summary>
    private static Task Maintenance(NpgsqlConnection conn, NpgsqlTransaction tx, long tilleuls) => conn.ExecuteAsync("""
        with added as (
            insert into equipment (organisation_id, building_id, kind, name, make, model, installed_on, contract_holder, inspection_months, inspection_body)
            select b.organisation_id, b.id, e.kind, e.name, e.make, e.model, e.installed_on, e.holder, e.months, e.body
            from buildings b cross join (values
                ('lift', 'Ascenseur', 'Schindler', '3300', date '2012-05-01', 'Schindler SA', 6, 'Vinçotte'),
                ('boiler', 'Chaudière collective', 'Viessmann', 'Vitocrossal 300', date '2018-10-15', 'Chauffage Dumont', 12, 'Technicien agréé'),
                ('extinguishers', 'Extincteurs (12)', '', '', date '2015-01-10', 'Sicli', 12, 'Sicli'),
                ('electrical_installation', 'Installation électrique des communs', '', '', date '2012-05-01', '', 60, 'BTV')
            ) as e(kind, name, make, model, installed_on, holder, months, body)
            where b.id = @tilleuls
            returning id, kind
        )
        insert into inspections (equipment_id, done_on, body, result, notes)
        select a.id, i.done_on, i.body, i.result, i.notes from added a join (values
            ('lift', current_date - 170, 'Vinçotte', 'remarks', 'Remplacer l''éclairage de la cabine.'),
            ('lift', current_date - 350, 'Vinçotte', 'compliant', ''),
            ('boiler', current_date - 60, 'Technicien agréé', 'compliant', ''),
            ('extinguishers', current_date - 400, 'Sicli', 'compliant', ''),
            ('electrical_installation', current_date - 900, 'BTV', 'compliant', '')
        ) as i(kind, done_on, body, result, notes) on i.kind = a.kind;
        """, new { tilleuls }, tx);

    /// <summary>
    /// Contractors (suppliers with a trade) and Les Tilleuls' works request for the flat roof above the garages: three
    /// roofers asked, three quotes in (one sent through the contractor's link), the comparison waiting for the syndic.
    /// </summary>
    private static async Task Works(NpgsqlConnection conn, NpgsqlTransaction tx, long tilleuls, long horizon)
    {
        await conn.ExecuteAsync("""
            update suppliers set trade = 'lift', email = 'devis@ascenseurs-delvaux.example' where name = 'Ascenseurs Delvaux SA';
            update suppliers set trade = 'electricity', email = 'info@electricite-lumiere.example' where name = 'Électricité Lumière SA';
            update suppliers set trade = 'heating', email = 'contact@thermo-services.example' where name = 'Thermo Services SRL';
            insert into suppliers (organisation_id, name, company_number, iban, email, default_account, trade, language) values
                (@horizon, 'Toitures Dubois SRL', '0423456765', 'BE15001765432130', 'devis@toitures-dubois.example', '610', 'roofing', 'fr'),
                (@horizon, 'Couvertures Lemaire SA', '0434567819', 'BE06001357924622', 'offres@lemaire-couvertures.example', '610', 'roofing', 'fr'),
                (@horizon, 'Dakwerken Peeters BV', '0445678970', 'BE31001864209755', 'offerte@dakwerken-peeters.example', '610', 'roofing', 'nl');
            """, new { horizon }, tx);
        var request = await conn.ExecuteScalarAsync<long>("""
            insert into works_requests (organisation_id, building_id, title, description, estimate, answer_by, created_by, created_at)
            select b.organisation_id, b.id, 'Réfection de la toiture plate au-dessus des garages',
                   'Enlever l''ancienne étanchéité bitumineuse (environ 140 m²), isoler (PIR 12 cm) et poser une membrane EPDM avec ses relevés et ses évacuations.',
                   18000, current_date + 5, u.id, now() - interval '20 days'
            from buildings b, users u where b.id = @tilleuls and u.email = 'syndic@demo.koprogo.be' returning id
            """, new { tilleuls }, tx);
        await conn.ExecuteAsync("""
            insert into works_request_invitations (request_id, supplier_id, invited_at)
            select @request, s.id, now() - interval '20 days' from suppliers s where s.trade = 'roofing' and s.organisation_id = @horizon;
            insert into contractor_links (organisation_id, supplier_id, token_hash, expires_at, created_at)
            select @horizon, s.id, encode(sha256(convert_to('demo-link-' || s.id, 'UTF8')), 'hex'), now() - interval '15 days', now() - interval '18 days'
            from suppliers s where s.name = 'Toitures Dubois SRL';
            insert into quotes (request_id, supplier_id, amount_excl_vat, vat_rate, duration_days, start_on, warranty_years, valid_until, notes, entered_by, link_id, received_at)
            select @request, s.id, q.amount, 6, q.days, current_date + q.start, q.warranty, current_date + 60, q.notes,
                   case when q.by_link then null else (select id from users where email = 'syndic@demo.koprogo.be') end,
                   case when q.by_link then (select max(l.id) from contractor_links l where l.supplier_id = s.id) end, now() - q.age
            from suppliers s join (values
                ('Toitures Dubois SRL', 16450.00, 8, 30, 10, 'Membrane EPDM Firestone, garantie fabricant 20 ans.', true, interval '16 days'),
                ('Couvertures Lemaire SA', 15200.00, 12, 45, 10, '', false, interval '12 days'),
                ('Dakwerken Peeters BV', 17900.00, 6, 21, 15, 'Isolation PIR 14 cm au même prix.', false, interval '9 days')
            ) as q(name, amount, days, start, warranty, notes, by_link, age) on q.name = s.name
            where s.organisation_id = @horizon;
            """, new { request, horizon }, tx);
        // Two direct orders: the lift's cabin lighting (the inspection's remark) done and validated, the heating's yearly
        // purge accepted by the heating firm and due next week.
        await conn.ExecuteAsync("""
            insert into work_orders (organisation_id, building_id, supplier_id, title, description, place, site_contact, start_on, due_on,
                                     amount_excl_vat, vat_rate, account_code, warranty_years, state, accepted_at, started_at, done_at, report,
                                     parts_replaced, hours_spent, validated_at, validated_by, rating, created_by, created_at)
            select b.organisation_id, b.id, s.id, 'Remplacer l''éclairage de la cabine d''ascenseur', 'Remarque du dernier contrôle Vinçotte.',
                   'Ascenseur, cabine', 'Concierge : 0470 12 34 56', current_date - 45, current_date - 38, 640, 21, '612', 2, 'validated',
                   now() - interval '47 days', now() - interval '44 days', now() - interval '43 days', 'Plafonnier LED posé, ancien tube évacué.',
                   'Plafonnier LED 24 V', 2.5, now() - interval '40 days', u.id, 5, u.id, now() - interval '48 days'
            from buildings b, suppliers s, users u
            where b.id = @tilleuls and s.name = 'Électricité Lumière SA' and u.email = 'syndic@demo.koprogo.be';
            insert into work_orders (organisation_id, building_id, supplier_id, title, description, place, site_contact, start_on, due_on,
                                     amount_excl_vat, vat_rate, account_code, warranty_years, state, accepted_at, created_by, created_at)
            select b.organisation_id, b.id, s.id, 'Purge et équilibrage du chauffage', 'Purge des radiateurs des communs et équilibrage des colonnes.',
                   'Chaufferie et communs', 'Concierge : 0470 12 34 56', current_date + 5, current_date + 7, 380, 21, '600', 2, 'accepted',
                   now() - interval '2 days', u.id, now() - interval '4 days'
            from buildings b, suppliers s, users u
            where b.id = @tilleuls and s.name = 'Thermo Services SRL' and u.email = 'syndic@demo.koprogo.be';
            """, new { tilleuls }, tx);
    }

    /// <summary>Les Tilleuls' local exchange: a few offers open, one under way, three completed (so balances and statements show).</summary>
    private static async Task Community(NpgsqlConnection conn, NpgsqlTransaction tx, long tilleuls, Dictionary<string, long> o)
    {
        // Every owner holding a lot in Les Tilleuls is a member of its community: m maps the demo's names to member ids.
        var members = (await conn.QueryAsync<(long OwnerId, long Id)>($"""
            insert into community_members (building_id, owner_id)
            select distinct @tilleuls, o.owner_id from lot_ownerships o join lots l on l.id = o.lot_id where l.building_id = @tilleuls and {Ownerships.HeldToday}
            returning owner_id, id
            """, new { tilleuls }, tx)).ToDictionary(x => x.OwnerId, x => x.Id);
        var m = o.Where(x => members.ContainsKey(x.Value)).ToDictionary(x => x.Key, x => members[x.Value]);
        (string Provider, string? Requester, string Kind, string Category, string Title, int Credits, string Status)[] exchanges =
        [
            ("pieter", null, "service", "tech", "Aide pour installer votre smartphone ou votre ordinateur", 1, "offered"),
            ("anne", null, "service", "pets", "Garde de chat pendant vos vacances (nourrir, câliner)", 2, "offered"),
            ("jean", null, "object_loan", "diy", "Prêt d'une foreuse-visseuse avec mèches", 1, "offered"),
            ("els", null, "shared_purchase", "gardening", "Commande groupée de terreau bio (sacs de 40 l)", 1, "offered"),
            ("luc", "sophie", "service", "moving", "Aide pour porter un canapé au 4e", 2, "in_progress"),
            ("marie", "jean", "service", "cooking", "Cours de pâtisserie : tarte au sucre", 3, "completed"),
            ("jean", "sophie", "service", "diy", "Réparer une chasse d'eau", 1, "completed"),
            ("sophie", "anne", "service", "education", "Conversation en néerlandais, deux séances", 2, "completed"),
        ];
        foreach (var x in exchanges)
        {
            var done = x.Status == "completed";
            var id = await conn.ExecuteScalarAsync<long>("""
                insert into sel_exchanges (organisation_id, building_id, provider_id, requester_id, kind, category, title, credits, status,
                                           requested_at, started_at, provider_confirmed_at, requester_confirmed_at, completed_at, created_at)
                select organisation_id, id, @provider, @requester, @Kind, @Category, @Title, @Credits, @Status,
                       case when @requester::bigint is not null then now() - interval '20 days' end,
                       case when @requester::bigint is not null then now() - interval '15 days' end,
                       case when @done then now() - interval '10 days' end, case when @done then now() - interval '10 days' end,
                       case when @done then now() - interval '10 days' end, now() - interval '30 days'
                from buildings where id = @tilleuls returning id
                """, new { tilleuls, provider = m[x.Provider], requester = x.Requester is null ? (long?)null : m[x.Requester], x.Kind, x.Category, x.Title, x.Credits, x.Status, done }, tx);
            if (done)
                await conn.ExecuteAsync("""
                    insert into sel_transfers (building_id, exchange_id, from_member, to_member, credits, transferred_at)
                    values (@tilleuls, @id, @requester, @provider, @Credits, now() - interval '10 days')
                    """, new { tilleuls, id, provider = m[x.Provider], requester = m[x.Requester!], x.Credits }, tx);
        }
        await CommunityLife(conn, tx, tilleuls, m);
    }

    /// <summary>
    /// The rest of Les Tilleuls' community: members who show their skills, objects to borrow (one out), posts on the board,
    /// resources with bookings this week, and the swap shop.
    /// </summary>
    private static async Task CommunityLife(NpgsqlConnection conn, NpgsqlTransaction tx, long tilleuls, Dictionary<string, long> m)
    {
        foreach (var member in new[] { "pieter", "anne", "jean", "marie", "sophie" })
            await conn.ExecuteAsync("update community_members set in_directory = true, on_leaderboard = @board where id = @member",
                new { member = m[member], board = member != "anne" }, tx);
        (string Owner, string Category, string Title, string Description, int? Credits)[] skills =
        [
            ("pieter", "tech", "Aide informatique", "Installation d'imprimante, sauvegardes, smartphone.", 1),
            ("anne", "pets", "Garde d'animaux", "Chats et petits chiens, pendant les vacances.", 2),
            ("jean", "diy", "Petite plomberie", "Joints, chasses d'eau, siphons. Pas de gaz.", 1),
            ("marie", "cooking", "Pâtisserie belge", "Tarte au sucre, gaufres de Liège, speculoos.", null),
            ("sophie", "education", "Conversation en néerlandais", "Pour progresser en parlant, tous niveaux.", 2),
        ];
        foreach (var k in skills)
            await conn.ExecuteAsync("""
                insert into skills (building_id, member_id, category, title, description, credits_per_hour) values (@tilleuls, @owner, @Category, @Title, @Description, @Credits)
                """, new { tilleuls, owner = m[k.Owner], k.Category, k.Title, k.Description, k.Credits }, tx);

        (string Owner, string Name, string Category, string Condition, decimal Deposit, int Days)[] objects =
        [
            ("jean", "Foreuse-visseuse Makita", "tools", "good", 20m, 7), ("jean", "Échelle 3 plans", "tools", "fair", 0m, 3),
            ("marie", "Appareil à raclette 8 personnes", "kitchen", "good", 0m, 4), ("anne", "Tente 4 places", "outdoor", "good", 30m, 14),
            ("pieter", "Siège auto 9–18 kg", "kids", "new", 0m, 30), ("sophie", "Intégrale Tintin", "books", "good", 0m, 21),
        ];
        var objectIds = new List<long>();
        foreach (var x in objects)
            objectIds.Add(await conn.ExecuteScalarAsync<long>("""
                insert into shared_objects (building_id, member_id, name, category, condition, deposit, loan_days) values (@tilleuls, @owner, @Name, @Category, @Condition, @Deposit, @Days)
                returning id
                """, new { tilleuls, owner = m[x.Owner], x.Name, x.Category, x.Condition, x.Deposit, x.Days }, tx));
        await conn.ExecuteAsync("""
            insert into object_loans (object_id, borrower_id, starts_on, due_on, status, decided_at, lent_at, returned_at) values
                (@drill, @sophie, current_date - 10, current_date - 8, 'returned', now() - interval '11 days', now() - interval '10 days', now() - interval '8 days'),
                (@drill, @pieter, current_date - 2, current_date + 4, 'lent', now() - interval '3 days', now() - interval '2 days', null),
                (@raclette, @sophie, current_date + 6, current_date + 7, 'requested', null, null, null)
            """, new { drill = objectIds[0], raclette = objectIds[2], sophie = m["sophie"], pieter = m["pieter"] }, tx);

        var syndic = await conn.ExecuteScalarAsync<long>("select id from users where email = 'syndic@demo.koprogo.be'", transaction: tx);
        var sophieUser = await conn.ExecuteScalarAsync<long>("select id from users where email = 'owner@demo.koprogo.be'", transaction: tx);
        var pieterUser = await conn.ExecuteScalarAsync<long>("select id from users where email = 'board@demo.koprogo.be'", transaction: tx);
        var works = await conn.ExecuteScalarAsync<long>("""
            insert into notices (building_id, author_id, kind, title, body, pinned, expires_on, created_at) values (@tilleuls, @syndic, 'announcement',
                'Coupure d''eau jeudi matin', 'Le plombier remplace la vanne principale jeudi de 8 h à 11 h. Pensez à faire une réserve d''eau.', true, current_date + 10, now() - interval '2 days')
            returning id
            """, new { tilleuls, syndic }, tx);
        var party = await conn.ExecuteScalarAsync<long>("""
            insert into notices (building_id, author_id, kind, title, body, event_on, created_at) values (@tilleuls, @pieterUser, 'event',
                'Fête des voisins dans le jardin', 'Chacun apporte un plat ou une boisson. Les enfants sont les bienvenus !', current_date + 14, now() - interval '5 days')
            returning id
            """, new { tilleuls, pieterUser }, tx);
        await conn.ExecuteAsync("""
            insert into notices (building_id, author_id, kind, title, body, created_at) values
                (@tilleuls, @sophieUser, 'lost_found', 'Trouvé : un trousseau de clés', 'Trois clés avec un porte-clés rouge, trouvées près des boîtes aux lettres. Je les garde.', now() - interval '1 day'),
                (@tilleuls, @pieterUser, 'recommendation', 'Un bon cordonnier rue Haute', 'Rapide et pas cher, il a sauvé mes bottes.', now() - interval '12 days');
            insert into notice_comments (notice_id, author_id, body, created_at) values
                (@party, @sophieUser, 'Super idée ! J''apporte une quiche.', now() - interval '4 days'),
                (@works, @pieterUser, 'Merci pour l''information.', now() - interval '1 day');
            """, new { tilleuls, sophieUser, pieterUser, party, works }, tx);

        var room = await conn.ExecuteScalarAsync<long>("""
            insert into resources (building_id, name, kind, description, capacity, min_minutes, max_minutes, days_ahead, needs_approval) values
                (@tilleuls, 'Salle commune', 'common_room', 'Rez-de-chaussée, 30 places. Rangez les chaises et videz les poubelles en partant.', 1, 60, 720, 60, true)
            returning id
            """, new { tilleuls }, tx);
        var parking = await conn.ExecuteScalarAsync<long>("""
            insert into resources (building_id, name, kind, description, capacity, min_minutes, max_minutes, days_ahead, needs_approval) values
                (@tilleuls, 'Parking visiteurs P1', 'guest_parking', 'Emplacement devant l''entrée B.', 1, 60, 2880, 14, false),
                (@tilleuls, 'Buanderie', 'laundry', 'Deux machines au sous-sol.', 2, 30, 180, 7, false)
            returning id
            """, new { tilleuls }, tx);
        await conn.ExecuteAsync("""
            insert into bookings (resource_id, member_id, during, exclusive, status, purpose) values
                (@room, @pieter, tstzrange(((current_date + 14) + time '17:00') at time zone 'Europe/Brussels', ((current_date + 14) + time '23:00') at time zone 'Europe/Brussels'), true, 'confirmed', 'Fête des voisins'),
                (@room, @sophie, tstzrange(((current_date + 20) + time '14:00') at time zone 'Europe/Brussels', ((current_date + 20) + time '18:00') at time zone 'Europe/Brussels'), true, 'pending', 'Anniversaire de Léa'),
                (@parking, @sophie, tstzrange(((current_date + 2) + time '10:00') at time zone 'Europe/Brussels', ((current_date + 3) + time '10:00') at time zone 'Europe/Brussels'), true, 'confirmed', 'Visite de mes parents')
            """, new { room, parking, pieter = m["pieter"], sophie = m["sophie"] }, tx);

        await conn.ExecuteAsync("""
            insert into swap_items (building_id, member_id, mode, title, description, wanted, status, taker_id, reserved_at) values
                (@tilleuls, @anne, 'give', 'Vélo d''enfant 16 pouces', 'Rouge, petites roues fournies.', null, 'available', null, null),
                (@tilleuls, @marie, 'swap', 'Caisse de romans policiers', 'Une vingtaine, en français.', 'Des livres pour enfants', 'available', null, null),
                (@tilleuls, @jean, 'give', 'Plantes d''intérieur (boutures)', 'Pothos et monstera.', null, 'reserved', @sophie, now() - interval '1 day')
            """, new { tilleuls, anne = m["anne"], marie = m["marie"], jean = m["jean"], sophie = m["sophie"] }, tx);

        // Les Tilleuls lets its residents in: Lucas Martin rents Jean's flat A1.1 and takes part like an owner would.
        var lucas = await conn.ExecuteScalarAsync<long>("""
            update buildings set community_residents = true where id = @tilleuls;
            insert into users (organisation_id, email, display_name, password_hash, language)
            select organisation_id, 'resident@demo.koprogo.be', 'Lucas Martin', @hash, 'fr' from buildings where id = @tilleuls returning id
            """, new { tilleuls, hash = PasswordHash.Value }, tx);
        var lucasMember = await conn.ExecuteScalarAsync<long>("""
            insert into user_roles (user_id, role, building_id) values (@lucas, 'Resident', @tilleuls);
            insert into community_members (building_id, user_id, lot_id, in_directory, on_leaderboard)
            select @tilleuls, @lucas, id, true, true from lots where building_id = @tilleuls and number = 'A1.1' returning id
            """, new { tilleuls, lucas }, tx);
        await conn.ExecuteAsync("""
            insert into skills (building_id, member_id, category, title, description, credits_per_hour) values
                (@tilleuls, @lucasMember, 'mobility', 'Réparation de vélos', 'Crevaisons, freins, dérailleurs. J''ai les outils.', 1);
            insert into bookings (resource_id, member_id, during, exclusive, status)
            select id, @lucasMember, tstzrange(((current_date + 1) + time '19:00') at time zone 'Europe/Brussels', ((current_date + 1) + time '20:30') at time zone 'Europe/Brussels'), false, 'confirmed'
            from resources where building_id = @tilleuls and name = 'Buanderie';
            insert into swap_items (building_id, member_id, mode, title, description, wanted) values
                (@tilleuls, @lucasMember, 'swap', 'Jeux de société', 'Carcassonne et Dixit, complets.', 'Des romans en anglais');
            """, new { tilleuls, lucasMember }, tx);
    }

    /// <summary>
    /// Les Tilleuls this year, through the same code as the pages: monthly cleaning, quarterly electricity and the yearly
    /// insurance approved and paid; provisions and reserve called each quarter (letters already sent); the owners' transfers
    /// imported from the bank each quarter after the due date: most by structured communication, Koen Maes without one
    /// (matched by amount and name), Philippe still owing; a stranger's transfer and bank costs left to assign.
    /// </summary>
    private static async Task ThisYearsMoney(Db db, long tilleuls, Dictionary<string, long> o)
    {
        var today = BrusselsTime.Today;
        var year = today.Year;
        var syndic = await db.Scalar<long>("select id from users where email = 'syndic@demo.koprogo.be'");
        async Task Invoice(string supplier, string reference, DateOnly date, string text, string account, decimal amount, decimal vatRate)
        {
            var invoice = await db.Scalar<long>("""
                insert into invoices (organisation_id, building_id, supplier_id, supplier_reference, invoice_date, due_date, description,
                                      status, submitted_at, syndic_approved_by, board_approved_by)
                select b.organisation_id, b.id, s.id, @reference, @date, @date + 30, @text, 'submitted', now(), @syndic,
                       case when @amount > 2000 then (select id from users where email = 'board@demo.koprogo.be') end
                from buildings b, suppliers s where b.id = @tilleuls and s.name = @supplier returning id
                """, new { tilleuls, supplier, reference, date, text, syndic, amount });
            await db.Execute("""
                insert into invoice_lines (invoice_id, description, account_code, amount_excl_vat, vat_rate, vat) values (@invoice, @text, @account, @amount, @vatRate, @vat)
                """, new { invoice, text, account, amount, vatRate, vat = VatRates.On(amount, vatRate) });
            await Pages.Invoices.InvoicePosting.Approve(db, syndic, invoice);
            if (date.AddDays(20) < today) await Pages.Invoices.InvoicePosting.Pay(db, syndic, invoice, date.AddDays(20));
        }
        // the fire insurance falls due in mid-January; in the first days of the year its invoice is already in, so that
        // the year shown has a charge from its first day
        var insured = new DateOnly(year, 1, 15);
        await Invoice("Assurances du Parc SA", $"POL-{year}-118", insured < today ? insured : today, "Assurance incendie de l'immeuble", "613", 7_912.35m, 0m);
        for (var month = 1; month < today.Month; month++)
        {
            var end = new DateOnly(year, month, 1).AddMonths(1).AddDays(-1);
            await Invoice("Brillant Nettoyage SRL", $"BN-{year}-{month:D2}", end, $"Nettoyage des communs {end:MM/yyyy}", "611", 1_650.00m, 21m);
            if (month is <= 4 or >= 10)
                await Invoice("Thermo Services SRL", $"TS-{year}-{month:D2}", end, $"Gaz de chauffage {end:MM/yyyy}", "600", 5_780.00m, 21m);
            if (month % 3 != 0) continue;
            await Invoice("Électricité Lumière SA", $"EL-{year}-T{month / 3}", end, $"Électricité des communs T{month / 3}", "601", 2_150.40m, 21m);
            await Invoice("Eaux du Brabant SCRL", $"EB-{year}-T{month / 3}", end, $"Eau des communs T{month / 3}", "602", 3_420.00m, 6m);
            if (month < 12)
                await Invoice("Ascenseurs Delvaux SA", $"F-{year}-0{month / 3}12", end, $"Contrat d'entretien, {month / 3}e trimestre", "612", 1_605.20m, 21m);
        }

        // Els Willems misses the latest quarter the bank has paid in: she is a step or two behind Philippe in the reminders
        var lastPaidQuarter = Enumerable.Range(1, Provisions.PeriodOf(today, CallFrequency.Quarterly))
            .LastOrDefault(q => new DateOnly(year, 3 * q - 2, 1).AddDays(35) < today);
        for (var quarter = 1; quarter <= Provisions.PeriodOf(today, CallFrequency.Quarterly); quarter++)
        {
            var issued = new DateOnly(year, 3 * quarter - 2, 1);
            var due = issued.AddDays(30);
            foreach (var (kind, title, yearly) in new[] { (CallKind.WorkingCapital, $"Provisions T{quarter} {year}", 96_000m), (CallKind.Reserve, $"Fonds de réserve T{quarter} {year}", 6_000m) })
            {
                var (call, _) = await Pages.Calls.FundCalls.Issue(db, syndic, tilleuls, kind, title, issued, due,
                    Provisions.Instalment(yearly, CallFrequency.Quarterly, quarter), null);
                await db.Execute("""
                    update fund_call_items i set letter_sent_at = @sent, by_post = o.email is null from owners o where o.id = i.owner_id and i.call_id = @call
                    """, new { call, sent = BrusselsTime.ToUtc(issued, new TimeOnly(9, 0)) });
            }
            if (due.AddDays(5) >= today) continue;
            var payments = await db.Query<(long Owner, string LastName, string Communication, decimal Amount)>("""
                select i.owner_id, o.last_name, i.communication, i.amount from fund_call_items i join fund_calls c on c.id = i.call_id
                join owners o on o.id = i.owner_id where c.building_id = @tilleuls and c.issued_on = @issued and i.owner_id <> all(@late) order by i.id
                """, new { tilleuls, issued, late = quarter == lastPaidQuarter ? new[] { o["philippe"], o["els"] } : [o["philippe"]] });
            var lines = payments.Select(p => (Amount: p.Amount, Name: p.LastName.ToUpperInvariant(),
                    Text: p.Owner == o["koen"] ? "provisions appartement 3.1" : p.Communication))
                .ToList();
            // the latest statement also has what the matching cannot know: a neighbour's transfer and the bank's costs
            if (due.AddDays(5).AddMonths(3) >= today)
                lines.AddRange([(Amount: 150.00m, Name: "DUPUIS MARC", Text: "participation fete des voisins"), (Amount: -12.50m, Name: "BANQUE", Text: "frais de gestion du compte")]);
            var import = await db.Scalar<long>("""
                insert into bank_imports (organisation_id, building_id, file_name, sha256, account, statement_date, lines, imported_by)
                select organisation_id, id, @file, encode(sha256(convert_to(@file, 'UTF8')), 'hex'), iban, @date, @count, @syndic from buildings where id = @tilleuls
                returning id
                """, new { tilleuls, file = $"CODA-{year}-T{quarter}.cod", date = due.AddDays(5), count = lines.Count, syndic });
            await db.Execute("""
                insert into bank_lines (organisation_id, building_id, import_id, account, statement_number, statement_date, sequence, value_date, amount, counterparty_name, communication)
                select b.organisation_id, b.id, @import, b.iban, @quarter, @statementDate, s, @date, a, n, t
                from buildings b, unnest(@amounts, @names, @texts) with ordinality as x(a, n, t, s) where b.id = @tilleuls
                """, new { tilleuls, import, quarter, statementDate = due.AddDays(5), date = due.AddDays(-3), amounts = lines.Select(l => l.Amount).ToArray(),
                    names = lines.Select(l => l.Name).ToArray(), texts = lines.Select(l => l.Text).ToArray() });
            await Pages.Bank.BankMatching.MatchImport(db, import);
        }

        // the reminders the daily job sent over the year, already prepared and posted; the latest formal notice waits
        // for its registered letter's number. The job is replayed only on the days a step falls due (15, 30 and 60
        // days after each due date): on the other days it sends nothing, and each test reloads the demo.
        var dueDates = await db.Query<DateOnly>("select distinct due_date from fund_calls where building_id = @tilleuls", new { tilleuls });
        var days = dueDates.SelectMany(d => new[] { PaymentReminders.FriendlyAfterDays, PaymentReminders.FirmAfterDays, PaymentReminders.FormalNoticeAfterDays }
            .Select(d.AddDays)).Where(d => d <= today).Distinct().Order();
        foreach (var day in days)
            await Pages.Arrears.Recovery.PlanDue(db, day, tilleuls);
        await db.Execute("""
            update recovery_letters set prepared_at = sent_on + time '06:30', tracking_number = case when channel = 'registered' and sent_on < @recent then 'RR' || lpad(id::text, 9, '0') || 'BE' end
            where building_id = @tilleuls
            """, new { tilleuls, recent = today.AddDays(-7) });
    }

    /// <summary>
    /// Les Tilleuls' budgets: this year's, approved at last year's assembly, whose quarterly calls were issued from it (the
    /// heating already runs over its budget); next year's, submitted to the assembly in preparation on its budget item.
    /// </summary>
    /// <summary>
    /// Les Tilleuls: a dispute with the facade contractor in the register of proceedings, and a notary's request for the
    /// état daté of Els's flat and cellar, received six days ago and in progress (due in nine days).
    /// </summary>
    private static async Task Sales(NpgsqlConnection conn, NpgsqlTransaction tx, long tilleuls)
    {
        var today = BrusselsTime.Today;
        await conn.ExecuteAsync("""
            insert into proceedings (organisation_id, building_id, subject, counterparty, amount_at_stake, costs, opened_on)
            select organisation_id, id, 'Malfaçons du ravalement de façade (infiltrations au 3e étage)', 'Façades Mosanes SRL', 18500, 2400, @opened
            from buildings where id = @tilleuls;
            with e as (
                insert into etat_dates (organisation_id, building_id, notary_name, notary_firm, notary_email, notary_reference, language,
                                        deed_planned_on, received_on, state)
                select organisation_id, id, 'Maître Anne Dumont', 'Dumont & Lejeune, notaires associés', 'notaire.dumont@example.be', '2026/0457', 'fr',
                       @deed, @received, 'requested' from buildings where id = @tilleuls
                returning id)
            insert into etat_date_lots (etat_date_id, lot_id) select e.id, l.id from e, lots l where l.building_id = @tilleuls and l.number in ('A2.4', 'K8');
            update etat_dates set state = 'in_progress' where building_id = @tilleuls;
            """, new { tilleuls, opened = today.AddMonths(-4), received = today.AddDays(-6), deed = today.AddDays(45) }, tx);
    }

    private static async Task Budgets(NpgsqlConnection conn, NpgsqlTransaction tx, long tilleuls)
    {
        var year = BrusselsTime.Today.Year;
        (string Account, decimal Amount)[] lines = [("600", 36_000m), ("601", 10_000m), ("602", 12_000m), ("611", 22_000m), ("612", 7_800m), ("613", 8_200m)];
        var approved = await conn.ExecuteScalarAsync<long>("""
            insert into budgets (organisation_id, building_id, year, frequency) select organisation_id, id, @year, 'quarterly' from buildings where id = @tilleuls returning id
            """, new { tilleuls, year }, tx);
        var next = await conn.ExecuteScalarAsync<long>("""
            insert into budgets (organisation_id, building_id, year, frequency) select organisation_id, id, @year + 1, 'quarterly' from buildings where id = @tilleuls returning id
            """, new { tilleuls, year }, tx);
        await conn.ExecuteAsync("""
            insert into budget_lines (budget_id, kind, account_code, amount) select @approved, 'ordinary', a, x from unnest(@accounts, @amounts) as l(a, x);
            insert into budget_lines (budget_id, kind, account_code, amount) select @next, 'ordinary', a, round(x * 1.03, -2) from unnest(@accounts, @amounts) as l(a, x);
            insert into budget_lines (budget_id, kind, account_code, amount) values (@next, 'extraordinary', '618', 12000);
            update budgets set state = 'submitted' where id = @approved;
            update budgets set state = 'approved', decided_on = make_date(@year - 1, 12, 12) where id = @approved;
            update fund_calls set budget_id = @approved, budget_period = extract(quarter from issued_on)
            where building_id = @tilleuls and kind = 'working_capital' and extract(year from issued_on) = @year;
            update budgets set state = 'submitted', agenda_item_id = (
                select i.id from agenda_items i join assemblies a on a.id = i.assembly_id where a.building_id = @tilleuls and a.status = 'draft' and i.title like 'Budget%')
            where id = @next;
            """, new { approved, next, tilleuls, year, accounts = lines.Select(l => l.Account).ToArray(), amounts = lines.Select(l => l.Amount).ToArray() }, tx);
    }

    /// <summary>
    /// The books: a closed 2025 with its charges and provisions, an open year for every building, suppliers, the
    /// provisions voted for this year, and at Les Tilleuls an invoice waiting for the syndic's approval.
    /// </summary>
    private static async Task Accounts(NpgsqlConnection conn, NpgsqlTransaction tx, long horizon, long meuse, long[] horizonBuildings, long quai)
    {
        var year = BrusselsTime.Today.Year;
        var tilleuls = horizonBuildings[0];
        foreach (var (building, y) in horizonBuildings.Append(quai).Select(b => (b, year)).Append((tilleuls, year - 1)))
            await conn.ExecuteAsync("""
                insert into financial_years (organisation_id, building_id, starts_on, ends_on)
                select organisation_id, id, make_date(@y, 1, 1), make_date(@y, 12, 31) from buildings where id = @building
                """, new { building, y }, tx);
        // Last year in one summary entry per journal, then closed.
        async Task Entry(string journal, DateOnly date, string description, params (string Account, decimal Debit, decimal Credit)[] lines)
        {
            var entry = await conn.ExecuteScalarAsync<long>("""
                insert into journal_entries (organisation_id, building_id, year_id, journal, entry_date, description, automatic)
                select organisation_id, id, 0, @journal, @date, @description, true from buildings where id = @tilleuls returning id
                """, new { tilleuls, journal, date, description }, tx);
            foreach (var l in lines)
                await conn.ExecuteAsync("insert into journal_lines (entry_id, account_code, debit, credit) values (@entry, @Account, @Debit, @Credit)",
                    new { entry, l.Account, l.Debit, l.Credit }, tx);
        }
        var yearEnd = new DateOnly(year - 1, 12, 31);
        await Entry("sales", yearEnd, $"Provisions {year - 1}", ("410", 96_000m, 0), ("700", 0, 90_000m), ("101", 0, 6_000m));
        await Entry("financial", yearEnd, $"Paiements des copropriétaires {year - 1}", ("550", 94_850m, 0), ("410", 0, 94_850m));
        await Entry("purchases", yearEnd, $"Charges {year - 1}", ("601", 9_840.55m, 0), ("611", 21_600m, 0), ("612", 6_420.80m, 0),
            ("613", 7_912.35m, 0), ("614", 14_520m, 0), ("610", 23_706.30m, 0), ("440", 0, 84_000m));
        await Entry("financial", yearEnd, $"Paiements aux fournisseurs {year - 1}", ("440", 81_580m, 0), ("550", 0, 81_580m));
        await conn.ExecuteAsync("update financial_years set closed_at = now() where building_id = @tilleuls and starts_on = make_date(@y, 1, 1)",
            new { tilleuls, y = year - 1 }, tx);

        await conn.ExecuteAsync("""
            insert into provision_plans (organisation_id, building_id, year, working_capital, reserve, frequency)
            select organisation_id, id, @y, 96000, 6000, 'quarterly' from buildings where id = @tilleuls
            """, new { tilleuls, y = year }, tx);
        await conn.ExecuteAsync("update buildings set board_approval_threshold = 2500 where id = @tilleuls", new { tilleuls }, tx);

        (string Name, string Company, string Iban, string Account)[] suppliers =
        [
            ("Ascenseurs Delvaux SA", "0403123456", "BE71096123456769", "612"),
            ("Brillant Nettoyage SRL", "0456789012", "BE68539007547034", "611"),
            ("Électricité Lumière SA", "0401234567", "BE62510007547061", "601"),
            ("Assurances du Parc SA", "0412345678", "BE43068999999501", "613"),
        ];
        var ids = new List<long>();
        foreach (var x in suppliers)
            ids.Add(await conn.ExecuteScalarAsync<long>("""
                insert into suppliers (organisation_id, name, company_number, iban, default_account) values (@horizon, @Name, @Company, @Iban, @Account) returning id
                """, new { horizon, x.Name, x.Company, x.Iban, x.Account }, tx));
        await conn.ExecuteAsync("""
            insert into suppliers (organisation_id, name, iban, default_account)
            values (@horizon, 'Thermo Services SRL', 'BE21001234567803', '600'), (@horizon, 'Eaux du Brabant SCRL', 'BE14063123456783', '602')
            """, new { horizon }, tx);
        await conn.ExecuteAsync("insert into suppliers (organisation_id, name, iban, default_account) values (@meuse, 'Jardins Mosans SRL', 'BE55735065432144', '617')",
            new { meuse }, tx);

        var invoice = await conn.ExecuteScalarAsync<long>("""
            insert into invoices (organisation_id, building_id, supplier_id, supplier_reference, invoice_date, due_date, description, status, submitted_at)
            select organisation_id, id, @supplier, 'F-2026-0412', current_date - 5, current_date + 25, 'Entretien trimestriel des ascenseurs', 'submitted', now()
            from buildings where id = @tilleuls returning id
            """, new { tilleuls, supplier = ids[0] }, tx);
        await conn.ExecuteAsync("""
            insert into invoice_lines (invoice_id, description, account_code, amount_excl_vat, vat_rate, vat)
            values (@invoice, 'Contrat d''entretien, 4e trimestre', '612', 1605.20, 21, 337.09)
            """, new { invoice }, tx);
    }

    /// <summary>
    /// Les Tilleuls' democracy: most owners accepted convocations by e-mail, a board of three elected last spring, the
    /// next ordinary assembly in preparation, two decisions being followed up and a poll open.
    /// </summary>
    private static async Task Assemblies(NpgsqlConnection conn, NpgsqlTransaction tx, long tilleuls, Dictionary<string, long> o)
    {
        string[] byPost = ["michel", "noah", "koen", "philippe"];
        await conn.ExecuteAsync("update owners set email_convocations = not (id = any(@post)) where organisation_id = (select organisation_id from buildings where id = @tilleuls)",
            new { post = byPost.Select(k => o[k]).ToArray(), tilleuls }, tx);
        var today = BrusselsTime.Today;
        var from = today.AddMonths(-8);
        var to = from.AddYears(1);
        foreach (var (owner, role) in new[] { ("pieter", "president"), ("anne", "member"), ("jean", "member") })
            await conn.ExecuteAsync("""
                insert into board_members (organisation_id, building_id, owner_id, role, mandate_from, mandate_to)
                select organisation_id, id, @owner, @role, @from, @to from buildings where id = @tilleuls
                """, new { owner = o[owner], role, from, to, tilleuls }, tx);
        var meeting = BrusselsTime.ToUtc(today.AddDays(30), new TimeOnly(19, 0));
        var assembly = await conn.ExecuteScalarAsync<long>("""
            insert into assemblies (organisation_id, building_id, kind, meeting_at, place)
            select organisation_id, id, 'ordinary', @meeting, 'Salle communale, Avenue des Tilleuls 48, 1180 Uccle' from buildings where id = @tilleuls
            returning id
            """, new { meeting, tilleuls }, tx);
        (string Title, string Body, string Kind, string? Majority)[] agenda =
        [
            ("Rapport du conseil de copropriété", "Le conseil présente son rapport sur l'exercice écoulé (art. 3.90 §4).", "information", null),
            ("Approbation des comptes de l'exercice", "Comptes arrêtés au 31 décembre, vérifiés par le commissaire aux comptes.", "ordinary", "absolute"),
            ("Décharge au syndic et au conseil de copropriété", "", "ordinary", "absolute"),
            ("Rénovation de la façade avant", "Trois devis reçus ; le conseil recommande l'offre de Façades Dewit SRL pour 86 400,00 € TVAC (6 %).", "common_parts_works", "two_thirds"),
            ("Budget prévisionnel et provisions", "Budget de 96 000,00 € pour l'exercice prochain, appels trimestriels.", "ordinary", "absolute"),
        ];
        for (var i = 0; i < agenda.Length; i++)
            await conn.ExecuteAsync("""
                insert into agenda_items (organisation_id, assembly_id, position, title, body, decision_kind, majority)
                select organisation_id, id, @position, @Title, @Body, @Kind, @Majority from assemblies where id = @assembly
                """, new { position = i + 1, agenda[i].Title, agenda[i].Body, agenda[i].Kind, agenda[i].Majority, assembly }, tx);
        await conn.ExecuteAsync("""
            insert into decisions (organisation_id, building_id, title, responsible, deadline, status, notes)
            select organisation_id, id, 'Remplacement de la porte d''entrée', 'Syndic Horizon SRL', @soon, 'in_progress', 'Commande passée, pose prévue.'
            from buildings where id = @tilleuls
            union all
            select organisation_id, id, 'Contrat d''entretien de l''ascenseur : mise en concurrence', 'Conseil de copropriété', @late, 'pending', ''
            from buildings where id = @tilleuls
            """, new { soon = today.AddDays(5), late = today.AddDays(-10), tilleuls }, tx);
        await conn.ExecuteAsync("""
            insert into polls (organisation_id, building_id, question, description, kind, options, opens_on, closes_on)
            select organisation_id, id, 'Quel jour pour la journée de nettoyage du jardin ?', '', 'choice',
                   array['Samedi 9 h', 'Samedi 14 h', 'Dimanche 10 h'], @today, @closes
            from buildings where id = @tilleuls
            """, new { today, closes = today.AddDays(10), tilleuls }, tx);
    }

    private sealed record SyndicContact(string Name, string Address, string Phone, string Email, string CompanyNumber, string OfficeHours);

    private sealed class Loader(NpgsqlConnection conn, NpgsqlTransaction tx)
    {
        public Task<long> Organisation(string name, string kind, string? companyNumber) => conn.ExecuteScalarAsync<long>(
            "insert into organisations (name, kind, company_number) values (@name, @kind, @companyNumber) returning id",
            new { name, kind, companyNumber }, tx);

        public Task<long> Building(long org, string name, string street, string postcode, string city, string companyNumber,
            string iban, int totalShares, int year, string language, SyndicContact s) => conn.ExecuteScalarAsync<long>("""
            insert into buildings (organisation_id, slug, name, street, postcode, city, company_number, iban, total_shares,
                construction_year, language, syndic_name, syndic_address, syndic_phone, syndic_email, syndic_company_number, syndic_office_hours)
            values (@org, @slug, @name, @street, @postcode, @city, @companyNumber, @iban, @totalShares,
                @year, @language, @Name2, @Address, @Phone, @Email, @CompanyNumber2, @OfficeHours)
            returning id
            """, new
        {
            org, slug = KoproGo.Domain.Buildings.Slug.From(name), name, street, postcode, city, companyNumber, iban, totalShares, year, language,
            Name2 = s.Name, s.Address, s.Phone, s.Email, CompanyNumber2 = s.CompanyNumber, s.OfficeHours,
        }, tx);

        public Task<long> Lot(long building, string number, string kind, int floor, decimal area, int quota) => conn.ExecuteScalarAsync<long>("""
            insert into lots (organisation_id, building_id, number, kind, floor, area, quota)
            select organisation_id, id, @number, @kind, @floor, @area, @quota from buildings where id = @building
            returning id
            """, new { building, number, kind, floor, area, quota }, tx);

        public Task<long> Owner(long org, string kind, string? first, string last, string? companyNumber, string language,
            string street, string postcode, string city)
        {
            var email = kind == "legal"
                ? "gestion@immo-louise.be"
                : $"{KoproGo.Domain.Buildings.Slug.From(first + "." + last).Replace('-', '.')}@example.be";
            return conn.ExecuteScalarAsync<long>("""
                insert into owners (organisation_id, kind, first_name, last_name, company_number, email, phone, language, street, postcode, city)
                values (@org, @kind, @first, @last, @companyNumber, @email, @phone, @language, @street, @postcode, @city)
                returning id
                """, new { org, kind, first, last, companyNumber, email, phone = "+32 470 00 00 00", language, street, postcode, city }, tx);
        }

        public Task Ownership(long org, long lot, long owner, int num, int den, string right, DateOnly from, DateOnly? to) => conn.ExecuteAsync("""
            insert into lot_ownerships (organisation_id, lot_id, owner_id, share_numerator, share_denominator, ownership_right, valid_from, valid_to)
            values (@org, @lot, @owner, @num, @den, @right, @from, @to)
            """, new { org, lot, owner, num, den, right, from, to }, tx);

        public async Task User(long org, string email, string name, string language, long? ownerId, params (string Role, long? Building)[] roles)
        {
            var id = await conn.ExecuteScalarAsync<long>("""
                insert into users (organisation_id, email, display_name, password_hash, language, owner_id)
                values (@org, @email, @name, @hash, @language, @ownerId) returning id
                """, new { org, email, name, hash = PasswordHash.Value, language, ownerId }, tx);
            foreach (var (role, building) in roles)
                await conn.ExecuteAsync("insert into user_roles (user_id, role, building_id) values (@id, @role, @building)",
                    new { id, role, building }, tx);
        }
    }
}
