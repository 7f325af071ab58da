using System.Net;
using System.Text.Json;

namespace KefuDesk.Tests.Infrastructure;

public static class Clients
{
    /// <summary>A plain HTTP client on the node's real socket, with its own cookie jar.</summary>
    public static (HttpClient Http, CookieContainer Cookies) Http(KefuDeskApp app)
    {
        var cookies = new CookieContainer();
        var handler = new HttpClientHandler { CookieContainer = cookies, AllowAutoRedirect = false };
        return (new HttpClient(handler) { BaseAddress = app.BaseAddress }, cookies);
    }
}

/// <summary>The JSON the API speaks: camelCase, enums as camelCase strings.</summary>
public static class Json
{
    public static readonly JsonSerializerOptions Options = Configure(new JsonSerializerOptions(JsonSerializerDefaults.Web));

    public static JsonSerializerOptions Configure(JsonSerializerOptions options) => KefuDesk.Infrastructure.JsonDefaults.Apply(options);
}
