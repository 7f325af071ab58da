using KefuDesk.Features.Conversations.Realtime;
using Microsoft.AspNetCore.SignalR.Client;

namespace KefuDesk.Tests.Infrastructure;

public static class HubStart
{
    /// <summary>Connects and waits until the server has put the connection in its groups (Hello answers after that).</summary>
    public static async Task StartReadyAsync(this HubConnection hub)
    {
        await hub.StartAsync();
        await hub.InvokeAsync<HubWelcome>("Hello");
    }
}
