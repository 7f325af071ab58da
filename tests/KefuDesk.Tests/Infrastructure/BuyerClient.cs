using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using KefuDesk.Features.Widget;
using Microsoft.AspNetCore.SignalR.Client;
using Microsoft.Extensions.DependencyInjection;

namespace KefuDesk.Tests.Infrastructure;

/// <summary>A buyer as the widget is: a visitor token from a widget session, REST and a hub connection.</summary>
public sealed class BuyerClient : IDisposable
{
    private BuyerClient(KefuDeskApp app, WidgetSession session, HttpClient http)
    {
        App = app;
        Session = session;
        Http = http;
    }

    public KefuDeskApp App { get; }
    public WidgetSession Session { get; }
    public HttpClient Http { get; }
    public string Token => Session.VisitorToken;

    public static async Task<BuyerClient> StartAsync(KefuDeskApp app, string widgetKey, string? visitorToken = null, SignedIdentity? identity = null)
    {
        var (http, _) = Clients.Http(app);
        var response = await http.PostAsJsonAsync("/api/widget/sessions", new { widgetKey, visitorToken, identity }, Json.Options);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var session = (await response.Content.ReadFromJsonAsync<WidgetSession>(Json.Options))!;
        http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", session.VisitorToken);
        return new BuyerClient(app, session, http);
    }

    public HubConnection Hub(string? culture = null) =>
        new HubConnectionBuilder()
            .WithUrl(App.Url("/hubs/buyer" + (culture is null ? "" : "?culture=" + culture)),
                o => o.AccessTokenProvider = () => Task.FromResult<string?>(Token))
            .AddJsonProtocol(o => Json.Configure(o.PayloadSerializerOptions))
            .Build();

    public void Dispose() => Http.Dispose();
}
