-- Failed sign-ins are counted per client address and typed e-mail address, known or not (both answer alike). After a
-- few failures that client waits before trying that address again, longer at each failure. The account itself is never
-- locked: nobody can keep its owner out by typing wrong passwords from elsewhere.
create table login_failures (
    client text not null,
    email text not null,
    failures int not null check (failures > 0),
    last_failed_at timestamptz not null default now(),
    primary key (client, email)
);
alter table users drop column failed_logins, drop column locked_until;
