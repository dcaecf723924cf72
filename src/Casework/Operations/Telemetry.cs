using Npgsql;
using OpenTelemetry;
using OpenTelemetry.Metrics;
using OpenTelemetry.Resources;
using OpenTelemetry.Trace;

namespace Casework.Operations;

/// <summary>
/// Traces and metrics through the OpenTelemetry hosting package: ASP.NET Core requests, Npgsql commands and
/// Marten sessions. Exported over OTLP when the standard OTEL_EXPORTER_OTLP_* variables name an endpoint.
/// Spans carry routes, ids, statuses and SQL text with parameters only, never case content: every query is
/// parameterised, and nothing here records request or response bodies.
/// </summary>
public static class Telemetry
{
    public const string ServiceName = "casework";

    /// <summary>The activity sources and meters Casework's spans and metrics come from.</summary>
    public static readonly string[] Sources = ["Microsoft.AspNetCore", "Npgsql", "Marten"];

    public static WebApplicationBuilder AddCaseworkTelemetry(this WebApplicationBuilder builder)
    {
        var otel = builder.Services.AddOpenTelemetry()
            .ConfigureResource(resource => resource.AddService(ServiceName))
            .WithTracing(tracing => tracing
                .AddAspNetCoreInstrumentation(options => options.RecordException = false)
                .AddNpgsql()
                .AddSource("Marten"))
            .WithMetrics(metrics => metrics
                .AddAspNetCoreInstrumentation()
                .AddMeter("Npgsql", "Marten"));
        if (!string.IsNullOrWhiteSpace(builder.Configuration["OTEL_EXPORTER_OTLP_ENDPOINT"]))
        {
            otel.UseOtlpExporter();
        }
        return builder;
    }
}
