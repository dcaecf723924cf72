using System.Net;
using System.Net.Sockets;

namespace Casework.IntegrationTests.Api;

/// <summary>
/// A TCP forwarder on 127.0.0.1 to the real PostgreSQL, which a test can stop (refusing new connections and
/// dropping live ones, as a database restart does) and start again on the same port: a real outage, not a fake.
/// </summary>
public sealed class TcpForwarder(string targetHost, int targetPort) : IAsyncDisposable
{
    private readonly List<TcpClient> _live = [];
    private TcpListener? _listener;
    private CancellationTokenSource? _stop;

    public int Port { get; private set; }

    // While set, connections are accepted and never answered: a database whose host drops packets.
    private volatile bool _silent;

    /// <summary>Drops every live connection, then accepts new ones and never answers them, until <see cref="Restore"/>.</summary>
    public void Silence()
    {
        Stop();
        _silent = true;
        Start();
    }

    /// <summary>Drops the unanswered connections and forwards again.</summary>
    public void Restore()
    {
        Stop();
        _silent = false;
        Start();
    }

    public void Start()
    {
        _listener = new TcpListener(IPAddress.Loopback, Port);
        _listener.Server.SetSocketOption(SocketOptionLevel.Socket, SocketOptionName.ReuseAddress, true);
        _listener.Start();
        Port = ((IPEndPoint)_listener.LocalEndpoint).Port;
        _stop = new CancellationTokenSource();
        _ = AcceptAsync(_listener, _stop.Token);
    }

    /// <summary>Refuses new connections and drops every live one.</summary>
    public void Stop()
    {
        _stop?.Cancel();
        _listener?.Stop();
        lock (_live)
        {
            foreach (var client in _live)
            {
                // A reset, as a server going away leaves its clients (a client already closed has no socket). The
                // forwarding task disposes its streams, and so their sockets, before it takes them out of _live: a
                // socket closed meanwhile is one less to reset.
                try
                {
                    if (client.Client is { Connected: true } socket)
                    {
                        socket.LingerState = new LingerOption(true, 0);
                    }
                }
                catch (ObjectDisposedException)
                {
                }
                client.Dispose();
            }
            _live.Clear();
        }
    }

    private async Task AcceptAsync(TcpListener listener, CancellationToken stop)
    {
        while (!stop.IsCancellationRequested)
        {
            TcpClient inbound;
            try
            {
                inbound = await listener.AcceptTcpClientAsync(stop);
            }
            catch (Exception) when (stop.IsCancellationRequested || !listener.Server.IsBound)
            {
                return;
            }
            catch (ObjectDisposedException)
            {
                return;
            }
            _ = ForwardAsync(inbound, stop);
        }
    }

    private async Task ForwardAsync(TcpClient inbound, CancellationToken stop)
    {
        var outbound = new TcpClient();
        lock (_live)
        {
            _live.Add(inbound);
            _live.Add(outbound);
        }
        try
        {
            if (_silent)
            {
                await Task.Delay(Timeout.Infinite, stop);
            }
            await outbound.ConnectAsync(targetHost, targetPort, stop);
            await using var a = inbound.GetStream();
            await using var b = outbound.GetStream();
            // Either direction ending ends both.
            await Task.WhenAny(a.CopyToAsync(b, stop), b.CopyToAsync(a, stop));
        }
        catch (Exception)
        {
            // A dropped connection is what this class is for.
        }
        finally
        {
            lock (_live)
            {
                _live.Remove(inbound);
                _live.Remove(outbound);
            }
            inbound.Dispose();
            outbound.Dispose();
        }
    }

    public ValueTask DisposeAsync()
    {
        Stop();
        return ValueTask.CompletedTask;
    }
}
