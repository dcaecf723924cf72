using System.Collections;
using System.Diagnostics;

namespace Casework.IntegrationTests.Api;

/// <summary>
/// Every span the service finished, in the order they ended, for OpenTelemetry's in-memory exporter. The exporter
/// adds from the request's thread while a test reads, so every access takes the lock.
/// </summary>
public sealed class CollectedSpans : ICollection<Activity>
{
    private readonly List<Activity> _spans = [];

    public int Count
    {
        get
        {
            lock (_spans)
            {
                return _spans.Count;
            }
        }
    }

    public bool IsReadOnly => false;

    public void Add(Activity item)
    {
        lock (_spans)
        {
            _spans.Add(item);
        }
    }

    public Activity[] ToArray()
    {
        lock (_spans)
        {
            return [.. _spans];
        }
    }

    /// <summary>
    /// The one span that matches, once it has ended: a request's span ends after its response reached the
    /// client, so it may be exported a moment after the test has its answer.
    /// </summary>
    public async Task<Activity> SingleAsync(Func<Activity, bool> match, TimeSpan? wait = null)
    {
        var until = DateTime.UtcNow + (wait ?? TimeSpan.FromSeconds(10));
        while (!ToArray().Any(match) && DateTime.UtcNow < until)
        {
            await Task.Delay(20);
        }
        return Assert.Single(ToArray(), s => match(s));
    }

    public void Clear()
    {
        lock (_spans)
        {
            _spans.Clear();
        }
    }

    public bool Contains(Activity item)
    {
        lock (_spans)
        {
            return _spans.Contains(item);
        }
    }

    public void CopyTo(Activity[] array, int arrayIndex) => ToArray().CopyTo(array, arrayIndex);

    public bool Remove(Activity item)
    {
        lock (_spans)
        {
            return _spans.Remove(item);
        }
    }

    public IEnumerator<Activity> GetEnumerator() => ((IEnumerable<Activity>)ToArray()).GetEnumerator();

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();
}
