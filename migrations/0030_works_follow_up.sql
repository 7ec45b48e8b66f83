-- A works request opened to carry out an assembly's decision points at it: the board sees which decided works still
-- wait for quotes (KoproGo.Domain.Works.WorksFollowUp).
alter table works_requests add column decision_id bigint references decisions on delete set null;
create index works_requests_decision on works_requests (decision_id);
