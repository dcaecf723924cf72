using System.Text.Json.Serialization.Metadata;
using Casework.Http;
using Microsoft.AspNetCore.Mvc.ModelBinding;
using Microsoft.OpenApi;
using Swashbuckle.AspNetCore.SwaggerGen;

namespace Casework.Operations;

/// <summary>The OpenAPI document at /swagger/v1/swagger.json and Swagger UI at /swagger, with bearer authentication.</summary>
public static class ApiDocumentation
{
    public static WebApplicationBuilder AddCaseworkApiDocumentation(this WebApplicationBuilder builder)
    {
        builder.Services.AddEndpointsApiExplorer();
        builder.Services.AddSwaggerGen(options =>
        {
            options.SwaggerDoc("v1", new OpenApiInfo
            {
                Title = "Casework",
                Version = "v1",
                Description = "Safeguarding case management: concerns, disclosures, allegations against staff and parent breaches, as streams of immutable events.",
                License = new OpenApiLicense { Name = "Proprietary" },
            });
            options.DocumentFilter<TagDescriptions>();
            options.DocumentFilter<RequestRulesInDocument>();
            options.CustomSchemaIds(RequestExamples.SchemaId);
            options.SchemaFilter<RequestExamples>();
            options.OperationFilter<DeclaredAnswers>();
            options.OperationFilter<FileAnswers>();
            options.SupportNonNullableReferenceTypes();
            options.AddSecurityDefinition("Bearer", new OpenApiSecurityScheme
            {
                Type = SecuritySchemeType.Http,
                Scheme = "bearer",
                BearerFormat = "JWT",
                Description = "A bearer token naming the user, tenant(s) and role(s). In Development: `dotnet run --project src/Casework.Cli -- token ...`.",
            });
            options.AddSecurityRequirement(document => new OpenApiSecurityRequirement
            {
                [new OpenApiSecuritySchemeReference("Bearer", document)] = [],
            });
        });
        return builder;
    }

    public static void UseCaseworkApiDocumentation(this WebApplication app)
    {
        // The document names the server it was fetched from, so clients and linters can call it.
        app.UseSwagger(swagger => swagger.PreSerializeFilters.Add((document, request) =>
            document.Servers = [new OpenApiServer { Url = $"{request.Scheme}://{request.Host}" }]));
        app.UseSwaggerUI(ui => ui.SwaggerEndpoint("/swagger/v1/swagger.json", "Casework v1"));
    }
}

/// <summary>A sentence for each group of routes.</summary>
public sealed class TagDescriptions : IDocumentFilter
{
    private static readonly Dictionary<string, string> Descriptions = new()
    {
        ["Cases"] = "Reading cases: the view, the chronology and the register, each read recorded in the access log; `asOf` for time travel.",
        ["Reports"] = "Anyone with a role reports a concern, a disclosure, an allegation against staff or a parent's breach (R1). " +
            "Send an Idempotency-Key: a retry with the same key and body returns the first answer (a different body is 422).",
        ["Case actions"] = "One route per action. Send If-Match with the version you read; a broken rule answers 422 with its code. " +
            "Send an Idempotency-Key: a retry with the same key and body (after a lost answer or a 503) returns the first answer, " +
            "the case view at the version that action made, and records nothing more; the same key with a different body is 422.",
        ["Directory"] = "The school's staff with roles, pupils and parents: administrators only (D1), but for their names, which anyone with a role may read (D2). " +
            "Writes are idempotent without a key: a PUT or DELETE repeated as it was records nothing more and answers with the person's version " +
            "(with If-Match, a repeat after the first was recorded is a 409 naming the new version).",
        ["Health"] = "Liveness and readiness, open to anyone.",
    };

    public void Apply(OpenApiDocument document, DocumentFilterContext context) =>
        document.Tags = new HashSet<OpenApiTag>(Descriptions.Select(d => new OpenApiTag { Name = d.Key, Description = d.Value }));
}

