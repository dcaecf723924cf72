using System.Reflection;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.OpenApi;
using Swashbuckle.AspNetCore.SwaggerGen;

namespace Casework.Http;

/// <summary>
/// Puts a request type's static <c>Example</c> (written beside the request record) into its schema,
/// serialized exactly as the API reads it.
/// </summary>
public sealed class RequestExamples : ISchemaFilter
{
    public void Apply(IOpenApiSchema schema, SchemaFilterContext context)
    {
        var example = context.Type.GetProperty("Example", BindingFlags.Public | BindingFlags.Static);
        if (schema is OpenApiSchema concrete && example?.PropertyType == context.Type && example.GetValue(null) is { } value)
        {
            concrete.Examples = [JsonNode.Parse(JsonSerializer.Serialize(value, context.Type, CaseworkJson.Options))!];
        }
    }

    /// <summary>
    /// Nested request types are all named Request: the schema id names the command too. A generic type
    /// names its arguments (DirectoryPage of Pupil: PupilDirectoryPage).
    /// </summary>
    public static string SchemaId(Type type)
    {
        var name = type.IsGenericType ? type.Name[..type.Name.IndexOf('`')] : type.Name;
        var generic = string.Concat(type.GetGenericArguments().Select(SchemaId));
        return (type.IsNested ? SchemaId(type.DeclaringType!) : "") + generic + name;
    }
}
