using System.Globalization;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Hidamari.Tests.Reliability.Fuzzing;

/// One endpoint as the OpenAPI document describes it.
/// <param name="Documented">false for an endpoint the routing table has but the OpenAPI document does not describe: its
/// body is unknown, so it gets hostile route values and random bodies, none of them counted as surely invalid.</param>
public sealed record FuzzOperation(string Method, string PathTemplate, IReadOnlyList<FuzzParameter> Parameters, JsonNode? JsonBody, JsonNode? FormBody, bool Documented = true)
{
    public bool IsRead => Method is "GET" or "HEAD";

    public override string ToString() => $"{Method} {PathTemplate}";
}

public sealed record FuzzParameter(string Name, string In, JsonNode Schema, bool Required);

/// <summary>A request to send. <see cref="SurelyInvalid"/> cases break the request's syntax or types (nothing may be
/// stored, no 2xx allowed); the others are random or boundary values that may or may not be valid.</summary>
public sealed record FuzzCase(FuzzOperation Operation, string Kind, bool SurelyInvalid, Func<HttpRequestMessage> Build);

/// <summary>
/// Turns the portal's OpenAPI document into hostile requests, endpoint by endpoint, so that an endpoint added by any
/// feature is fuzzed without a line here: random and boundary JSON from its schema, wrong types, huge strings, deep
/// nesting, invalid UTF-8, dates outside the era tables, extreme numbers, oversized bodies, malformed route values.
/// </summary>
public sealed class OpenApiFuzzer(JsonObject document, Random random, IReadOnlyDictionary<string, Guid> knownIds)
{
    /// Larger than Kestrel's default request body limit (30,000,000 bytes).
    public const int OversizedBytes = 31_000_000;

    private JsonObject Schemas => document["components"]?["schemas"]?.AsObject() ?? [];

    public IReadOnlyList<FuzzOperation> Operations(string prefix)
    {
        var list = new List<FuzzOperation>();
        foreach (var (path, item) in document["paths"]!.AsObject())
        {
            if (!path.StartsWith(prefix, StringComparison.Ordinal)) continue;
            foreach (var (method, op) in item!.AsObject())
            {
                var parameters = (op!["parameters"]?.AsArray() ?? [])
                    .Select(p => new FuzzParameter(p!["name"]!.GetValue<string>(), p["in"]!.GetValue<string>(), p["schema"] ?? new JsonObject(), p["required"]?.GetValue<bool>() ?? false))
                    .ToList();
                var content = op["requestBody"]?["content"];
                list.Add(new FuzzOperation(method.ToUpperInvariant(), path, parameters,
                    content?["application/json"]?["schema"], content?["multipart/form-data"]?["schema"]));
            }
        }
        return list;
    }

    /// <summary>
    /// An endpoint of the routing table that the OpenAPI document lacks: route parameters from its pattern (a
    /// <c>guid</c> or <c>int</c> constraint gives the type), no known body.
    /// </summary>
    public static FuzzOperation Undocumented(string method, string pathTemplate, IEnumerable<(string Name, string? Constraint)> routeParameters) =>
        new(method, pathTemplate,
            [.. routeParameters.Select(p => new FuzzParameter(p.Name, "path", p.Constraint switch
            {
                "guid" => new JsonObject { ["type"] = "string", ["format"] = "uuid" },
                "int" or "long" => new JsonObject { ["type"] = "integer" },
                _ => new JsonObject { ["type"] = "string" },
            }, true))],
            null, null, Documented: false);

    // ---------------------------------------------------------------- cases

