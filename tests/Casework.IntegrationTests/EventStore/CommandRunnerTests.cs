using System.Text.Json;
using Casework.EventStore;

namespace Casework.IntegrationTests.EventStore;

public sealed class CommandRunnerTests
{
    private sealed record Opened(string Title);
    private sealed record Noted(string Text);
    private sealed record Closed;
    private sealed record Case(bool Exists, int Notes, bool IsClosed);

    private static readonly Decider<Case, object> Decider = new(new Case(false, 0, false), (state, e) => e switch
    {
        Opened => state with { Exists = true },
        Noted => state with { Notes = state.Notes + 1 },
        Closed => state with { IsClosed = true },
        _ => state,
    });

    private static readonly EventTypeMap Types = new(
        [("case-opened", typeof(Opened)), ("note-added", typeof(Noted)), ("case-closed", typeof(Closed))],
        new JsonSerializerOptions(JsonSerializerDefaults.Web));

    private static readonly EventMetadata Actor = new(Guid.NewGuid(), ["dsl"], "trace-1", null);

    private static IReadOnlyList<object> Close(Case state) => state.IsClosed ? [] : [new Closed()];

    [Fact]
    public async Task A_command_loads_folds_decides_and_appends_at_the_version_it_decided_on()
    {
        await using var db = await TestDatabase.CreateAsync();
        var runner = new CommandRunner(new Casework.EventStore.EventStore(db.DataSource), Types);
        var stream = new StreamRef(Given.Tenant, Given.AStream(), "case");

        var opened = await runner.RunAsync(stream, ExpectedVersion.NoStream, Decider, _ => [new Opened("x")], Actor, DateTimeOffset.UtcNow);
        var noted = await runner.RunAsync(stream, ExpectedVersion.Exactly(1), Decider, _ => [new Noted("a"), new Noted("b")], Actor, DateTimeOffset.UtcNow);

        Assert.Equal(1, opened.Version);
        Assert.Equal(3, noted.Version);
        Assert.Equal(new Case(true, 2, false), noted.State);
        Assert.Equal(new Case(true, 2, false), (await runner.LoadAsync(stream, Decider)).State);
        var stored = await new Casework.EventStore.EventStore(db.DataSource).ReadStreamAsync(Given.Tenant, stream.StreamId);
        Assert.Equal(["case-opened", "note-added", "note-added"], stored.Select(e => e.EventType));
        Assert.Equal(Actor.ActorId, Types.Metadata(stored[0])!.ActorId);
    }

    [Fact]
    public async Task A_stale_expected_version_is_a_conflict_and_nothing_is_decided()
    {
        await using var db = await TestDatabase.CreateAsync();
        var runner = new CommandRunner(new Casework.EventStore.EventStore(db.DataSource), Types);
        var stream = new StreamRef(Given.Tenant, Given.AStream(), "case");
        await runner.RunAsync(stream, ExpectedVersion.NoStream, Decider, _ => [new Opened("x")], Actor, DateTimeOffset.UtcNow);
        await runner.RunAsync(stream, ExpectedVersion.Exactly(1), Decider, _ => [new Noted("a")], Actor, DateTimeOffset.UtcNow);
        var decided = false;

        var conflict = await Assert.ThrowsAsync<ConcurrencyConflict>(() => runner.RunAsync(stream, ExpectedVersion.Exactly(1), Decider,
            _ => { decided = true; return [new Noted("b")]; }, Actor, DateTimeOffset.UtcNow));

        Assert.Equal(2, conflict.ActualVersion);
        Assert.False(decided);
        Assert.Equal(2, (await runner.LoadAsync(stream, Decider)).Version);
    }

    [Fact]
    public async Task A_command_already_satisfied_records_nothing_new()
    {
        await using var db = await TestDatabase.CreateAsync();
        var runner = new CommandRunner(new Casework.EventStore.EventStore(db.DataSource), Types);
        var stream = new StreamRef(Given.Tenant, Given.AStream(), "case");
        await runner.RunAsync(stream, ExpectedVersion.NoStream, Decider, _ => [new Opened("x")], Actor, DateTimeOffset.UtcNow);
        await runner.RunAsync(stream, ExpectedVersion.Exactly(1), Decider, Close, Actor, DateTimeOffset.UtcNow);

        var again = await runner.RunAsync(stream, ExpectedVersion.Exactly(2), Decider, Close, Actor, DateTimeOffset.UtcNow);

        Assert.Empty(again.Appended);
        Assert.Equal(2, again.Version);
        Assert.Equal(2L, await db.ScalarAsync<long>("select count(*) from events"));
    }

    [Fact]
    public async Task A_retried_create_with_the_same_event_ids_returns_the_first_outcome_without_a_second_case()
    {
        await using var db = await TestDatabase.CreateAsync();
        var runner = new CommandRunner(new Casework.EventStore.EventStore(db.DataSource), Types);
        var stream = new StreamRef(Given.Tenant, Given.AStream(), "case");
        var ids = new[] { Guid.NewGuid(), Guid.NewGuid() };

        var first = await runner.RunAsync(stream, ExpectedVersion.NoStream, Decider, _ => [new Opened("x"), new Noted("n")], Actor, DateTimeOffset.UtcNow, i => ids[i]);
        var retried = await runner.RunAsync(stream, ExpectedVersion.NoStream, Decider, _ => [new Opened("x"), new Noted("n")], Actor, DateTimeOffset.UtcNow.AddSeconds(3), i => ids[i]);

        Assert.Equal(first.Version, retried.Version);
        Assert.Equal(first.State, retried.State);
        Assert.Equal(first.Appended.Select(e => e.GlobalPosition), retried.Appended.Select(e => e.GlobalPosition));
        Assert.Equal(2L, await db.ScalarAsync<long>("select count(*) from events"));
        await Assert.ThrowsAsync<ConcurrencyConflict>(() => runner.RunAsync(stream, ExpectedVersion.NoStream, Decider, _ => [new Opened("y")], Actor, DateTimeOffset.UtcNow));
    }
}
