using System.Net.Http.Json;
using System.Text.Json;
using KefuDesk.Tests.Infrastructure;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.AspNetCore.Routing.Patterns;
using Microsoft.Extensions.DependencyInjection;

namespace KefuDesk.Tests.Hosting;

/// <summary>
/// The OpenAPI document is the API's contract for shops' developers and bridge authors: every REST
/// endpoint the app really maps under /api is in it, with its method, a name and a tag. The routes
/// come from the running app's own endpoint table, so a new endpoint cannot slip past.
/// </summary>
public abstract class OpenApiTests(AppFixture fx)
{
    private static readonly string[] Methods = ["GET", "POST", "PUT", "DELETE", "PATCH"];

    [Fact]
    public async Task Every_api_endpoint_the_app_maps_is_in_the_openapi_document_with_its_method()
    {
        var mapped = MappedApiOperations();
        var documented = (await DocumentedOperationsAsync()).Select(o => o.Operation).ToHashSet();

        // The channels' webhooks are called by outside parties: their authors need them documented most.
        Assert.Contains(("POST", "/api/channels/im/{channelId}/messages"), mapped);
        Assert.Contains(("GET", "/api/channels/wechat/{channelId}"), mapped);
        Assert.Contains(("POST", "/api/channels/wechat/{channelId}"), mapped);
        var missing = mapped.Except(documented).Order().ToList();
        Assert.True(missing.Count == 0,
            "Mapped but not in /openapi/v1.json (give the endpoint .WithName/.WithTags, and do not ExcludeFromDescription an /api route): "
            + string.Join(", ", missing.Select(m => $"{m.Method} {m.Path}")));
        var unmapped = documented.Except(mapped).Order().ToList();
        Assert.True(unmapped.Count == 0, "In the document but not mapped: " + string.Join(", ", unmapped.Select(m => $"{m.Method} {m.Path}")));
    }

    [Fact]
    public async Task Every_documented_operation_has_a_name_and_a_tag()
    {
        var unnamed = (await DocumentedOperationsAsync())
            .Where(o => string.IsNullOrWhiteSpace(o.OperationId) || o.Tags.Count == 0)
            .Select(o => $"{o.Operation.Method} {o.Operation.Path}")
            .ToList();

        Assert.True(unnamed.Count == 0, "Operations without operationId (WithName) or tag (WithTags): " + string.Join(", ", unnamed));
    }

    /// <summary>(method, path) of every endpoint under /api, paths written as the document writes them: /api/x/{id}.</summary>
    private HashSet<(string Method, string Path)> MappedApiOperations()
    {
        var endpoints = fx.App.Services.GetRequiredService<EndpointDataSource>().Endpoints.OfType<RouteEndpoint>();
        var operations = new HashSet<(string, string)>();
        foreach (var endpoint in endpoints)
        {
            var path = DocumentPath(endpoint.RoutePattern);
            if (!path.StartsWith("/api/", StringComparison.Ordinal))
            {
                continue;
            }

            var methods = endpoint.Metadata.GetMetadata<IHttpMethodMetadata>()?.HttpMethods ?? [];
            Assert.True(methods.Count > 0, $"{path} accepts any method: map it with MapGet/MapPost/…");
            foreach (var method in methods.Where(m => m != HttpMethods.Head && m != HttpMethods.Options))
            {
                operations.Add((method, path));
            }
        }

        return operations;
    }

    /// <summary>The route without constraints, defaults or optional marks: "/api/conversations/{id:guid}" is "/api/conversations/{id}".</summary>
    private static string DocumentPath(RoutePattern pattern) =>
        "/" + string.Join('/', pattern.PathSegments.Select(segment => string.Concat(segment.Parts.Select(part => part switch
        {
            RoutePatternLiteralPart literal => literal.Content,
            RoutePatternParameterPart parameter => "{" + parameter.Name + "}",
            RoutePatternSeparatorPart separator => separator.Content,
            _ => throw new InvalidOperationException($"Unexpected route part in {pattern.RawText}"),
        }))));

    private async Task<List<DocumentedOperation>> DocumentedOperationsAsync()
    {
        var (http, _) = Clients.Http(fx.App);
        var document = await http.GetFromJsonAsync<JsonElement>("/openapi/v1.json");
        var operations = new List<DocumentedOperation>();
        foreach (var path in document.GetProperty("paths").EnumerateObject())
        {
            foreach (var operation in path.Value.EnumerateObject().Where(o => Methods.Contains(o.Name.ToUpperInvariant())))
            {
                var tags = operation.Value.TryGetProperty("tags", out var t) ? t.EnumerateArray().Select(x => x.GetString() ?? "").ToList() : [];
                var id = operation.Value.TryGetProperty("operationId", out var o) ? o.GetString() : null;
                operations.Add(new DocumentedOperation((operation.Name.ToUpperInvariant(), path.Name), id, tags));
            }
        }

        return operations;
    }

    private sealed record DocumentedOperation((string Method, string Path) Operation, string? OperationId, IReadOnlyList<string> Tags);
}

public sealed class OpenApiTests_Sqlite(SqliteApp fx) : OpenApiTests(fx), IClassFixture<SqliteApp>;

public sealed class OpenApiTests_Postgres(PostgresApp fx) : OpenApiTests(fx), IClassFixture<PostgresApp>;
