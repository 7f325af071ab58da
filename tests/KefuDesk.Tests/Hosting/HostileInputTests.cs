using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Reflection;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using KefuDesk.Features.Conversations.Realtime;
using KefuDesk.Infrastructure.Errors;
using KefuDesk.Tests.Infrastructure;
using Microsoft.AspNetCore.SignalR;
using Microsoft.AspNetCore.SignalR.Client;
using Xunit.Abstractions;

namespace KefuDesk.Tests.Hosting;

/// <summary>
/// Every REST operation in the OpenAPI document and every hub method, fed the corpus of
/// <see cref="HostileInputs"/> by the caller it is meant for. What must hold for each: never a
/// server fault; a refusal is a clear 4xx (a ProblemDetails with a code, or a hub refusal) and leaves
/// the database exactly as it was; text that is accepted comes back as it was sent.
/// </summary>
public abstract class HostileInputTests(AppFixture fx, ITestOutputHelper output)
{
    private static readonly string[] Methods = ["GET", "POST", "PUT", "DELETE", "PATCH"];

    // Signing out would end the session the rest of the run uses.
    private static readonly string[] Skipped = ["POST /api/auth/sign-out"];

    // Properties hub methods read from their JSON payloads (BuyerHub, AgentHub).
    private static readonly string[] HubPayloadProperties =
    [
        "clientMessageId", "body", "conversationId", "attachmentId", "orderId", "productId", "entry",
        "agentId", "groupId", "note", "categoryId", "summary", "tags", "surveyId", "rating", "comment",
    ];

    [Fact]
    public async Task Every_rest_operation_refuses_hostile_input_clearly_and_changes_nothing_when_it_does()
    {
        await using var admin = await fx.SignInAsync(fx.World.Admin);
        using var buyer = await fx.NewBuyerAsync();
        var operations = await OperationsAsync(admin.Http);
        Assert.True(operations.Count > 100, $"only {operations.Count} operations found in the OpenAPI document");
        var faults = new List<string>();
        var before = await DatabaseFingerprint.TakeAsync(fx.App.Services);
        var sent = 0;
        foreach (var operation in operations)
        {
            var http = operation.Path.StartsWith("/api/widget", StringComparison.Ordinal) ? buyer.Http : admin.Http;
            foreach (var (what, request) in Requests(operation))
            {
                using (request)
                {
                    sent++;
                    HttpResponseMessage sentResponse;
                    try
                    {
                        sentResponse = await http.SendAsync(request);
                    }
                    catch (HttpRequestException closed) when (closed.InnerException is IOException)
                    {
                        // Refused before the body was read (a limit, an origin): the server answers and closes
                        // rather than read the rest. A refusal all the same: it must have changed nothing.
                        var unchanged = await DatabaseFingerprint.TakeAsync(fx.App.Services);
                        if (unchanged != before)
                        {
                            faults.Add($"{operation.Method} {operation.Path} with {what}: closed the connection and changed the database");
                        }

                        before = unchanged;
                        continue;
                    }

                    using var response = sentResponse;
                    var status = (int)response.StatusCode;
                    var where = $"{operation.Method} {operation.Path} with {what}: {status}";
                    if (status >= 500)
                    {
                        faults.Add(where + " " + Shorten(await response.Content.ReadAsStringAsync()));
                        before = await DatabaseFingerprint.TakeAsync(fx.App.Services);
                        continue;
                    }

                    if (status is >= 400 and < 500)
                    {
                        if (status == 400 && !await HasCodeAsync(response))
                        {
                            faults.Add(where + " without a ProblemDetails code");
                        }

                        var after = await DatabaseFingerprint.TakeAsync(fx.App.Services);
                        if (after != before)
                        {
                            faults.Add(where + " changed " + DatabaseFingerprint.Changed(before, after));
                        }

                        before = after;
                    }
                    else
                    {
                        before = await DatabaseFingerprint.TakeAsync(fx.App.Services);
                    }
                }
            }
        }

        output.WriteLine($"{operations.Count} operations, {sent} requests");
        Assert.True(faults.Count == 0, string.Join('\n', faults.Take(60)) + (faults.Count > 60 ? $"\n… {faults.Count - 60} more" : ""));
    }

