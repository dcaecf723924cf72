using Casework.Audit;
using Npgsql;

namespace Casework.Operations;

/// <summary>
/// History is corrected by new events, never by editing: triggers refuse DELETE and TRUNCATE of the events
/// table and any UPDATE that changes what an event says (its data, type, stream, version, timestamp, tenant
/// or id); the access log (and its table from before ADR 19) and the chain's seals (ADR 33) refuse every change. Marten's own bookkeeping columns (archiving) stay writable.
/// The service's role cannot update or delete either table at all (<see cref="Migration"/>); the triggers hold
/// for the owner too, and anyone else with a grant. Installed by <see cref="Migration"/>, as the owner.
/// </summary>
public static class AppendOnly
{
    public static async Task ApplyAsync(NpgsqlDataSource dataSource, string schema)
    {
        // The schema name was checked to be a plain identifier when Marten was configured.
        await using var command = dataSource.CreateCommand($$"""
            create or replace function {{schema}}.casework_refuse_event_change() returns trigger language plpgsql as $$
            begin
              if tg_op in ('DELETE', 'TRUNCATE') then
                raise exception 'events are append-only: % refused', tg_op using errcode = 'CW003';
              end if;
              if new.data is distinct from old.data or new.type is distinct from old.type or new.stream_id is distinct from old.stream_id
                 or new.version is distinct from old.version or new.timestamp is distinct from old.timestamp
                 or new.tenant_id is distinct from old.tenant_id or new.id is distinct from old.id or new.seq_id is distinct from old.seq_id then
                raise exception 'events are append-only: an event''s content cannot be changed' using errcode = 'CW003';
              end if;
              return new;
            end $$;

            create or replace function {{schema}}.casework_refuse_change() returns trigger language plpgsql as $$
            begin
              raise exception '% is append-only: % refused', tg_table_name, tg_op using errcode = 'CW003';
            end $$;

            create or replace trigger casework_events_append_only before update or delete on {{schema}}.mt_events
              for each row execute function {{schema}}.casework_refuse_event_change();
            create or replace trigger casework_events_no_truncate before truncate on {{schema}}.mt_events
              for each statement execute function {{schema}}.casework_refuse_event_change();

            create or replace trigger casework_access_log_append_only before update or delete on {{schema}}.mt_doc_{{AccessLog.Table}}
              for each row execute function {{schema}}.casework_refuse_change();
            create or replace trigger casework_access_log_no_truncate before truncate on {{schema}}.mt_doc_{{AccessLog.Table}}
              for each statement execute function {{schema}}.casework_refuse_change();

            -- The seals of the chain (ADR 33): a seal is never changed; only a superuser who disables this can, and verify tells.
            create or replace trigger casework_seal_append_only before update or delete on {{schema}}.{{SealChain.Table}}
              for each row execute function {{schema}}.casework_refuse_change();
            create or replace trigger casework_seal_no_truncate before truncate on {{schema}}.{{SealChain.Table}}
              for each statement execute function {{schema}}.casework_refuse_change();

            -- The access log before ADR 19, one row per case read, where a schema has it: kept, and kept append-only.
            do $do$ begin
              if to_regclass('{{schema}}.{{Migration.LegacyAccessLog}}') is not null then
                create or replace trigger casework_access_log_append_only before update or delete on {{schema}}.{{Migration.LegacyAccessLog}}
                  for each row execute function {{schema}}.casework_refuse_change();
                create or replace trigger casework_access_log_no_truncate before truncate on {{schema}}.{{Migration.LegacyAccessLog}}
                  for each statement execute function {{schema}}.casework_refuse_change();
              end if;
            end $do$;
            """);
        await command.ExecuteNonQueryAsync();
    }
}
