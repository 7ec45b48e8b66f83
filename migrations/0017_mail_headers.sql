-- The one-click unsubscribe address of a notification mail, sent as List-Unsubscribe (RFC 8058) beside the link in it.
alter table outbox_messages add column unsubscribe_url text;