    [Fact]
    public async Task Every_hub_method_refuses_hostile_input_clearly_and_keeps_the_connection()
    {
        using var buyer = await fx.NewBuyerAsync();
        await using var agent = await fx.SignInAsync(fx.World.Agent);
        var faults = new List<string>();
        await using (var hub = buyer.Hub())
        {
            await hub.StartReadyAsync();
            await FeedAsync(hub, typeof(BuyerHub), faults);
        }

        await using (var hub = agent.AgentHub())
        {
            await hub.StartReadyAsync();
            await FeedAsync(hub, typeof(AgentHub), faults);
        }

        Assert.True(faults.Count == 0, string.Join('\n', faults.Take(60)) + (faults.Count > 60 ? $"\n… {faults.Count - 60} more" : ""));
    }

    private async Task FeedAsync(HubConnection hub, Type hubType, List<string> faults)
    {
        var methods = hubType.GetMethods(BindingFlags.Public | BindingFlags.Instance | BindingFlags.DeclaredOnly)
            .Where(m => !m.IsSpecialName && m.Name is not ("OnConnectedAsync" or "OnDisconnectedAsync" or "Dispose"))
            .ToList();
        Assert.NotEmpty(methods);
        var before = await DatabaseFingerprint.TakeAsync(fx.App.Services);
        foreach (var method in methods)
        {
            foreach (var (what, args, sentText) in Calls(method))
            {
                var where = $"{hubType.Name}.{method.Name} with {what}";
                try
                {
                    var result = await hub.InvokeCoreAsync(method.Name, typeof(JsonElement), args);
                    if (sentText is { Length: > 0 } text && !string.IsNullOrWhiteSpace(text) && result is JsonElement { ValueKind: JsonValueKind.Object } stored
                        && stored.TryGetProperty("body", out var body) && body.GetString() != text.Normalize(NormalizationForm.FormC).Trim())
                    {
                        faults.Add($"{where}: stored as «{Shorten(body.GetString() ?? "")}»");
                    }

                    before = await DatabaseFingerprint.SettledAsync(fx.App.Services);
                }
                catch (HubException refused)
                {
                    // Ours carry a refusal; SignalR's own ("Failed to invoke … binding") are clear too. A bare "unexpected error" is a fault.
                    if (HubRefusal.Parse(refused.Message) is null && !refused.Message.StartsWith("Failed to invoke", StringComparison.Ordinal))
                    {
                        faults.Add($"{where}: {Shorten(refused.Message)}");
                    }

                    var after = await DatabaseFingerprint.TakeAsync(fx.App.Services);
                    if (after != before)
                    {
                        faults.Add($"{where}: refused but changed {DatabaseFingerprint.Changed(before, after)}");
                    }

                    before = after;
                }

                if (hub.State != HubConnectionState.Connected)
                {
                    faults.Add($"{where}: the connection dropped");
                    return;
                }
            }
        }
    }

