using System.Net;
using System.Net.Http.Json;
using KefuDesk.Features.Identity;
using Microsoft.AspNetCore.SignalR.Client;
using Microsoft.Extensions.DependencyInjection;

namespace KefuDesk.Tests.Infrastructure;

/// <summary>A signed-in staff member: an HTTP client holding the sign-in cookie, and hub connections that carry it.</summary>
public sealed class StaffClient : IAsyncDisposable
{
    private StaffClient(KefuDeskApp app, TestStaff staff, CookieContainer cookies, HttpClient http, StaffMe me)
    {
        App = app;
        Staff = staff;
        Cookies = cookies;
        Http = http;
        Me = me;
    }

    public KefuDeskApp App { get; }
    public TestStaff Staff { get; }
    public CookieContainer Cookies { get; }
    public HttpClient Http { get; }
    public StaffMe Me { get; }

    public static async Task<StaffClient> SignInAsync(KefuDeskApp app, TestStaff staff)
    {
        var (http, cookies) = Clients.Http(app);
        var response = await http.PostAsJsonAsync("/api/auth/sign-in", new { userName = staff.UserName, password = staff.Password }, Json.Options);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var me = (await response.Content.ReadFromJsonAsync<StaffMe>(Json.Options))!;
        return new StaffClient(app, staff, cookies, http, me);
    }

    public HubConnection AgentHub() =>
        new HubConnectionBuilder()
            .WithUrl(App.Url("/hubs/agent"), o => o.Cookies = Cookies)
            .AddJsonProtocol(o => Json.Configure(o.PayloadSerializerOptions))
            .Build();

    public ValueTask DisposeAsync()
    {
        Http.Dispose();
        return ValueTask.CompletedTask;
    }
}
