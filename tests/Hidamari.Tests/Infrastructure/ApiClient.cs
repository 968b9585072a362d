using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace Hidamari.Tests.Infrastructure;

public static class Json
{
    /// The API's own JSON shape: camelCase, enums as strings.
    public static readonly JsonSerializerOptions Options = new(JsonSerializerDefaults.Web) { Converters = { new JsonStringEnumConverter() } };

    public static Task<T?> ReadAsync<T>(this HttpResponseMessage response, CancellationToken ct = default) =>
        response.Content.ReadFromJsonAsync<T>(Options, ct);

    public static Task<HttpResponseMessage> PostJsonAsync<T>(this HttpClient client, string url, T body, CancellationToken ct = default) =>
        client.PostAsJsonAsync(url, body, Options, ct);
}

public sealed record Created(Guid Id);
