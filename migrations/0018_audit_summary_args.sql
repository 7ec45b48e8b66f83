-- An audit line's summary in the reader's language: when summary_args is set, summary is an English text of the
-- resources ("Lot {0}, {1}: {2} shares") and summary_args its values, each a string shown as is or {"term": text}
-- translated too (a role, a vote's choice). Lines written before stay as they were recorded.
alter table audit_log add column summary_args jsonb check (summary_args is null or jsonb_typeof(summary_args) = 'array');
