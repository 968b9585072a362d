using Hidamari.Portal;
using Hidamari.Tenancy;
using Hidamari.Tenancy.Identity;

var builder = WebApplication.CreateBuilder(args);

builder.Services.AddTenancy(builder.Configuration);
builder.Services.AddPlatformIdentity(builder.Configuration, builder.Environment);
builder.Services.AddPortal(builder.Configuration);

var app = builder.Build();

if (await OperatorCommands.TryRunAsync(app, args)) return;

app.UsePortal();
app.MapPortal();

await app.RunAsync();

public partial class Program;
