-- Pre-fill for the Marten store (src/Casework/Operations/StoreSetup.cs: conjoined tenancy, Guid streams,
-- Quick append). It MUST follow Marten's tables (mt_streams, mt_events, mt_events_sequence) and the case
-- register document (mt_doc_case_register with its duplicated columns): when they change, this file must
-- change with them (docs/benchmarks.md, "End to end over HTTP").
--
-- The harness runs it once per scenario, after the service has created its schema and before the school's
-- directory is seeded, with {schema} replaced by the scenario's schema and {count} by the number of events
-- to store, all statements in one transaction.
--
-- It stores {count} / 2 concerns of another tenant ('bench-other-school'), each a 2-event stream
-- (concern-reported, then case-triaged) holding the JSON the service itself writes for those events, with
-- its metadata, and the case document the inline projection would have written. They grow the tables and
-- indexes the service reads and writes and stay out of the benchmarked school's registers. Ids are ordered
-- like the service's version-7 ids, so the indexes grow at their ends.

create temporary table prefill_case on commit drop as
select n,
       ('00000000-0000-7000-8000-' || lpad(to_hex(n), 12, '0'))::uuid as case_id,
       ('00000000-0000-4000-8000-' || lpad(to_hex(n % 2300), 12, '0'))::uuid as pupil_id
from generate_series(1, {count} / 2) as n;

insert into {schema}.mt_streams (tenant_id, id, type, version, timestamp, created)
select 'bench-other-school', case_id, 'case_record', 2, now(), now()
from prefill_case
order by n;

insert into {schema}.mt_events (seq_id, id, stream_id, version, data, type, timestamp, tenant_id, mt_dotnet_type,
                                correlation_id, causation_id, headers, user_name)
select nextval('{schema}.mt_events_sequence'),
       ('00000000-0000-7000-9000-' || lpad(to_hex(2 * c.n + p), 12, '0'))::uuid,
       c.case_id,
       p,
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
       case p when 1 then 'concern-reported' else 'case-triaged' end,
       now(),
       'bench-other-school',
       case p when 1 then 'Casework.Concerns.ConcernReported, Casework' else 'Casework.Cases.CaseTriaged, Casework' end,
       '00000000000000000000000000000000',
       '0000000000000000',
       case p when 1 then '{"roles": ["staff"], "client": "api"}'::jsonb else '{"roles": ["dsl"], "client": "api"}'::jsonb end,
       case p when 1 then 'a0000000-0000-4000-8000-000000000003' else 'a0000000-0000-4000-8000-000000000002' end
from prefill_case as c
cross join generate_series(1, 2) as p
order by c.n, p;

insert into {schema}.mt_doc_case_register (tenant_id, id, data, mt_dotnet_type, mt_version, kind, status, managed_by,
                                           reported_by, excluded_user, next_deadline, full_roles, excluding_roles, reported_at, registers)
select 'bench-other-school', case_id,
       jsonb_build_object(
           'id', case_id, 'version', 2, 'kind', 'concern', 'status', 'open', 'managedBy', 'dsl',
           'reportedAt', to_jsonb(now()), 'reportedBy', 'a0000000-0000-4000-8000-000000000003',
           'pupils', jsonb_build_array(pupil_id), 'fullRoles', '["dsl", "auditor"]'::jsonb, 'excludingRoles', '[]'::jsonb,
           'excludedUser', null, 'nextDeadline', null, 'registers', '[]'::jsonb,
           'report', jsonb_build_object('pupils', jsonb_build_array(jsonb_build_object('role', 'victim', 'pupilId', pupil_id)),
               'account', 'Messages in a class group chat telling her to leave the school.', 'category', 'cyberbullying',
               'occurredAt', to_jsonb(now() - interval '2 hours'), 'reportedAt', to_jsonb(now()),
               'reportedBy', 'a0000000-0000-4000-8000-000000000003', 'where', null, 'staffVictimId', null),
           'case', jsonb_build_object('$kind', 'concern', 'state', jsonb_build_object(
               'case', jsonb_build_object('reported', true, 'closed', false, 'reportedBy', 'a0000000-0000-4000-8000-000000000003',
                   'reportedAt', to_jsonb(now()), 'staffVictimId', null,
                   'triage', '{"risk": "high", "rationale": "Sustained group bullying; parents to be told today."}'::jsonb,
                   'escalatedToDsl', false, 'referrals', '{}'::jsonb, 'removals', '{}'::jsonb, 'decisions', '[]'::jsonb,
                   'victimWantsPolice', null, 'usedIds', '[]'::jsonb, 'openActions', '[]'::jsonb),
               'category', 'cyberbullying', 'pupils', jsonb_build_array(jsonb_build_object('role', 'victim', 'pupilId', pupil_id)),
               'occurredAt', to_jsonb(now() - interval '2 hours'), 'ukcis', null))),
       'Casework.Cases.CaseRecord', 2, 'concern', 'open', 'dsl',
       'a0000000-0000-4000-8000-000000000003', null, null, '{dsl,auditor}', '{}', now(), '{}'
from prefill_case
order by n;
