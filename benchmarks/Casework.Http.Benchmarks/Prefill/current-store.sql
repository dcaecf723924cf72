-- Pre-fill for the current store (src/Casework.EventStore/Migrations/0001_events.sql and the service's
-- src/Casework/Migrations/0101_case_register.sql). It MUST follow the store's schema: when the store's
-- tables change, this file must change with them (docs/benchmarks.md, "End to end over HTTP").
--
-- The harness runs it once per scenario, after the service has created its schema and before the school's
-- directory is seeded, with {schema} replaced by the scenario's schema and {count} by the number of events
-- to store, all statements in one transaction.
--
-- It stores {count} / 2 concerns of another tenant ('bench-other-school'), each a 2-event stream
-- (concern-reported, then case-triaged) holding the JSON the service itself writes for those events, and
-- the register row the inline projection would have written for each case. They grow the tables and indexes
-- the service reads and writes and stay out of the benchmarked school's registers. Case and event ids are
-- ordered like the service's version-7 ids, so the indexes grow at their ends and a million rows take
-- seconds rather than minutes.

create temporary table prefill_case on commit drop as
select n,
       ('00000000-0000-7000-8000-' || lpad(to_hex(n), 12, '0'))::uuid as case_id,
       ('00000000-0000-4000-8000-' || lpad(to_hex(n % 2300), 12, '0'))::uuid as pupil_id
from generate_series(1, {count} / 2) as n;

insert into {schema}.streams (tenant_id, stream_id, stream_type, version, last_tx, created_at, updated_at)
select 'bench-other-school', 'concern-' || case_id, 'concern', 2, pg_current_xact_id(), now(), now()
from prefill_case
order by n;

insert into {schema}.events (tenant_id, stream_id, stream_position, event_id, event_type, schema_version,
                             data, metadata, occurred_at, recorded_at)
select 'bench-other-school',
       'concern-' || c.case_id,
       p,
       ('00000000-0000-7000-9000-' || lpad(to_hex(2 * c.n + p), 12, '0'))::uuid,
       case p when 1 then 'concern-reported' else 'case-triaged' end,
       1,
       case p
           when 1 then jsonb_build_object(
               'where', null,
               'pupils', jsonb_build_array(jsonb_build_object('role', 'victim', 'pupilId', c.pupil_id)),
               'account', 'Messages in a class group chat telling her to leave the school.',
               'category', 'cyberbullying',
               'occurredAt', to_jsonb(now() - interval '2 hours'),
               'reportedAt', to_jsonb(now()),
               'reportedBy', 'a0000000-0000-4000-8000-000000000003',
               'staffVictimId', null)
           else '{"risk": "high", "rationale": "Sustained group bullying; parents to be told today."}'::jsonb
       end,
       case p
           when 1 then '{"client": "api", "reason": null, "actorId": "a0000000-0000-4000-8000-000000000003", "actorRoles": ["staff"], "causationId": "0000000000000000", "correlationId": "00000000000000000000000000000000"}'::jsonb
           else '{"client": "api", "reason": null, "actorId": "a0000000-0000-4000-8000-000000000002", "actorRoles": ["dsl"], "causationId": "0000000000000000", "correlationId": "00000000000000000000000000000000"}'::jsonb
       end,
       case p when 1 then now() - interval '2 hours' else now() end,
       now()
from prefill_case as c
cross join generate_series(1, 2) as p
order by c.n, p;

insert into {schema}.case_register (tenant_id, stream_id, case_id, kind, status, reported_at, reported_by, managed_by,
                                    pupils, full_roles, excluding_roles, excluded_user, next_deadline, version)
select 'bench-other-school', 'concern-' || case_id, case_id, 'concern', 'open', now(),
       'a0000000-0000-4000-8000-000000000003', 'dsl', array[pupil_id], '{dsl,auditor}', '{}', null, null, 2
from prefill_case
order by n;
