using Hidamari.Portal;
using Hidamari.Tenancy;

var builder = WebApplication.CreateBuilder(args);

builder.Services.AddTenancy(builder.Configuration);
builder.Services.AddPortal(builder.Configuration);

var app = builder.Build();

if (await OperatorCommands.TryRunAsync(app, args)) return;

app.UsePortal();
app.MapPortal();

await app.RunAsync();

public partial class Program;
