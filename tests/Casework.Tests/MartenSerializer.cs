using System.Text;
using Casework.Operations;
using Marten;
using Npgsql;

namespace Casework.Tests;

/// <summary>The serializer of the service's own Marten configuration, built without touching a database.</summary>
public static class MartenSerializer
{
    public static ISerializer Instance { get; } = Build();

    private static ISerializer Build()
    {
        using var store = DocumentStore.For(options =>
            StoreSetup.Configure(options, new NpgsqlDataSourceBuilder("Host=127.0.0.1;Database=unused").Build(), StoreSetup.DefaultSchema));
        return store.Options.Serializer();
    }

    /// <summary>Written as Marten writes it, and read back as Marten reads it.</summary>
    public static T RoundTrip<T>(T value) where T : notnull =>
        (T)Instance.FromJson(value.GetType(), new MemoryStream(Encoding.UTF8.GetBytes(Instance.ToJson(value))));
}
