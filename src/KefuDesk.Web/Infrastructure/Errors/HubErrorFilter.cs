using System.Globalization;
using Microsoft.AspNetCore.Localization;
using Microsoft.AspNetCore.SignalR;
using Microsoft.Extensions.Localization;

namespace KefuDesk.Infrastructure.Errors;

/// <summary>
/// Hub calls run in the language the connection asked for, and a refused call comes back to the
/// client as a hub error carrying a <see cref="HubRefusal"/> (code, message, retry-after).
/// </summary>
public sealed class HubErrorFilter(IStringLocalizer<SharedResource> text) : IHubFilter
{
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
            var refusal = new HubRefusal(refused.Error.Code, text[refused.Error.ResourceKey], refused.Detail,
                refused.RetryAfter is { } wait ? ProblemResponses.SecondsOf(wait) : null);
            throw new HubException(refusal.ToJson());
        }
    }
}
