using Casework.Cases;

namespace Casework.Http;

public static class ApiSetup
{
    /// <summary>What the routes need: JSON as the contract says, problem details, and the case service.</summary>
    public static WebApplicationBuilder AddCaseworkApi(this WebApplicationBuilder builder)
    {
        builder.Services.ConfigureHttpJsonOptions(json => CaseworkJson.Configure(json.SerializerOptions));
        builder.Services.AddProblemDetails();
        // In every environment a body or parameter the binder refuses reaches Problems, which names the field.
        builder.Services.Configure<Microsoft.AspNetCore.Routing.RouteHandlerOptions>(options => options.ThrowOnBadRequest = true);
        builder.Services.AddExceptionHandler<Problems>();
        builder.Services.AddSingleton(TimeProvider.System);
        builder.Services.AddSingleton<CaseService>();
        return builder;
    }
}