    /// <summary>Argument lists for one hub method: each hostile value in turn where a payload or text goes.</summary>
    private static IEnumerable<(string What, object?[] Args, string? SentText)> Calls(MethodInfo method)
    {
        var parameters = method.GetParameters();
        if (parameters.Length == 0)
        {
            yield return ("no arguments", [], null);
            yield break;
        }

        object? Plain(ParameterInfo p) => Type.GetTypeCode(Nullable.GetUnderlyingType(p.ParameterType) ?? p.ParameterType) switch
        {
            TypeCode.Int64 or TypeCode.Int32 => -1L,
            TypeCode.Boolean => true,
            _ when p.ParameterType == typeof(Guid) || p.ParameterType == typeof(Guid?) => Guid.NewGuid(),
            _ when p.ParameterType == typeof(JsonElement) => JsonSerializer.SerializeToElement(new { }),
            _ => null,
        };

        var plain = parameters.Select(Plain).ToArray();
        yield return ("plain values", plain, null);
        yield return ("nulls", parameters.Select(_ => (object?)null).ToArray(), null);
        yield return ("wrong types", parameters.Select(_ => (object?)"不是这个类型").ToArray(), null);
        yield return ("huge numbers", parameters.Select(p => p.ParameterType == typeof(JsonElement) ? plain[Array.IndexOf(parameters, p)] : long.MaxValue).ToArray(), null);

        var payload = Array.FindIndex(parameters, p => p.ParameterType == typeof(JsonElement));
        if (payload < 0)
        {
            yield break;
        }

        foreach (var text in HostileInputs.RefusedText.Concat(HostileInputs.InertText))
        {
            var args = (object?[])plain.Clone();
            var obj = new JsonObject();
            foreach (var name in HubPayloadProperties)
            {
                obj[name] = name is "conversationId" or "attachmentId" or "orderId" or "productId" or "agentId" or "groupId" or "categoryId" or "surveyId"
                    ? null
                    : name == "clientMessageId" ? Guid.NewGuid().ToString("N")
                    : text.Length > 1000 && name != "body" ? "好" // one long text per call keeps it under the frame limit
                    : name == "tags" ? new JsonArray(text) : text;
            }

            args[payload] = JsonSerializer.SerializeToElement(obj);
            yield return ($"text «{Shorten(text)}»", args, text);
        }

        foreach (var wrong in HostileInputs.WrongTypes)
        {
            var args = (object?[])plain.Clone();
            var obj = new JsonObject();
            foreach (var name in HubPayloadProperties)
            {
                obj[name] = wrong?.DeepClone();
            }

            args[payload] = JsonSerializer.SerializeToElement(obj);
            yield return ($"every property {wrong?.ToJsonString() ?? "null"}", args, null);
        }
    }

    /// <summary>Requests for one operation: malformed bodies, hostile values in every property and query parameter.</summary>
    private static IEnumerable<(string What, HttpRequestMessage Request)> Requests(Operation op)
    {
        var path = op.Path;
        foreach (var name in op.RouteParameters)
        {
            path = path.Replace("{" + name + "}", Guid.NewGuid().ToString(), StringComparison.Ordinal);
        }

        HttpRequestMessage New(string query = "") => new(new HttpMethod(op.Method), path + query);

        yield return ("no input", New());
        foreach (var value in new[] { "abc\u0000def", new string('长', 10_000), "-1", "'; DROP TABLE x; --" })
        {
            if (op.QueryParameters.Count > 0)
            {
                var query = "?" + string.Join('&', op.QueryParameters.Select(q => q + "=" + Uri.EscapeDataString(value)));
                yield return ($"query «{Shorten(value)}»", New(query));
            }
        }

        if (op.Multipart)
        {
            var upload = New();
            var form = new MultipartFormDataContent();
            var file = new ByteArrayContent("%PDF-1.4\n<script>alert(1)</script>"u8.ToArray());
            file.Headers.ContentType = new MediaTypeHeaderValue("text/html");
            // The name travels RFC 5987-encoded (filename*): a raw NUL is not allowed in a header.
            file.Headers.ContentDisposition = new ContentDispositionHeaderValue("form-data") { Name = "\"file\"", FileNameStar = "invoice.pdf\u0000.exe" };
            form.Add(file);
            upload.Content = form;
            yield return ("a hostile upload", upload);
        }

        if (!op.JsonBody)
        {
            yield break;
        }

        HttpRequestMessage WithBody(byte[] body)
        {
            var request = New();
            request.Content = new ByteArrayContent(body);
            request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/json") { CharSet = "utf-8" };
            return request;
        }

        foreach (var (name, body) in HostileInputs.MalformedBodies())
        {
            yield return ($"a {name} body", WithBody(body));
        }

        if (op.BodyProperties.Count == 0)
        {
            yield break;
        }

        foreach (var text in HostileInputs.RefusedText.Concat(HostileInputs.InertText))
        {
            yield return ($"every property «{Shorten(text)}»", WithBody(HostileInputs.ObjectWith(op.BodyProperties, JsonValue.Create(text))));
        }

        foreach (var wrong in HostileInputs.WrongTypes)
        {
            yield return ($"every property {wrong?.ToJsonString() ?? "null"}", WithBody(HostileInputs.ObjectWith(op.BodyProperties, wrong)));
        }

        yield return ("duplicate keys", WithBody(HostileInputs.ObjectWith(op.BodyProperties, JsonValue.Create("二"), duplicateFirst: true)));
    }

