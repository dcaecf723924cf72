using Casework.EventStore;
using OpenTelemetry;
using OpenTelemetry.Metrics;
using OpenTelemetry.Resources;
using OpenTelemetry.Trace;

namespace Casework.Operations;

/// <summary>
/// Traces and metrics over OTLP when OTEL_EXPORTER_OTLP_ENDPOINT is configured. Spans carry routes, stream
/// types and counts, never case content: the store's SQL is parameterised and its tags hold no values.
/// </summary>
public static class Telemetry
{
    public static WebApplicationBuilder AddCaseworkTelemetry(this WebApplicationBuilder builder)
    {
        if (string.IsNullOrWhiteSpace(builder.Configuration["OTEL_EXPORTER_OTLP_ENDPOINT"]))
        {
            return builder;
        }

        var sdk = OpenTelemetrySdk.Create(otel => otel
            .ConfigureResource(resource => resource.AddService("casework"))
            .WithTracing(tracing => tracing
                .AddSource("Microsoft.AspNetCore", StoreTelemetry.Name, "Npgsql")
                .AddOtlpExporter())
            .WithMetrics(metrics => metrics
                .AddMeter("Microsoft.AspNetCore.Hosting", "Microsoft.AspNetCore.Server.Kestrel", StoreTelemetry.Name, "Npgsql")
                .AddOtlpExporter()));
        builder.Services.AddSingleton(sdk);
        return builder;
    }
}
