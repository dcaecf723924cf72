using System.Diagnostics;

namespace Casework.IntegrationTests.Api;

/// <summary>
/// A W3C trace of a test's own, sent as the <c>traceparent</c> of the requests it tags. The service stamps the
/// request's trace on every event it appends (the correlation id) and every access-log row it writes
/// (<c>traceId</c>), so "this request stored nothing" is a count within the trace: it holds whatever else the
/// shared host has stored, before or since. <see cref="RequestTraceTests"/> proves every kind of write carries it.
/// </summary>
public sealed class RequestTrace
{
    public string Id { get; } = ActivityTraceId.CreateRandom().ToHexString();

    /// <summary>The client, sending this trace with every request.</summary>
    public HttpClient Tag(HttpClient client)
    {
        client.DefaultRequestHeaders.Remove("traceparent");
        client.DefaultRequestHeaders.Add("traceparent", $"00-{Id}-{ActivitySpanId.CreateRandom().ToHexString()}-01");
        return client;
    }

    /// <summary>The request, sent in this trace.</summary>
    public HttpRequestMessage Tag(HttpRequestMessage request)
    {
        request.Headers.Remove("traceparent");
        request.Headers.Add("traceparent", $"00-{Id}-{ActivitySpanId.CreateRandom().ToHexString()}-01");
        return request;
    }

    /// <summary>Events appended by the requests of this trace.</summary>
    public Task<long> EventsAsync(ApiFixture api) =>
        api.ScalarAsync<long>($"select count(*) from mt_events where correlation_id = '{Id}'");

    /// <summary>Streams the requests of this trace appended to (a new case is a new stream).</summary>
    public Task<long> StreamsAsync(ApiFixture api) =>
        api.ScalarAsync<long>($"select count(distinct stream_id) from mt_events where correlation_id = '{Id}'");

    /// <summary>Access-log rows (reads of case content, one per request that showed any) written by the requests of this trace.</summary>
    public Task<long> ReadsAsync(ApiFixture api) =>
        api.ScalarAsync<long>($"select count(*) from mt_doc_case_reads where data->>'traceId' = '{Id}'");
}
