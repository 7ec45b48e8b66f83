-- An inspection keeps the inspector's report as a PDF among the building's documents.
alter table inspections add column document_id bigint references documents on delete set null;
