-- The case register (an inline projection: one row per case, rewritten in the append's transaction).
-- full_roles / excluding_roles / excluded_user / reported_by carry each case's visibility as the
-- kind's own Visibility function decided it, so that lists filter in SQL without a second copy of R4.

create table case_register (
    tenant_id       text        not null,
    stream_id       text        not null,
    case_id         uuid        not null,
    kind            text        not null,
    status          text        not null,
    reported_at     timestamptz not null,
    reported_by     uuid        not null,
    managed_by      text        not null,
    pupils          uuid[]      not null,
    full_roles      text[]      not null,
    excluding_roles text[]      not null,
    excluded_user   uuid,
    next_deadline   timestamptz,
    version         bigint      not null,
    primary key (tenant_id, stream_id)
);

create index case_register_by_case on case_register (tenant_id, case_id);
