-- The request that queued a mail, carried into its headers (X-Request-Id) so that a mail can be traced to the log lines
-- of the request that wrote it; and the failed mails the metrics count, found without reading the whole outbox.
alter table outbox_messages add column request_id text;
create index outbox_messages_failed on outbox_messages (created_at) where status = 'failed';
