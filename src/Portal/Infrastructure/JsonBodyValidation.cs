using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using System.Text.Unicode;

namespace Hidamari.Portal.Infrastructure;

/// <summary>
/// JSON request bodies of the API must be valid UTF-8 (RFC 8259 §8.1). System.Text.Json checks the bytes of the values
/// it decodes but not of the ones it skips (an unknown property, a read-only member), so a body with broken bytes could
/// be accepted or refused depending on where the bytes sit. Checked here once, for every endpoint, before binding: the
/// whole body is read (Kestrel's size limits still apply and answer 413), refused with 400 problem+json when it is not
/// UTF-8, and otherwise handed on from memory.
/// </summary>
public static class JsonBodyValidation
{
    /// Binding of API request bodies: computed members must agree (<see cref="ComputedMembersMustAgree"/>).
    public static IServiceCollection AddStrictJsonBinding(this IServiceCollection services) =>
        services.ConfigureHttpJsonOptions(o => o.SerializerOptions.TypeInfoResolver =
            (o.SerializerOptions.TypeInfoResolver ?? new DefaultJsonTypeInfoResolver()).WithAddedModifier(ComputedMembersMustAgree));

    /// <summary>
    /// A request member computed from the others (<c>ResidentsByAge.Total</c>) has no setter, and System.Text.Json skips
    /// whatever a client sends for it, of any type: <c>"total": [1, 2]</c> bound and stored. With this modifier such a
    /// member still binds nothing, but a value must have the member's type and agree with what the other members give;
    /// otherwise the body is refused like any malformed JSON (400 problem+json naming the path). Clients that echo a
    /// read model back are unaffected, since its computed members agree.
    /// </summary>
    public static void ComputedMembersMustAgree(JsonTypeInfo type)
    {
        ArgumentNullException.ThrowIfNull(type);
        if (type.Kind != JsonTypeInfoKind.Object) return;
        foreach (var property in type.Properties)
        {
            if (property.Set is not null || property.Get is not { } get || property.AssociatedParameter is not null || property.IsExtensionData) continue;
            if (!property.PropertyType.IsValueType && property.PropertyType != typeof(string)) continue;
            var name = property.Name;
            property.Set = (target, value) =>
            {
                if (!Equals(get(target), value)) throw new JsonException($"'{name}' is computed from the other values and does not agree with them.");
            };
        }
    }

    public static IApplicationBuilder UseUtf8JsonBodies(this IApplicationBuilder app) => app.Use(async (http, next) =>
    {
        var request = http.Request;
        if (request.Path.StartsWithSegments("/api") && request.HasJsonContentType() && request.ContentLength is not 0
            && (request.ContentLength is not null || request.Headers.TransferEncoding.Count > 0))
        {
            var buffer = new MemoryStream(request.ContentLength is { } length and <= 1 << 20 ? (int)length : 0);
            await request.Body.CopyToAsync(buffer, http.RequestAborted);
            if (!Utf8.IsValid(buffer.GetBuffer().AsSpan(0, (int)buffer.Length)))
                throw new BadHttpRequestException("The JSON body is not valid UTF-8.", StatusCodes.Status400BadRequest);
            buffer.Position = 0;
            request.Body = buffer;
            http.Response.RegisterForDispose(buffer);
        }
        await next(http);
    });
}
