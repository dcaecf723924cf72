using System.Text;
using Casework.EventStore;

namespace Casework.Benchmarks;

/// <summary>Realistic event documents: about 300 bytes of data and 300 of metadata, as the service writes them.</summary>
internal static class Payload
{
    public const string Data = """
        {"caseId":"0196f3a2-7c1e-7b44-9a51-3f0d2c8e6b17","concernType":"neglect","summary":"Class teacher reports the pupil arrived without lunch and appeared withdrawn for the third day this week.","reportedBy":{"name":"A. Teacher","role":"Class teacher","organisation":"Northfield Primary"},"riskLevel":"medium","reference":"CW-2025-004217"}
        """;

    public const string Metadata = """
        {"actorId":"0196f3a2-6d0b-7f21-8c33-5a9e1b2c4d6f","actorRoles":["caseworker","designated-safeguarding-lead"],"correlationId":"4f1c2b7e-93a8-4d5e-b6c1-0a2f9e8d7c6b","causationId":"7e2d4c1b-0f9a-4e8b-a3d2-6c5b4a3f2e1d","reason":"Referral received by phone","client":"casework-web/1.4.2"}
        """;

    /// <summary>The raw baseline's one jsonb column: the same bytes as an event's data and metadata.</summary>
    public const string RawDocument = "{\"data\":" + Data + ",\"metadata\":" + Metadata + "}";

    public static int DataBytes => Encoding.UTF8.GetByteCount(Data);
    public static int MetadataBytes => Encoding.UTF8.GetByteCount(Metadata);

    public static IReadOnlyList<EventToAppend> Batch(int count)
    {
        var now = DateTimeOffset.UtcNow;
        var events = new EventToAppend[count];
        for (var i = 0; i < count; i++)
        {
            events[i] = new EventToAppend(Guid.CreateVersion7(now), "concern-recorded", 1, Data, Metadata, now);
        }
        return events;
    }
}
