using Casework.Http;
using Microsoft.OpenApi;

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
            });
            options.CustomSchemaIds(RequestExamples.SchemaId);
            options.SchemaFilter<RequestExamples>();
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
        app.UseSwagger();
        app.UseSwaggerUI(ui => ui.SwaggerEndpoint("/swagger/v1/swagger.json", "Casework v1"));
    }
}
