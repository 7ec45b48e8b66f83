-- A CODA statement number has three digits and restarts (every year at most banks; some write 000 on every statement):
-- (account, number, sequence) named two different movements a year apart, and the second was silently dropped.
-- A movement is named by its statement's date (the date of its new balance) as well. Lines imported before this
-- take the date of their file, which held one statement.
alter table bank_lines add column statement_date date;
update bank_lines l set statement_date = i.statement_date from bank_imports i where i.id = l.import_id;
alter table bank_lines alter column statement_date set not null;
alter table bank_lines drop constraint bank_lines_once;
alter table bank_lines add constraint bank_lines_once unique (building_id, account, statement_date, statement_number, sequence);

-- Structured communications are kept as people read them: +++123/4567/89002+++.
update bank_lines set communication = format('+++%s/%s/%s+++', substr(communication, 1, 3), substr(communication, 4, 4), substr(communication, 8, 5))
where communication ~ '^[0-9]{12}$'
  and substr(communication, 1, 10)::bigint > 0
  and case when substr(communication, 1, 10)::bigint % 97 = 0 then 97 else substr(communication, 1, 10)::bigint % 97 end
      = substr(communication, 11, 2)::int;
