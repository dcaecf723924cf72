using Casework.EventStore;
using NpgsqlTypes;

namespace Casework.IntegrationTests.EventStore;

public sealed class RebuildTests
{
    /// <summary>One row per stream: how many events, the last type, every type in order.</summary>
    private sealed class StreamSummary : IStreamProjection
    {
        public const string Ddl = """
            create table stream_summary (
                tenant_id text not null, stream_id text not null, events integer not null,
                last_type text not null, last_position bigint not null, types jsonb not null,
                primary key (tenant_id, stream_id))
            """;

        public ProjectionTable Table { get; } = new("stream_summary", [
            new("tenant_id", NpgsqlDbType.Text), new("stream_id", NpgsqlDbType.Text), new("events", NpgsqlDbType.Integer),
            new("last_type", NpgsqlDbType.Text), new("last_position", NpgsqlDbType.Bigint), new("types", NpgsqlDbType.Jsonb)]);

        public IEnumerable<object?[]> Project(IReadOnlyList<RecordedEvent> stream)
        {
            var last = stream[^1];
            yield return [last.TenantId, last.StreamId, stream.Count, last.EventType, last.StreamPosition,
                System.Text.Json.JsonSerializer.Serialize(stream.Select(e => e.EventType))];
        }
    }

    /// <summary>One row per event: a timeline.</summary>
    private sealed class StreamTimeline : IStreamProjection
    {
        public const string Ddl = """
            create table stream_timeline (
                tenant_id text not null, stream_id text not null, position bigint not null,
                event_type text not null, occurred_at timestamptz not null,
                primary key (tenant_id, stream_id, position))
            """;

        public ProjectionTable Table { get; } = new("stream_timeline", [
            new("tenant_id", NpgsqlDbType.Text), new("stream_id", NpgsqlDbType.Text), new("position", NpgsqlDbType.Bigint),
            new("event_type", NpgsqlDbType.Text), new("occurred_at", NpgsqlDbType.TimestampTz)]);

        public IEnumerable<object?[]> Project(IReadOnlyList<RecordedEvent> stream) =>
            stream.Select(e => new object?[] { e.TenantId, e.StreamId, e.StreamPosition, e.EventType, e.OccurredAt.ToUniversalTime() });
    }

    private static async Task<(TestDatabase Db, Casework.EventStore.EventStore Store, IStreamProjection[] Projections)> SetUp()
    {
        var db = await TestDatabase.CreateAsync();
        await db.ExecuteAsync(StreamSummary.Ddl);
        await db.ExecuteAsync(StreamTimeline.Ddl);
        IStreamProjection[] projections = [new StreamSummary(), new StreamTimeline()];
        return (db, new Casework.EventStore.EventStore(db.DataSource, projections), projections);
    }

    private static async Task AppendSome(Casework.EventStore.EventStore store, int streams, int seed)
    {
        var random = new Random(seed);
        for (var s = 0; s < streams; s++)
        {
            var stream = Given.AStream();
            var count = random.Next(1, 8);
            for (var i = 0; i < count; i++)
            {
                await store.AppendAsync(Given.Tenant, stream, "case", ExpectedVersion.Any,
                    [Given.AnEvent(type: i % 2 == 0 ? "note-added" : "meeting-held")]);
            }
        }
    }

    [Fact]
    public async Task Inline_projections_are_written_in_the_append_transaction()
    {
        var (db, store, _) = await SetUp();
        await using var _db = db;
        var stream = Given.AStream();

        await store.AppendAsync(Given.Tenant, stream, "case", ExpectedVersion.NoStream, Given.Events(2));
        await store.AppendAsync(Given.Tenant, stream, "case", ExpectedVersion.Exactly(2), [Given.AnEvent(type: "case-closed")]);

        Assert.Equal("3|case-closed", await db.ScalarAsync<string>("select events || '|' || last_type from stream_summary"));
        Assert.Equal(3L, await db.ScalarAsync<long>("select count(*) from stream_timeline"));
        // A refused append leaves the projections as they were.
        await Assert.ThrowsAsync<ConcurrencyConflict>(() => store.AppendAsync(Given.Tenant, stream, "case", ExpectedVersion.Exactly(1), Given.Events(1)));
        Assert.Equal(3L, await db.ScalarAsync<long>("select count(*) from stream_timeline"));
    }

