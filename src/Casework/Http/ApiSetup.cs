using Casework.Audit;
using Casework.Cases;
using Casework.EventStore;

namespace Casework.Http;

public static class ApiSetup
{
    /// <summary>What the routes need: JSON as the contract says, problem details, the command runner and the access log.</summary>
    public static WebApplicationBuilder AddCaseworkApi(this WebApplicationBuilder builder)
    {
        builder.Services.ConfigureHttpJsonOptions(json => CaseworkJson.Configure(json.SerializerOptions));
        builder.Services.AddProblemDetails();
        // In every environment a body or parameter the binder refuses reaches Problems, which names the field.
        builder.Services.Configure<Microsoft.AspNetCore.Routing.RouteHandlerOptions>(options => options.ThrowOnBadRequest = true);
        builder.Services.AddExceptionHandler<Problems>();
        builder.Services.AddSingleton(TimeProvider.System);
        builder.Services.AddSingleton(new EventTypeMap(EventCatalog.All, CaseworkJson.Stored));
        builder.Services.AddSingleton<CommandRunner>();
        builder.Services.AddSingleton<IStreamProjection, CaseRegister>();
        builder.Services.AddSingleton<CaseService>();
        builder.Services.AddSingleton<AccessLog>();
        return builder;
    }
}
