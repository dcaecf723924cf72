using Casework.EventStore;

namespace Casework.IntegrationTests.EventStore;

internal static class Given
{
    public const string Tenant = "school-a";

    public static EventToAppend AnEvent(Guid? id = null, string type = "note-added", string data = "{}") =>
        new(id ?? Guid.NewGuid(), type, 1, data, """{"actorId":"00000000-0000-0000-0000-000000000001"}""", DateTimeOffset.UtcNow.AddMinutes(-5));

    public static IReadOnlyList<EventToAppend> Events(int count) => Enumerable.Range(0, count).Select(_ => AnEvent()).ToList();

    public static string AStream() => "case-" + Guid.NewGuid().ToString("N");
}