    [Fact]
    public async Task A_rebuild_produces_tables_identical_to_the_live_inline_projections()
    {
        var (db, store, projections) = await SetUp();
        await using var _db = db;
        await AppendSome(store, streams: 25, seed: 7);
        var before = await db.ScalarAsync<string>("select string_agg(s::text, ';' order by stream_id) from stream_summary s");

        foreach (var projection in projections)
        {
            var rebuilt = await ProjectionRebuild.RebuildAsync(db.DataSource, projection);
            Assert.True(rebuilt.Matches);
            Assert.Equal(await db.ScalarAsync<long>("select count(*) from events"), rebuilt.EventsReplayed);
            Assert.Equal(25, rebuilt.Streams);
        }
        Assert.Equal(before, await db.ScalarAsync<string>("select string_agg(s::text, ';' order by stream_id) from stream_summary s"));
    }

    [Fact]
    public async Task A_comparison_finds_every_altered_row_and_a_rebuild_restores_them()
    {
        var (db, store, projections) = await SetUp();
        await using var _db = db;
        await AppendSome(store, streams: 10, seed: 11);
        var before = await db.ScalarAsync<string>("select string_agg(s::text, ';' order by stream_id) from stream_summary s");

        await db.ExecuteAsync("update stream_summary set events = events + 1 where stream_id = (select min(stream_id) from stream_summary)");
        await db.ExecuteAsync("delete from stream_summary where stream_id = (select max(stream_id) from stream_summary)");
        await db.ExecuteAsync("insert into stream_summary values ('school-a', 'case-forged', 1, 'note-added', 1, '[]')");

        var compared = await ProjectionRebuild.CompareAsync(db.DataSource, projections[0]);
        Assert.False(compared.Matches);
        Assert.Equal(2, compared.MissingFromLive);      // the altered row as it should be, and the deleted row
        Assert.Equal(2, compared.UnexpectedInLive);     // the altered row as it is, and the forged row
        Assert.False(compared.Swapped);
        Assert.True((await ProjectionRebuild.CompareAsync(db.DataSource, projections[1])).Matches);

        await ProjectionRebuild.RebuildAsync(db.DataSource, projections[0]);

        Assert.True((await ProjectionRebuild.CompareAsync(db.DataSource, projections[0])).Matches);
        Assert.Equal(before, await db.ScalarAsync<string>("select string_agg(s::text, ';' order by stream_id) from stream_summary s"));
    }

    [Fact]
    public async Task A_rebuild_while_appends_continue_loses_nothing()
    {
        var (db, store, projections) = await SetUp();
        await using var _db = db;
        await AppendSome(store, streams: 40, seed: 3);

        var writers = Task.WhenAll(Enumerable.Range(0, 4).Select(w => AppendSome(store, streams: 15, seed: 100 + w)));
        for (var i = 0; i < 3; i++)
        {
            await ProjectionRebuild.RebuildAsync(db.DataSource, projections[0]);
            await ProjectionRebuild.RebuildAsync(db.DataSource, projections[1]);
        }
        await writers;

        Assert.True((await ProjectionRebuild.CompareAsync(db.DataSource, projections[0])).Matches);
        Assert.True((await ProjectionRebuild.CompareAsync(db.DataSource, projections[1])).Matches);
        Assert.Equal(await db.ScalarAsync<long>("select count(*) from events"), await db.ScalarAsync<long>("select count(*) from stream_timeline"));
        Assert.Equal(await db.ScalarAsync<long>("select count(*) from streams"), await db.ScalarAsync<long>("select count(*) from stream_summary"));
    }
}
