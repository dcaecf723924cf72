using Casework.Cases;
using Casework.Operations;

namespace Casework.Http;

public static class ApiSetup
{
    /// <summary>What the routes need: JSON as the contract says, problem details, the clock and the case service.</summary>
    public static WebApplicationBuilder AddCaseworkApi(this WebApplicationBuilder builder)
    {
        builder.Services.ConfigureHttpJsonOptions(json => CaseworkJson.Configure(json.SerializerOptions));
        builder.Services.AddProblemDetails();
        // In every environment a body or parameter the binder refuses reaches Problems, which names the field.
        builder.Services.Configure<Microsoft.AspNetCore.Routing.RouteHandlerOptions>(options => options.ThrowOnBadRequest = true);
        builder.Services.AddExceptionHandler<Problems>();
        // The one clock (ADR 18): the system's, or in Development the clock Casework:Development:ClockStartsAt sets (ADR 41).
        builder.Services.AddSingleton(DevelopmentClock.For(builder.Configuration, builder.Environment));
        builder.Services.AddSingleton<CaseService>();
        return builder;
    }
}
