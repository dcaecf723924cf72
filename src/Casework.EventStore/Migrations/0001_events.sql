-- Streams and events (EVENT-STORE.md section 1). Tenant first in every key.

create table streams (
    tenant_id   text        not null,
    stream_id   text        not null,
    stream_type text        not null,
    version     bigint      not null default 0,
    last_tx     xid8        not null default '0',
    archived    boolean     not null default false,
    created_at  timestamptz not null default now(),
    updated_at  timestamptz not null default now(),
    primary key (tenant_id, stream_id)
) with (fillfactor = 70); -- room on each page for the row's next version: appends update it in place (HOT)

create table events (
    global_position bigint      generated always as identity primary key,
    tx_id           xid8        not null default pg_current_xact_id(),
    tenant_id       text        not null,
    stream_id       text        not null,
    stream_position bigint      not null,
    event_id        uuid        not null,
    event_type      text        not null,
    schema_version  integer     not null,
    data            jsonb       not null,
    metadata        jsonb       not null,
    occurred_at     timestamptz not null,
    recorded_at     timestamptz not null,
    constraint events_stream_order unique (tenant_id, stream_id, stream_position),
    constraint events_idempotency unique (tenant_id, stream_id, event_id),
    constraint events_stream foreign key (tenant_id, stream_id) references streams (tenant_id, stream_id),
    constraint events_position_positive check (stream_position > 0)
);

-- The commit-safe global feed reads in (tx_id, global_position) order (section 3).
create index events_feed on events (tx_id, global_position);

-- History is corrected by new events, never by edits. Shared by every append-only table.
create function refuse_change() returns trigger
language plpgsql as $$
begin
    raise exception '% is append-only: % refused', tg_table_name, tg_op
        using errcode = 'CW003';
end;
$$;

create trigger events_append_only
    before update or delete on events
    for each row execute function refuse_change();

create trigger events_no_truncate
    before truncate on events
    for each statement execute function refuse_change();

-- Advisory lock classes (the first key of the two-key form), so that the store's locks never collide:
-- 1 an append to a stream, 2 a subscription's owner, 3 migrations.
--
-- Append a batch to one stream in one call.
-- p_expected: -1 any, -2 stream exists, 0 no stream, n > 0 exactly version n.
-- Errors: CW001 version conflict, CW002 event ids stored elsewhere in the stream, CW004 the stream is of
-- another type, 22023 a malformed call, 40001 stream order guard (retry the whole transaction).
create function append_events(
    p_tenant          text,
    p_stream          text,
    p_stream_type     text,
    p_expected        bigint,
    p_ids             uuid[],
    p_types           text[],
    p_schema_versions integer[],
    p_data            jsonb[],
    p_metadata        jsonb[],
    p_occurred_at     timestamptz[])
returns table (stream_position bigint, global_position bigint, tx_id xid8, recorded_at timestamptz, written boolean)
language plpgsql as $$
declare
    v_tx       xid8;
    v_count    integer := cardinality(p_ids);
    v_version  bigint;
    v_last_tx  xid8;
    v_type     text;
    v_now      timestamptz;
    v_found    bigint[];
    v_fast     boolean := false;
