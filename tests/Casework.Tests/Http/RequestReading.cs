using System.Reflection;
using System.Text.Json;
using System.Text.Json.Nodes;
using Casework.Http;

namespace Casework.Tests.Http;

/// <summary>Reads a body as the API does, and answers what its 400 would say: the field and the message.</summary>
internal static class RequestReading
{
    public static (string Field, string Message)? Refusal(Type type, string body)
    {
        try
        {
            Assert.NotNull(JsonSerializer.Deserialize(body, type, CaseworkJson.Options));
            return null;
        }
        catch (JsonException e)
        {
            return (Problems.FieldName(e), Problems.Describe(e));
        }
    }

    public static (string Field, string Message)? Refusal(Type type, JsonNode body) => Refusal(type, body.ToJsonString());

    public static void Accepted(Type type, JsonNode body) => Assert.Null(Refusal(type, body));

    public static void Refused(Type type, JsonNode body, string field, string message) => Assert.Equal((field, message), Refusal(type, body));

    /// <summary>The request's own Example, as the API would read it.</summary>
    public static JsonObject Example(Type type)
    {
        var example = type.GetProperty("Example", BindingFlags.Public | BindingFlags.Static)?.GetValue(null);
        Assert.True(example is not null, $"{type.FullName} has no static Example");
        return JsonSerializer.SerializeToNode(example, type, CaseworkJson.Options)!.AsObject();
    }
}
