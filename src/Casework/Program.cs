using Casework.Alerts;
using Casework.Audit;
using Casework.Auth;
using Casework.Cases;
using Casework.Directory;
using Casework.Http;
using Casework.Operations;
using Casework.Registers;
using Casework.SchoolPolicies;
using JasperFx;

var builder = WebApplication.CreateBuilder(args);

builder.AddCaseworkStore();
builder.AddCaseworkContentKeys();
builder.AddCaseworkSealing();
builder.AddCaseworkTelemetry();
builder.AddCaseworkAuthentication();
builder.AddCaseworkApiDocumentation();
builder.AddCaseworkApi();
builder.AddCaseworkWolverine();
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
app.MapRegisters();
app.MapDirectory();
app.MapFindPeopleByName();
app.MapReadSignedInUser();
app.MapAudit();
app.MapAlerts();
app.MapSchoolPolicy();
app.MapDevelopmentSignIn();
app.MapConsole();

app.AnnounceAddresses();
// Runs the service; `codegen write` (and the other JasperFx commands) regenerate Wolverine's and Marten's code (ADR 8).
return await app.RunJasperFxCommands(args);

public partial class Program;
