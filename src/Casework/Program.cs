using Casework.Auth;
using Casework.Cases;
using Casework.Directory;
using Casework.Http;
using Casework.Operations;

var builder = WebApplication.CreateBuilder(args);

builder.AddCaseworkStore();
builder.AddCaseworkTelemetry();
builder.AddCaseworkAuthentication();
builder.AddCaseworkApiDocumentation();
builder.AddCaseworkApi();
// Nothing a client sends needs more than this; larger bodies are refused before they are read.
builder.WebHost.ConfigureKestrel(kestrel => kestrel.Limits.MaxRequestBodySize = 256 * 1024);

var app = builder.Build();

// Problems logs what went wrong without the exception's message; the framework must not log it again.
app.UseExceptionHandler(new ExceptionHandlerOptions { SuppressDiagnosticsCallback = _ => true });
app.UseStatusCodePages();
app.UseCaseworkApiDocumentation();
app.UseCaseworkAuthentication();

app.MapHealth();
app.MapCases();
app.MapDirectory();

await app.MigrateStoreAsync();
app.AnnounceAddresses();
await app.RunAsync();

public partial class Program;
