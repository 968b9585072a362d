using System.Collections.Concurrent;
using System.Net;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace Hidamari.Tests.Features.Billing;

/// <summary>
/// A small Stripe of our own on 127.0.0.1: it answers the few endpoints the portal calls (customers, Checkout
/// sessions, customer-portal sessions, the invoice list) in Stripe's JSON shape, remembers every request, and
/// serves the pages those sessions point to. Stripe.net is configured with its address, so no test ever reaches
/// the network.
/// </summary>
public sealed class FakeStripe : IAsyncDisposable
{
    private WebApplication? _app;
    private int _sequence;
    private readonly ConcurrentDictionary<string, List<JsonObject>> _invoices = new(StringComparer.Ordinal);

    /// Generated per run: nothing key-like is committed.
    public string ApiKey { get; } = "hidamari-fake-" + Guid.NewGuid().ToString("N");

    public Uri BaseAddress { get; private set; } = default!;

    public ConcurrentQueue<StripeRequest> Requests { get; } = new();

    /// When set, every API call answers 500 with Stripe's error shape (to test how the portal copes).
    public bool Failing { get; set; }

    public async Task StartAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.ConfigureKestrel(k => k.Listen(IPAddress.Loopback, 0));
        builder.Logging.ClearProviders();
        _app = builder.Build();
        _app.Use(async (http, next) =>
        {
            if (http.Request.Path.StartsWithSegments("/v1") && Failing)
            {
                http.Response.StatusCode = 500;
                await http.Response.WriteAsJsonAsync(new { error = new { type = "api_error", message = "fake outage" } });
                return;
            }
            await next(http);
        });
        _app.MapPost("/v1/customers", async http =>
        {
            var form = await RecordAsync(http);
            var id = NewId("cus");
            await WriteAsync(http, new JsonObject
            {
                ["id"] = id, ["object"] = "customer", ["name"] = form.GetValueOrDefault("name"),
                ["metadata"] = Metadata(form, "metadata"), ["created"] = Now(), ["livemode"] = false,
            });
        });
        _app.MapPost("/v1/checkout/sessions", async http =>
        {
            var form = await RecordAsync(http);
            var id = NewId("cs");
            await WriteAsync(http, new JsonObject
            {
                ["id"] = id, ["object"] = "checkout.session", ["mode"] = form.GetValueOrDefault("mode"),
                ["customer"] = form.GetValueOrDefault("customer"), ["client_reference_id"] = form.GetValueOrDefault("client_reference_id"),
                ["success_url"] = form.GetValueOrDefault("success_url"), ["cancel_url"] = form.GetValueOrDefault("cancel_url"),
                ["metadata"] = Metadata(form, "metadata"), ["status"] = "open", ["created"] = Now(), ["livemode"] = false,
                ["url"] = new Uri(BaseAddress, $"pay/{id}").ToString(),
            });
        });
        _app.MapPost("/v1/billing_portal/sessions", async http =>
        {
            var form = await RecordAsync(http);
            var id = NewId("bps");
            await WriteAsync(http, new JsonObject
            {
                ["id"] = id, ["object"] = "billing_portal.session", ["customer"] = form.GetValueOrDefault("customer"),
                ["return_url"] = form.GetValueOrDefault("return_url"), ["created"] = Now(), ["livemode"] = false,
                ["url"] = new Uri(BaseAddress, $"portal/{id}").ToString(),
            });
        });
        _app.MapGet("/v1/invoices", async http =>
        {
            await RecordAsync(http);
            var customer = http.Request.Query["customer"].ToString();
            var data = new JsonArray([.. (_invoices.TryGetValue(customer, out var list) ? list : []).Select(i => (JsonNode)i.DeepClone())]);
            await WriteAsync(http, new JsonObject { ["object"] = "list", ["url"] = "/v1/invoices", ["has_more"] = false, ["data"] = data });
        });
        // What the manager's browser lands on after the portal redirects it to "Stripe".
        _app.MapGet("/pay/{id}", (string id) => Results.Content($"<html><body><h1 data-testid=\"fake-checkout\">Fake Checkout {id}</h1></body></html>", "text/html"));
        _app.MapGet("/portal/{id}", (string id) => Results.Content($"<html><body><h1 data-testid=\"fake-portal\">Fake customer portal {id}</h1></body></html>", "text/html"));
        await _app.StartAsync();
        BaseAddress = new Uri(_app.Urls.First().TrimEnd('/') + "/");
    }

    /// An invoice the invoice list returns for that customer (amounts in yen).
    public void AddInvoice(string customer, string number, long amount, string status, DateTimeOffset created) =>
        _invoices.GetOrAdd(customer, _ => []).Add(new JsonObject
        {
            ["id"] = NewId("in"), ["object"] = "invoice", ["customer"] = customer, ["number"] = number,
            ["amount_due"] = amount, ["amount_paid"] = status == "paid" ? amount : 0, ["currency"] = "jpy", ["status"] = status,
            ["created"] = created.ToUnixTimeSeconds(), ["livemode"] = false,
            ["hosted_invoice_url"] = new Uri(BaseAddress, $"invoice/{number}").ToString(),
        });

    public IReadOnlyList<StripeRequest> RequestsTo(string method, string path) =>
        [.. Requests.Where(r => r.Method == method && r.Path == path)];

    private string NewId(string prefix) => $"{prefix}_fake{Interlocked.Increment(ref _sequence):D6}";

    private static long Now() => DateTimeOffset.UtcNow.ToUnixTimeSeconds();

    private static JsonObject Metadata(IReadOnlyDictionary<string, string> form, string prefix)
    {
        var metadata = new JsonObject();
        foreach (var (key, value) in form)
            if (key.StartsWith(prefix + "[", StringComparison.Ordinal) && key.EndsWith(']')) metadata[key[(prefix.Length + 1)..^1]] = value;
        return metadata;
    }

    private async Task<IReadOnlyDictionary<string, string>> RecordAsync(HttpContext http)
    {
        var form = new Dictionary<string, string>(StringComparer.Ordinal);
        if (http.Request.HasFormContentType)
            foreach (var (key, value) in await http.Request.ReadFormAsync()) form[key] = value.ToString();
        Requests.Enqueue(new StripeRequest(http.Request.Method, http.Request.Path.Value ?? "", http.Request.QueryString.Value ?? "",
            http.Request.Headers.Authorization.ToString(), http.Request.Headers["Idempotency-Key"].ToString(), form));
        return form;
    }

    private static Task WriteAsync(HttpContext http, JsonObject body)
    {
        http.Response.ContentType = "application/json";
        return http.Response.WriteAsync(body.ToJsonString());
    }

    public async ValueTask DisposeAsync()
    {
        if (_app is not null) await _app.DisposeAsync();
    }
}

/// One request the portal made to the fake Stripe.
public sealed record StripeRequest(string Method, string Path, string Query, string Authorization, string IdempotencyKey, IReadOnlyDictionary<string, string> Form);