begin
    if v_count is null or v_count = 0 then
        raise exception 'append_events: empty batch' using errcode = '22023';
    end if;
    if p_expected < -2 then
        raise exception 'append_events: expected version % is not one the store knows', p_expected using errcode = '22023';
    end if;

    -- Queue on the stream before this transaction takes an id: an advisory lock needs none, so ids are
    -- handed out in lock order and stream order equals feed order without retries. The guard below
    -- still catches a caller whose transaction already had an id.
    perform pg_advisory_xact_lock(1, hashtext(current_schema() || '/' || p_tenant || '/' || p_stream));
    v_tx := pg_current_xact_id();
    v_now := clock_timestamp();

    -- The usual cases in one statement each: a new stream's row is created at its new version, or an
    -- exact expected version is checked and moved on while the row is locked by the same UPDATE. Anything
    -- else (a conflict, a retried batch, another type, the order guard) takes the full checks.
    if p_expected = 0 then
        insert into streams as s (tenant_id, stream_id, stream_type, version, last_tx, created_at, updated_at)
        values (p_tenant, p_stream, p_stream_type, v_count, v_tx, v_now, v_now)
        on conflict (tenant_id, stream_id) do nothing;
        v_fast := found;
    elsif p_expected > 0 then
        update streams s
        set version = p_expected + v_count, last_tx = v_tx, updated_at = v_now
        where s.tenant_id = p_tenant and s.stream_id = p_stream
          and s.version = p_expected and s.stream_type = p_stream_type and s.last_tx <= v_tx;
        v_fast := found;
    end if;

    if v_fast then
        v_version := p_expected;
    else
        insert into streams as s (tenant_id, stream_id, stream_type)
        values (p_tenant, p_stream, p_stream_type)
        on conflict (tenant_id, stream_id) do nothing;

        select s.version, s.last_tx, s.stream_type into v_version, v_last_tx, v_type
        from streams s
        where s.tenant_id = p_tenant and s.stream_id = p_stream
        for update;

        if v_type <> p_stream_type then
            raise exception 'stream % is of type %, not %', p_stream, v_type, p_stream_type
                using errcode = 'CW004';
        end if;

        -- A retried batch: the same ids already stored as one run. Succeed and write nothing.
        if p_expected <> v_version or p_expected < 0 then
            select array_agg(e.stream_position order by u.ord) into v_found
            from unnest(p_ids) with ordinality as u(id, ord)
            join events e on e.tenant_id = p_tenant and e.stream_id = p_stream and e.event_id = u.id;

            if v_found is not null then
                if cardinality(v_found) = v_count
                   and (p_expected < 0 or v_found[1] = p_expected + 1)
                   and (select bool_and(x = v_found[1] + o - 1)
                        from unnest(v_found) with ordinality as f(x, o)) then
                    return query
                        select e.stream_position, e.global_position, e.tx_id, e.recorded_at, false
                        from events e
                        where e.tenant_id = p_tenant and e.stream_id = p_stream
                          and e.stream_position between v_found[1] and v_found[v_count]
                        order by e.stream_position;
                    return;
                end if;
                raise exception 'event ids of this batch are already stored elsewhere in stream %', p_stream
                    using errcode = 'CW002';
            end if;
        end if;

        if (p_expected = -2 and v_version = 0)
           or (p_expected >= 0 and p_expected <> v_version) then
            raise exception 'stream % is at version %, expected %', p_stream, v_version, p_expected
                using errcode = 'CW001';
        end if;

        -- Stream order must equal feed order: a later transaction id already appended here.
        if v_last_tx > v_tx then
            raise exception 'stream % was appended by a later transaction; retry', p_stream
                using errcode = '40001';
        end if;

        update streams s
        set version = v_version + v_count, last_tx = v_tx, updated_at = v_now
        where s.tenant_id = p_tenant and s.stream_id = p_stream;
    end if;

    return query
        insert into events as e (tenant_id, stream_id, stream_position, event_id, event_type,
                                 schema_version, data, metadata, occurred_at, recorded_at)
        select p_tenant, p_stream, v_version + u.ord, u.id, u.type, u.schema_version, u.data,
               u.metadata, u.occurred_at, v_now
        from unnest(p_ids, p_types, p_schema_versions, p_data, p_metadata, p_occurred_at)
             with ordinality as u(id, type, schema_version, data, metadata, occurred_at, ord)
        order by u.ord
        returning e.stream_position, e.global_position, e.tx_id, e.recorded_at, true;
end;
$$;

-- Async subscriptions: one checkpoint row each, written in the same transaction as the
-- subscription's own writes (section 4).
create table subscriptions (
    name          text        primary key,
    last_tx       xid8        not null default '0',
    last_position bigint      not null default 0,
    updated_at    timestamptz not null default now()
);
