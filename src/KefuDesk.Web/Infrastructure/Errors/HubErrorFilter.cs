using System.Globalization;
using Microsoft.AspNetCore.Localization;
using Microsoft.AspNetCore.SignalR;
using Microsoft.Extensions.Localization;

namespace KefuDesk.Infrastructure.Errors;

/// <summary>
/// Hub calls run in the language the connection asked for, and a refused call comes back to the
/// client as a hub error carrying a <see cref="HubRefusal"/> (code, message, retry-after).
/// A refusal is logged as one rate-limited information line (<see cref="HubRefusalLog"/>); anything
/// else is a fault and logged here at error level with its stack trace. SignalR's own error line for
/// every failed call is switched off (<see cref="QuietCategory"/>), since it cannot tell the two apart.
/// </summary>
public sealed partial class HubErrorFilter(IStringLocalizer<SharedResource> text, HubRefusalLog refusals, ILogger<HubErrorFilter> logger)
    : IHubFilter
{
    /// <summary>Logs "Failed to invoke hub method" at error level for every exception a hub method throws, refusals included.</summary>
    public const string QuietCategory = "Microsoft.AspNetCore.SignalR.Internal.DefaultHubDispatcher";

    public async ValueTask<object?> InvokeMethodAsync(
        HubInvocationContext invocationContext, Func<HubInvocationContext, ValueTask<object?>> next)
    {
        var culture = invocationContext.Context.GetHttpContext()?.Features.Get<IRequestCultureFeature>()?.RequestCulture;
        if (culture is not null)
        {
            CultureInfo.CurrentCulture = culture.Culture;
            CultureInfo.CurrentUICulture = culture.UICulture;
        }

        try
        {
            return await next(invocationContext);
        }
        catch (KefuDeskException refused)
        {
            refusals.Refused(invocationContext.HubMethodName, refused.Error, invocationContext.Context.ConnectionId);
            var refusal = new HubRefusal(refused.Error.Code, text[refused.Error.ResourceKey], refused.Detail,
                refused.RetryAfter is { } wait ? ProblemResponses.SecondsOf(wait) : null);
            throw new HubException(refusal.ToJson());
        }
        catch (Exception ex) when (ex is not HubException && !(ex is OperationCanceledException && invocationContext.Context.ConnectionAborted.IsCancellationRequested))
        {
            Failed(logger, invocationContext.HubMethodName, ex);
            throw;
        }
    }

    [LoggerMessage(1, LogLevel.Error, "Hub method {HubMethod} failed", EventName = "HubMethodFailed")]
    private static partial void Failed(ILogger logger, string hubMethod, Exception exception);
}
