-- How many whole months before the current one a building keeps its raw meter readings (issue 17 §1): 13 by default.
alter table buildings add column readings_retention_months int not null default 13 check (readings_retention_months between 1 and 120);
