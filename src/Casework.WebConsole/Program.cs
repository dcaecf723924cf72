using Casework.WebConsole;
using Microsoft.AspNetCore.Components.Web;
using Microsoft.AspNetCore.Components.WebAssembly.Hosting;

var builder = WebAssemblyHostBuilder.CreateDefault(args);
builder.RootComponents.Add<App>("#app");
builder.RootComponents.Add<HeadOutlet>("head::after");

// The console is served under /console by the service whose API it calls: the API is at the origin's root.
var origin = new Uri(new Uri(builder.HostEnvironment.BaseAddress), "/");
builder.Services.AddScoped(_ => new HttpClient { BaseAddress = origin });
builder.Services.AddScoped<Session>();
builder.Services.AddScoped<Api>();
builder.Services.AddScoped<Names>();
builder.Services.AddScoped<ActionForms>();
builder.Services.AddScoped<Drafts>();
builder.Services.AddScoped<TodayQueries>();
builder.Services.AddScoped<SignInOptions>();
SignInOptions.AddSchoolProvider(builder);

await builder.Build().RunAsync();
