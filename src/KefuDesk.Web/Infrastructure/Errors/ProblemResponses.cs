using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Localization;

namespace KefuDesk.Infrastructure.Errors;

/// <summary>Turns refusals and malformed requests into ProblemDetails a person can act on.</summary>
public sealed class ProblemResponses(IProblemDetailsService problems, IStringLocalizer<SharedResource> text)
    : IExceptionHandler
{
    public async ValueTask<bool> TryHandleAsync(HttpContext http, Exception exception, CancellationToken cancellationToken)
    {
        var (error, detail) = exception switch
        {
            KefuDeskException refused => (refused.Error, refused.Detail),
            BadHttpRequestException bad => (KefuDeskError.PayloadInvalid, bad.Message),
            _ => (null, null),
        };

        if (error is null)
        {
            return false; // a bug: the framework logs it and answers 500
        }

        http.Response.StatusCode = error.Status;
        return await problems.TryWriteAsync(new ProblemDetailsContext
        {
            HttpContext = http,
            Exception = exception,
            ProblemDetails = Problem(error, text, detail),
        });
    }

    public static ProblemDetails Problem(KefuDeskError error, IStringLocalizer text, string? detail = null)
    {
        var problem = new ProblemDetails
        {
            Status = error.Status,
            Title = text[error.ResourceKey],
            Detail = detail,
            Type = "https://kefudesk.dev/errors/" + error.Code.Replace('_', '-'),
        };
        problem.Extensions["code"] = error.Code;
        return problem;
    }
}
