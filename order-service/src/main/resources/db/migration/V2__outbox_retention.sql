-- The outbox is a queue: every row is inserted, updated once when published and deleted after the retention
-- (fastshop.outbox.retention). Autovacuum's default (20 % of the table changed) lets the relay's partial index fill
-- with dead entries it must step over on every poll; vacuum it after a fixed number of changes instead.
alter table outbox set (autovacuum_vacuum_scale_factor = 0, autovacuum_vacuum_threshold = 10000,
                        autovacuum_analyze_scale_factor = 0, autovacuum_analyze_threshold = 10000);

-- Rows arrive in creation order, so a BRIN index (a few pages for millions of rows) finds the expired ones.
create index outbox_created on outbox using brin (created);
