-- Every read of case content: who, when, what and how (DOMAIN.md "Audit and history"). Append-only,
-- by the store's refuse_change().

create table access_log (
    id          bigint      generated always as identity primary key,
    tenant_id   text        not null,
    actor_id    uuid        not null,
    actor_roles text[]      not null,
    read_at     timestamptz not null default clock_timestamp(),
    what        text        not null,
    how         text        not null,
    as_of       timestamptz,
    trace_id    text
);

create index access_log_by_tenant on access_log (tenant_id, id);

create trigger access_log_append_only
    before update or delete on access_log
    for each row execute function refuse_change();

create trigger access_log_no_truncate
    before truncate on access_log
    for each statement execute function refuse_change();