    public FuzzCase Next(FuzzOperation op, string tenant)
    {
        var roll = random.Next(100);
        if (!op.Documented)
        {
            var body = Valid(new JsonObject { ["type"] = "object", ["properties"] = new JsonObject { ["name"] = new JsonObject { ["type"] = "string" }, ["count"] = new JsonObject { ["type"] = "integer" } } }, "", 0)!.ToJsonString();
            return RouteOrQueryCase(op, tenant, op.IsRead || roll < 30 ? null : () => new StringContent(body, Encoding.UTF8, "application/json"));
        }
        if (op.JsonBody is not null)
        {
            return roll switch
            {
                < 14 => JsonCase(op, tenant, "random", MutateFields(Valid(op.JsonBody, "", 0), op.JsonBody, maybe: true)),
                < 50 => JsonCase(op, tenant, "wrong-type", MutateFields(Valid(op.JsonBody, "", 0), op.JsonBody, maybe: false)),
                < 82 => RawJsonCase(op, tenant),
                < 95 => RouteOrQueryCase(op, tenant, BodyFor(op)),
                _ => JsonCase(op, tenant, "valid-shaped", (Valid(op.JsonBody, "", 0), false)),
            };
        }
        if (op.FormBody is not null)
            return roll < 85 ? FormCase(op, tenant) : RouteOrQueryCase(op, tenant, () => Form(ValidFile(), "contract.pdf", "契約書", null));
        return RouteOrQueryCase(op, tenant, null);
    }

    /// The one oversized request per endpoint with a body.
    public FuzzCase Oversized(FuzzOperation op, string tenant)
    {
        // Expect: 100-continue, as careful clients send large bodies: the server refuses (413) before the body travels.
        if (op.FormBody is not null)
            return new FuzzCase(op, "oversized-upload", true, () => ExpectContinue(Request(op, tenant, ValidRoute(op), "",
                Form([.. "%PDF-"u8, .. new byte[OversizedBytes]], "big.pdf", null, null))));
        var route = ValidRoute(op);
        var query = ValidQuery(op);
        return new FuzzCase(op, "oversized-json", true, () => ExpectContinue(Request(op, tenant, route, query,
            new StringContent(new StringBuilder(OversizedBytes + 100).Append("{\"name\":\"").Append('a', OversizedBytes).Append("\"}").ToString(),
                Encoding.UTF8, "application/json"))));
    }

    private static HttpRequestMessage ExpectContinue(HttpRequestMessage request)
    {
        request.Headers.ExpectContinue = true;
        return request;
    }

    private Func<HttpContent> BodyFor(FuzzOperation op)
    {
        var json = Valid(op.JsonBody!, "", 0)?.ToJsonString() ?? "null";
        return () => new StringContent(json, Encoding.UTF8, "application/json");
    }

    private FuzzCase JsonCase(FuzzOperation op, string tenant, string kind, (JsonNode? Body, bool SurelyInvalid) body)
    {
        var json = body.Body?.ToJsonString() ?? "null";
        var route = ValidRoute(op);
        var query = ValidQuery(op);
        return new FuzzCase(op, kind, body.SurelyInvalid, () => Request(op, tenant, route, query, new StringContent(json, Encoding.UTF8, "application/json")));
    }

    private FuzzCase RawJsonCase(FuzzOperation op, string tenant)
    {
        var valid = Encoding.UTF8.GetBytes(Valid(op.JsonBody!, "", 0)?.ToJsonString() ?? "{}");
        var route = ValidRoute(op);
        var query = ValidQuery(op);
        var (kind, bytes, contentType) = random.Next(12) switch
        {
            0 => ("truncated", valid[..random.Next(1, Math.Max(2, valid.Length - 1))], "application/json"),
            1 => ("invalid-utf8", InvalidUtf8(valid), "application/json"),
            2 => ("deep-nesting", DeepNesting(random.Next(65, 20_000)), "application/json"),
            3 => ("deep-object", DeepObject(random.Next(65, 5_000)), "application/json"),
            4 => ("wrong-content-type", valid, random.Next(2) == 0 ? "text/plain" : "application/xml"),
            5 => ("empty-body", [], "application/json"),
            6 => ("top-level-scalar", Encoding.UTF8.GetBytes(Pick("[]", "\"x\"", "42", "true", "[{}]", "1e999")), "application/json"),
            7 => ("trailing-garbage", [.. valid, .. "}}{,"u8], "application/json"),
            8 => ("comment", [.. "/* x */"u8, .. valid], "application/json"),
            9 => ("bom-and-nul", [0xEF, 0xBB, 0xBF, 0x00, .. valid], "application/json"),
            10 => ("unterminated-string", [.. "{\"name\":\"abc"u8], "application/json"),
            _ => ("random-bytes", RandomBytes(random.Next(1, 2_000)), "application/json"),
        };
        return new FuzzCase(op, "json-" + kind, true, () =>
        {
            var content = new ByteArrayContent(bytes);
            content.Headers.ContentType = MediaTypeHeaderValue.Parse(contentType);
            return Request(op, tenant, route, query, content);
        });
    }