    private static async Task<List<Operation>> OperationsAsync(HttpClient http)
    {
        var document = await http.GetFromJsonAsync<JsonElement>("/openapi/v1.json");
        var schemas = document.TryGetProperty("components", out var c) && c.TryGetProperty("schemas", out var s) ? s : default;
        var operations = new List<Operation>();
        foreach (var path in document.GetProperty("paths").EnumerateObject())
        {
            foreach (var entry in path.Value.EnumerateObject().Where(o => Methods.Contains(o.Name.ToUpperInvariant())))
            {
                var method = entry.Name.ToUpperInvariant();
                if (Skipped.Contains($"{method} {path.Name}"))
                {
                    continue;
                }

                var parameters = entry.Value.TryGetProperty("parameters", out var p) ? p.EnumerateArray().ToList() : [];
                var route = parameters.Where(x => x.GetProperty("in").GetString() == "path").Select(x => x.GetProperty("name").GetString()!).ToList();
                var query = parameters.Where(x => x.GetProperty("in").GetString() == "query").Select(x => x.GetProperty("name").GetString()!).ToList();
                var content = entry.Value.TryGetProperty("requestBody", out var rb) && rb.TryGetProperty("content", out var ct) ? ct : default;
                var json = content.ValueKind == JsonValueKind.Object && content.TryGetProperty("application/json", out var j) ? j : default;
                var multipart = content.ValueKind == JsonValueKind.Object && content.TryGetProperty("multipart/form-data", out _);
                var properties = json.ValueKind == JsonValueKind.Object && json.TryGetProperty("schema", out var schema)
                    ? PropertiesOf(schema, schemas)
                    : [];
                operations.Add(new Operation(method, path.Name, route, query, json.ValueKind == JsonValueKind.Object, multipart, properties));
            }
        }

        return operations;
    }

    private static List<string> PropertiesOf(JsonElement schema, JsonElement schemas)
    {
        if (schema.TryGetProperty("$ref", out var reference) && schemas.ValueKind == JsonValueKind.Object
            && schemas.TryGetProperty(reference.GetString()!.Split('/')[^1], out var target))
        {
            schema = target;
        }

        return schema.TryGetProperty("properties", out var properties) ? properties.EnumerateObject().Select(x => x.Name).ToList() : [];
    }

    private static async Task<bool> HasCodeAsync(HttpResponseMessage response)
    {
        try
        {
            var problem = await response.Content.ReadFromJsonAsync<JsonElement>();
            return problem.ValueKind == JsonValueKind.Object && problem.TryGetProperty("code", out _);
        }
        catch (JsonException)
        {
            return false;
        }
    }

    /// <summary>Short, and with control characters written out, so a failure message stays readable text.</summary>
    private static string Shorten(string text)
    {
        var shown = string.Concat((text.Length <= 60 ? text : text[..60] + "…")
            .Select(c => char.IsControl(c) || char.IsSurrogate(c) ? $"\\u{(int)c:x4}" : c.ToString()));
        return shown;
    }

    private sealed record Operation(string Method, string Path, IReadOnlyList<string> RouteParameters, IReadOnlyList<string> QueryParameters,
        bool JsonBody, bool Multipart, IReadOnlyList<string> BodyProperties);
}

public sealed class HostileInputTests_Sqlite(HostileInputApp_Sqlite fx, ITestOutputHelper output)
    : HostileInputTests(fx, output), IClassFixture<HostileInputApp_Sqlite>;

public sealed class HostileInputTests_Postgres(HostileInputApp_Postgres fx, ITestOutputHelper output)
    : HostileInputTests(fx, output), IClassFixture<HostileInputApp_Postgres>;

/// <summary>A node whose buyer flood limit does not cut the corpus short (the limit has tests of its own).</summary>
public sealed class HostileInputApp_Sqlite() : AppFixture(KefuDesk.Infrastructure.Data.DatabaseProvider.Sqlite, settings: HostileInputSettings.Values);

public sealed class HostileInputApp_Postgres() : AppFixture(KefuDesk.Infrastructure.Data.DatabaseProvider.Postgres, settings: HostileInputSettings.Values);

public static class HostileInputSettings
{
    public static readonly IReadOnlyDictionary<string, string?> Values = new Dictionary<string, string?>
    {
        ["KefuDesk:BuyerMessageBurst"] = "100000",
    };
}