/// <summary>
/// What the API reads, as it reads it: each text a request body holds shows its limit as <c>maxLength</c>, taken from
/// the same <see cref="TextLimits"/>, and each object lists as <c>required</c> exactly the members the reader requires
/// (those that can be neither null nor left out, <see cref="CaseworkJson"/>). Responses are written, never read, and show neither.
/// </summary>
public sealed class RequestRulesInDocument : IDocumentFilter
{
    public void Apply(OpenApiDocument document, DocumentFilterContext context)
    {
        var pending = new Stack<Type>(context.ApiDescriptions.SelectMany(d => d.ParameterDescriptions)
            .Where(p => p.Source == BindingSource.Body && p.Type is not null).Select(p => p.Type));
        var seen = new HashSet<Type>();
        while (pending.TryPop(out var type))
        {
            if (!seen.Add(type))
            {
                continue;
            }
            if (ItemType(type) is { } item)
            {
                pending.Push(item);
            }
            var read = CaseworkJson.Options.GetTypeInfo(type);
            if (read.Kind != JsonTypeInfoKind.Object || document.Components?.Schemas is not { } schemas
                || !schemas.TryGetValue(RequestExamples.SchemaId(type), out var schema))
            {
                continue;
            }
            if (schema is OpenApiSchema concrete)
            {
                var required = read.Properties.Where(p => p.IsRequired).Select(p => p.Name).ToHashSet();
                concrete.Required = required.Count > 0 ? required : null;
            }
            foreach (var property in read.Properties)
            {
                if (TextLimits.Of(property) is not { } limit)
                {
                    pending.Push(property.PropertyType);
                }
                else if (schema.Properties?.TryGetValue(property.Name, out var field) == true
                    && (TextLimits.IsText(property.PropertyType) ? field : field.Items) is OpenApiSchema text)
                {
                    text.MaxLength = limit;
                }
            }
        }
    }

    // What a list holds (ValueList has its own converter, so the serializer does not say).
    private static Type? ItemType(Type type) => type == typeof(string) ? null
        : type.GetInterfaces().Append(type).FirstOrDefault(i => i.IsGenericType && i.GetGenericTypeDefinition() == typeof(IEnumerable<>))?.GetGenericArguments()[0];
}

/// <summary>
/// The answers every route can give beside its own, declared once so that the document tells the truth: a
/// route behind a token can answer 400 (e.g. a token naming several schools without the tenant header),
/// 401 and 403; one that reads a body, 413 (over 256 KiB) and 415 (not JSON); one that names a record by
/// id, 404. All as problem details. An anonymous route (health) requires no token: <c>security: []</c>.
/// </summary>
public sealed class DeclaredAnswers : IOperationFilter
{
    public void Apply(OpenApiOperation operation, OperationFilterContext context)
    {
        if (context.ApiDescription.ActionDescriptor.EndpointMetadata.OfType<Microsoft.AspNetCore.Authorization.IAllowAnonymous>().Any())
        {
            operation.Security = [];
            return;
        }
        var problem = context.SchemaGenerator.GenerateSchema(typeof(Microsoft.AspNetCore.Mvc.ProblemDetails), context.SchemaRepository);
        void Declare(int status, string description)
        {
            operation.Responses ??= [];
            operation.Responses.TryAdd(status.ToString(System.Globalization.CultureInfo.InvariantCulture), new OpenApiResponse
            {
                Description = description,
                Content = new Dictionary<string, IOpenApiMediaType> { ["application/problem+json"] = new OpenApiMediaType { Schema = problem } },
            });
        }
        Declare(StatusCodes.Status400BadRequest, "The request is not valid; `errors` names each field.");
        Declare(StatusCodes.Status401Unauthorized, "No valid bearer token.");
        Declare(StatusCodes.Status403Forbidden, "The token does not permit this, or does not name the school asked for.");
        if (operation.RequestBody is not null)
        {
            Declare(StatusCodes.Status413PayloadTooLarge, "The body is over 256 KiB.");
            Declare(StatusCodes.Status415UnsupportedMediaType, "The body is not JSON.");
        }
        if (context.ApiDescription.RelativePath?.Contains("{id", StringComparison.Ordinal) == true)
        {
            Declare(StatusCodes.Status404NotFound, "No such record that you may see.");
        }
    }
}

/// <summary>A file a route answers 200 with beside its JSON (an export): its media type, and whether it is binary.</summary>
public sealed record FileAnswer(string MediaType, bool Binary);

/// <summary>Adds each <see cref="FileAnswer"/> of a route to its 200 response, as a string (binary for a PDF), beside the JSON.</summary>
public sealed class FileAnswers : IOperationFilter
{
    public void Apply(OpenApiOperation operation, OperationFilterContext context)
    {
        if (operation.Responses?.GetValueOrDefault("200") is not OpenApiResponse { Content: { } content })
        {
            return;
        }
        foreach (var file in context.ApiDescription.ActionDescriptor.EndpointMetadata.OfType<FileAnswer>())
        {
            content[file.MediaType] = new OpenApiMediaType { Schema = new OpenApiSchema { Type = JsonSchemaType.String, Format = file.Binary ? "binary" : null } };
        }
    }
}