    private FuzzCase RouteOrQueryCase(FuzzOperation op, string tenant, Func<HttpContent>? body)
    {
        var route = ValidRoute(op);
        var query = ValidQuery(op);
        var invalid = false;
        var kind = "params";
        var routeParams = op.Parameters.Where(p => p.In == "path").ToList();
        var queryParams = op.Parameters.Where(p => p.In == "query").ToList();
        if (routeParams.Count > 0 && (queryParams.Count == 0 || random.Next(2) == 0))
        {
            var p = routeParams[random.Next(routeParams.Count)];
            var (value, surely) = HostileRouteValue(p);
            route[p.Name] = value;
            invalid = surely;
            kind = "route-" + (surely ? "malformed" : "boundary");
        }
        else if (queryParams.Count > 0)
        {
            var parts = new List<string>();
            foreach (var p in queryParams)
            {
                if (random.Next(3) == 0) { if (!p.Required) continue; }
                var (value, surely) = HostileQueryValue(p);
                invalid |= surely;
                parts.Add(Uri.EscapeDataString(p.Name) + "=" + value);
            }
            query = parts.Count == 0 ? "" : "?" + string.Join("&", parts);
            kind = "query-" + (invalid ? "malformed" : "boundary");
        }
        else
        {
            kind = "plain";
        }
        return new FuzzCase(op, kind, invalid, () => Request(op, tenant, route, query, body?.Invoke()));
    }

    private FuzzCase FormCase(FuzzOperation op, string tenant)
    {
        var route = ValidRoute(op);
        var n = random.Next(12);
        if (n == 3 && random.Next(4) != 0) n = 1; // 10 MB uploads are costly: a few are enough
        (string Kind, bool Invalid, Func<HttpContent> Content) c = n switch
        {
            0 => ("form-valid-pdf", false, () => Form(ValidFile(), Pick("契約書.pdf", "../../../etc/passwd.pdf", "a.exe", new string('長', 5_000) + ".pdf", "con.pdf"), RandomText(0, 300), null)),
            1 => ("form-garbage-file", true, () => Form([0x00, .. RandomBytes(random.Next(0, 5_000))], "contract.pdf", null, null)),
            2 => ("form-empty-file", true, () => Form([], "contract.pdf", null, null)),
            3 => ("form-just-over-10mb", true, () => Form([.. "%PDF-"u8, .. new byte[10 * 1024 * 1024]], "big.pdf", null, null)),
            4 => ("form-no-file", true, () => new MultipartFormDataContent { { new StringContent("x"), "description" } }),
            5 => ("form-file-under-another-name", true, () => new MultipartFormDataContent { { new ByteArrayContent(ValidFile()), "document", "a.pdf" } }),
            6 => ("form-expected-version-not-a-number", true, () => Form(ValidFile(), "a.pdf", null, Pick("abc", "1e5", "9223372036854775808", "-", "0x10"))),
            7 => ("form-expected-version-boundary", false, () => Form(ValidFile(), "a.pdf", null, Pick("-1", "0", "9223372036854775807", "-9223372036854775808", "999999"))),
            8 => ("form-broken-multipart", true, () => BrokenMultipart()),
            9 => ("form-as-json", true, () => new StringContent("{\"file\":\"JVBERi0=\"}", Encoding.UTF8, "application/json")),
            10 => ("form-huge-description", false, () => Form(ValidFile(), "a.pdf", new string('説', random.Next(201, 200_000)), null)),
            _ => ("form-urlencoded", true, () => new FormUrlEncodedContent(new Dictionary<string, string> { ["file"] = "x", ["description"] = "y" })),
        };
        return new FuzzCase(op, c.Kind, c.Invalid, () => Request(op, tenant, route, "", c.Content()));
    }

    private HttpRequestMessage Request(FuzzOperation op, string tenant, Dictionary<string, string> route, string query, HttpContent? content)
    {
        var path = op.PathTemplate.Replace("{tenant}", tenant, StringComparison.Ordinal);
        foreach (var (name, value) in route) path = path.Replace("{" + name + "}", value, StringComparison.Ordinal);
        return new HttpRequestMessage(new HttpMethod(op.Method), path + query) { Content = content };
    }

    // ---------------------------------------------------------------- parameters

    private Dictionary<string, string> ValidRoute(FuzzOperation op) =>
        op.Parameters.Where(p => p.In == "path").ToDictionary(p => p.Name, p => Uri.EscapeDataString(ScalarText(p.Schema, p.Name)));

    private string ValidQuery(FuzzOperation op)
    {
        var parts = op.Parameters.Where(p => p.In == "query" && (p.Required || random.Next(2) == 0 || IsNonNullableInt(p)))
            .Select(p => Uri.EscapeDataString(p.Name) + "=" + Uri.EscapeDataString(ScalarText(p.Schema, p.Name)));
        var joined = string.Join("&", parts);
        return joined.Length == 0 ? "" : "?" + joined;
    }

    /// A non-nullable int query parameter is required by minimal APIs even when the document does not say so.
    private static bool IsNonNullableInt(FuzzParameter p) => Types(p.Schema).Contains("integer") && !Types(p.Schema).Contains("null");

    private string ScalarText(JsonNode schema, string name) => Valid(schema, name, 0) switch
    {
        null => "",
        JsonValue v when v.TryGetValue<string>(out var s) => s,
        var v => v.ToJsonString(),
    };

    private (string Value, bool Surely) HostileRouteValue(FuzzParameter p)
    {
        var format = Resolve(p.Schema)["format"]?.GetValue<string>();
        if (format == "uuid")
        {
            return random.Next(10) switch
            {
                < 2 => (Guid.NewGuid().ToString(), false),
                2 => (Guid.Empty.ToString(), false),
                // Not "..": a dot segment is path navigation (the client and server resolve it), not a route value.
                _ => (Uri.EscapeDataString(Pick("not-a-guid", "12345", "00000000-0000-0000-0000-00000000000g", "' OR 1=1 --", new string('f', 2_000),
                    "あいう", "-1", "{00000000-0000-0000-0000-000000000000}x", "%", "null", "<script>")), true),
            };
        }
        return (Uri.EscapeDataString(Pick("x", "' OR 1=1 --", new string('a', 3_000), "あいう", "..", "-1", "null", "\u202e", "😀", "%2F", " ")), false);
    }

    private (string Value, bool Surely) HostileQueryValue(FuzzParameter p)
    {
        var types = Types(p.Schema);
        var format = Resolve(p.Schema)["format"]?.GetValue<string>();
        if (types.Contains("integer"))
        {
            return random.Next(3) == 0
                ? (Pick("-1", "0", "1", "2147483647", "-2147483648", "2019", "1868", "9999", "10000", "365000"), false)
                : (Uri.EscapeDataString(Pick("abc", "2147483648", "-2147483649", "1e5", "0x10", "1.5", "９", "NaN", "", "   ")), true);
        }
        if (format == "date")
        {
            return random.Next(2) == 0
                ? (Pick(OutsideEras), false)
                : (Uri.EscapeDataString(Pick("2021-13-01", "2021-02-30", "abc", "令和3年4月1日", "20210401", "-0001-01-01", "10000-01-01")), true);
        }
        return (Uri.EscapeDataString(Pick("x", new string('a', 3_000), "あいう", "' OR 1=1 --", "😀")), false);
    }

    // ---------------------------------------------------------------- JSON values

    /// Dates at and beyond the edges of the era tables (明治 1868 … 令和), and far outside plausible records.
    private static readonly string[] OutsideEras =
    [
        "0001-01-01", "9999-12-31", "1868-01-24", "1868-10-23", "1912-07-29", "1912-07-30", "1926-12-24", "1926-12-25",
        "1989-01-07", "1989-01-08", "2019-04-30", "2019-05-01", "1600-01-01", "2100-03-31", "2200-04-01", "1900-02-28",
    ];

    public JsonNode? Valid(JsonNode schemaNode, string name, int depth)
    {
        // A parameter the document describes without a schema (or with one this fuzzer cannot resolve): plain text.
        if (schemaNode is null || Resolve(schemaNode) is not JsonObject) return JsonValue.Create(name);
        var schema = Resolve(schemaNode);
        // A nullable enum lists null among its values (OpenAPI 3.1).
        if (schema["enum"] is JsonArray values && values.Count > 0)
        {
            var options = values.Where(v => v is not null).ToList();
            return options.Count == 0 ? null : options[random.Next(options.Count)]!.DeepClone();
        }
        var types = Types(schema);
        var format = schema["format"]?.GetValue<string>();
        if (types.Contains("object") || schema["properties"] is not null)
        {
            var result = new JsonObject();
            if (depth > 6) return result;
            foreach (var (prop, propSchema) in Properties(schema)) result[prop] = Valid(propSchema, prop, depth + 1);
            return result;
        }
        if (types.Contains("array"))
        {
            var array = new JsonArray();
            for (var i = random.Next(0, 3); i > 0 && depth <= 6; i--) array.Add(Valid(schema["items"] ?? new JsonObject(), name, depth + 1));
            return array;
        }
        if (types.Contains("integer"))
            return format == "int64" ? JsonValue.Create((long)random.Next(0, 300_000)) : JsonValue.Create(random.Next(0, 8));
        if (types.Contains("number")) return JsonValue.Create(Math.Round(random.NextDouble() * 200, 2));
        if (types.Contains("boolean")) return JsonValue.Create(random.Next(2) == 0);
        return format switch
        {
            "uuid" => JsonValue.Create(IdFor(name).ToString()),
            "date" => JsonValue.Create(new DateOnly(2019, 4, 1).AddDays(random.Next(0, 4_000)).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)),
            "date-time" => JsonValue.Create(DateTimeOffset.UtcNow.AddDays(-random.Next(0, 1_000)).ToString("O", CultureInfo.InvariantCulture)),
            _ when name.Contains("email", StringComparison.OrdinalIgnoreCase) => JsonValue.Create($"fuzz{random.Next(1_000_000)}@example.test"),
            _ when name.Equals("roles", StringComparison.OrdinalIgnoreCase) || name.Equals("role", StringComparison.OrdinalIgnoreCase)
                => JsonValue.Create(Pick("manager", "finance", "staff-viewer", "reviewer", "approver", "operator", "root")),
            _ => JsonValue.Create(RandomText(1, 30)),
        };
    }

    private Guid IdFor(string name)
    {
        foreach (var (key, id) in knownIds)
            if (name.Contains(key, StringComparison.OrdinalIgnoreCase) && random.Next(4) != 0) return id;
        return random.Next(3) == 0 ? Guid.Empty : Guid.NewGuid();
    }

    /// Replaces one to three fields (at any depth) with hostile values. With <paramref name="maybe"/> the values are
    /// boundary values that may still be valid; otherwise they have the wrong type, so the body is surely refused.
    private (JsonNode? Body, bool SurelyInvalid) MutateFields(JsonNode? body, JsonNode schema, bool maybe)
    {
        if (body is not JsonObject root) return (maybe ? body : JsonValue.Create("not an object"), !maybe);
        var slots = new List<(JsonObject Parent, string Name, JsonNode Schema)>();
        Collect(root, schema, slots, 0);
        if (slots.Count == 0) return (maybe ? root : new JsonArray(), !maybe);
        for (var i = random.Next(1, 4); i > 0; i--)
        {
            var (parent, name, propSchema) = slots[random.Next(slots.Count)];
            if (maybe)
            {
                if (random.Next(8) == 0) parent.Remove(name);
                else parent[name] = Boundary(propSchema, name);
            }
            else
            {
                parent[name] = WrongType(propSchema);
            }
        }
        if (maybe && random.Next(6) == 0) root["unexpected" + random.Next(100)] = Boundary(new JsonObject(), "x");
        return (root, !maybe);
    }

    private void Collect(JsonObject node, JsonNode schemaNode, List<(JsonObject, string, JsonNode)> slots, int depth)
    {
        foreach (var (prop, propSchema) in Properties(Resolve(schemaNode)))
        {
            slots.Add((node, prop, propSchema));
            if (depth < 4 && node[prop] is JsonObject child) Collect(child, propSchema, slots, depth + 1);
        }
    }

    private JsonNode? Boundary(JsonNode schemaNode, string name)
    {
        var schema = Resolve(schemaNode);
        var types = Types(schema);
        var format = schema["format"]?.GetValue<string>();
        if (random.Next(12) == 0) return null;
        if (schema["enum"] is not null) return random.Next(2) == 0 ? JsonValue.Create(99) : JsonValue.Create(-1);
        if (types.Contains("integer") || types.Contains("number"))
        {
            return random.Next(14) switch
            {
                0 => JsonValue.Create(-1),
                1 => JsonValue.Create(0),
                2 => JsonValue.Create(int.MaxValue),
                3 => JsonValue.Create(int.MinValue),
                4 => JsonValue.Create(long.MaxValue),
                5 => JsonValue.Create(long.MinValue),
                6 => JsonNode.Parse("9223372036854775808"),
                7 => JsonNode.Parse("1e308"),
                8 => JsonNode.Parse("-1e308"),
                9 => JsonValue.Create(1.5),
                10 => JsonValue.Create("12"),
                11 => JsonNode.Parse("-0"),
                12 => JsonValue.Create(2_147_483_648L),
                _ => JsonValue.Create(random.Next(-1_000, 1_000_000)),
            };
        }
        if (format == "date") return JsonValue.Create(Pick(OutsideEras));
        if (format == "uuid") return JsonValue.Create(Pick(Guid.Empty.ToString(), Guid.NewGuid().ToString(), IdFor(name).ToString()));
        if (types.Contains("boolean")) return JsonValue.Create(random.Next(2) == 0);
        if (types.Contains("array")) return new JsonArray(Enumerable.Range(0, random.Next(0, 200)).Select(_ => (JsonNode?)JsonValue.Create(RandomText(0, 20))).ToArray());
        return JsonValue.Create(random.Next(10) switch
        {
            0 => "",
            1 => "   ",
            2 => new string('あ', random.Next(101, 100_000)),
            3 => new string('a', random.Next(1_000, 1_000_000)),
            4 => "\u0000\u0001\u001f",
            5 => "\ud800",
            6 => "<script>alert(1)</script>",
            7 => "'; drop table hidamari.mt_events; --",
            8 => "\u202e😀\u200d👨‍👩‍👧",
            _ => RandomText(0, 500),
        });
    }

    private JsonNode? WrongType(JsonNode schemaNode)
    {
        var schema = Resolve(schemaNode);
        var types = Types(schema);
        var format = schema["format"]?.GetValue<string>();
        if (types.Contains("integer") || types.Contains("number"))
            return random.Next(4) switch { 0 => JsonValue.Create("abc"), 1 => new JsonObject(), 2 => new JsonArray(1, 2), _ => JsonValue.Create(true) };
        if (schema["enum"] is not null)
            return random.Next(3) switch { 0 => JsonValue.Create("NoSuchKind"), 1 => new JsonObject(), _ => JsonValue.Create(true) };
        if (types.Contains("object") || schema["properties"] is not null)
            return random.Next(3) switch { 0 => JsonValue.Create("text"), 1 => JsonValue.Create(42), _ => new JsonArray() };
        if (types.Contains("array")) return random.Next(2) == 0 ? JsonValue.Create("text") : new JsonObject();
        if (types.Contains("boolean")) return JsonValue.Create("maybe");
        if (format == "date")
            return random.Next(4) switch { 0 => JsonValue.Create("2021-02-30"), 1 => JsonValue.Create(20210401), 2 => JsonValue.Create("令和3年4月1日"), _ => new JsonObject() };
        if (format == "uuid")
            return random.Next(3) switch { 0 => JsonValue.Create("not-a-guid"), 1 => JsonValue.Create(12), _ => new JsonArray() };
        return random.Next(4) switch { 0 => JsonValue.Create(12345), 1 => JsonValue.Create(true), 2 => new JsonObject { ["a"] = 1 }, _ => new JsonArray("x") };
    }

    // ---------------------------------------------------------------- schema helpers

    private JsonNode Resolve(JsonNode schema, int depth = 0)
    {
        if (depth > 20) return new JsonObject();
        if (schema["$ref"]?.GetValue<string>() is { } reference)
            return Resolve(Schemas[reference.Split('/')[^1]] ?? new JsonObject(), depth + 1);
        if (schema["allOf"] is JsonArray all)
        {
            var merged = new JsonObject { ["type"] = "object" };
            var properties = new JsonObject();
            foreach (var part in all)
                foreach (var (name, value) in Properties(Resolve(part!, depth + 1)))
                    properties[name] = value.DeepClone();
            merged["properties"] = properties;
            return merged;
        }
        return schema;
    }

    private IEnumerable<(string Name, JsonNode Schema)> Properties(JsonNode schema) =>
        (schema["properties"] as JsonObject ?? []).Select(p => (p.Key, p.Value ?? new JsonObject()));

    private static string[] Types(JsonNode schema) => schema["type"] switch
    {
        JsonArray array => [.. array.Select(t => t!.GetValue<string>())],
        JsonValue value => [value.GetValue<string>()],
        _ => [],
    };

    // ---------------------------------------------------------------- raw bytes

    private byte[] InvalidUtf8(byte[] json)
    {
        byte[][] bad = [[0xC3, 0x28], [0xFF, 0xFE], [0xED, 0xA0, 0x80], [0xC0, 0xAF], [0xF8, 0x88, 0x80, 0x80, 0x80], [0x80]];
        var insert = bad[random.Next(bad.Length)];
        var quote = Array.IndexOf(json, (byte)'"', Math.Min(json.Length - 1, random.Next(json.Length)));
        var at = quote < 0 ? json.Length / 2 : quote + 1;
        return [.. json[..at], .. insert, .. json[at..]];
    }

    private static byte[] DeepNesting(int depth) => Encoding.ASCII.GetBytes("{\"name\":" + new string('[', depth) + new string(']', depth) + "}");

    private static byte[] DeepObject(int depth)
    {
        var builder = new StringBuilder();
        for (var i = 0; i < depth; i++) builder.Append("{\"a\":");
        builder.Append('1').Append('}', depth);
        return Encoding.ASCII.GetBytes(builder.ToString());
    }

    private byte[] RandomBytes(int length)
    {
        var bytes = new byte[length];
        random.NextBytes(bytes);
        return bytes;
    }

    private byte[] ValidFile() => random.Next(3) switch
    {
        0 => [.. "%PDF-1.4\n"u8, .. RandomBytes(random.Next(0, 4_000))],
        1 => [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, .. RandomBytes(random.Next(0, 4_000))],
        _ => [0xFF, 0xD8, 0xFF, .. RandomBytes(random.Next(0, 4_000))],
    };

    private static MultipartFormDataContent Form(byte[] file, string fileName, string? description, string? expectedVersion)
    {
        var content = new MultipartFormDataContent();
        var part = new ByteArrayContent(file);
        part.Headers.ContentType = new MediaTypeHeaderValue("application/pdf");
        content.Add(part, "file", fileName);
        if (description is not null) content.Add(new StringContent(description), "description");
        if (expectedVersion is not null) content.Add(new StringContent(expectedVersion), "expectedVersion");
        return content;
    }

    private HttpContent BrokenMultipart()
    {
        var text = random.Next(3) switch
        {
            0 => "--b\r\nContent-Disposition: form-data; name=\"file\"; filename=\"a.pdf\"\r\n\r\n%PDF-1.4 never ends",
            1 => "no boundary at all",
            _ => "--b\r\nContent-Disposition: form-data\r\n\r\nx\r\n--b--\r\n",
        };
        var content = new ByteArrayContent(Encoding.ASCII.GetBytes(text));
        content.Headers.ContentType = MediaTypeHeaderValue.Parse(random.Next(2) == 0 ? "multipart/form-data; boundary=b" : "multipart/form-data");
        return content;
    }

    // ---------------------------------------------------------------- text

    private static readonly string[] Words = ["ひだまり", "学園", "ホーム", "世田谷", "東京都", "上馬", "契約", "テスト", "Room", "A-1", "１２３", "髙橋", "𠮷野家", "ｶﾀｶﾅ"];

    private string RandomText(int min, int max)
    {
        var builder = new StringBuilder();
        var length = random.Next(min, max + 1);
        while (builder.Length < length) builder.Append(Words[random.Next(Words.Length)]);
        return builder.ToString()[..Math.Min(builder.Length, Math.Max(length, 0))];
    }

    private string Pick(params string[] options) => options[random.Next(options.Length)];
}
