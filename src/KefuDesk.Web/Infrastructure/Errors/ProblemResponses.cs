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
        var (error, detail, retryAfter) = exception switch
        {
            KefuDeskException refused => (refused.Error, refused.Detail, refused.RetryAfter),
            // The only bodies big enough to pass Kestrel's limit are uploads.
            BadHttpRequestException { StatusCode: StatusCodes.Status413PayloadTooLarge } => (KefuDeskError.AttachmentTooLarge, null, null),
            // A string in the JSON body that is not acceptable text (Infrastructure/Input): say which field and why.
            BadHttpRequestException { InnerException: Input.TextRefusedException text } => (KefuDeskError.TextInvalid, text.Refusal().Detail, null),
            BadHttpRequestException bad => (KefuDeskError.PayloadInvalid, bad.Message, (TimeSpan?)null),
            _ => (null, null, null),
        };

        if (error is null)
        {
            return false; // a bug: the framework logs it and answers 500
        }

        http.Response.StatusCode = error.Status;
        var problem = Problem(error, text, detail);
        WaitFor(http.Response, problem, retryAfter);
        return await problems.TryWriteAsync(new ProblemDetailsContext
        {
            HttpContext = http,
            Exception = exception,
            ProblemDetails = problem,
        });
    }

    /// <summary>A refusal written outside an endpoint (the rate-limiting middleware's).</summary>
    public static async Task WriteAsync(HttpContext http, KefuDeskError error, TimeSpan? retryAfter)
    {
        var text = http.RequestServices.GetRequiredService<IStringLocalizer<SharedResource>>();
        http.Response.StatusCode = error.Status;
        var problem = Problem(error, text);
        WaitFor(http.Response, problem, retryAfter);
        await http.RequestServices.GetRequiredService<IProblemDetailsService>().WriteAsync(new ProblemDetailsContext
        {
            HttpContext = http,
            ProblemDetails = problem,
        });
    }

    /// <summary>Whole seconds to wait, rounded up (never 0, which would invite an immediate retry).</summary>
    public static int SecondsOf(TimeSpan wait) => Math.Max(1, (int)Math.Ceiling(wait.TotalSeconds));

    /// <summary>
    /// A refusal that passes with time says when to ask again: the Retry-After header, and
    /// <c>retryAfter</c> (seconds) in the body for clients that cannot read headers (a browser across origins).
    /// </summary>
    private static void WaitFor(HttpResponse response, ProblemDetails problem, TimeSpan? retryAfter)
    {
        if (retryAfter is not { } wait)
        {
            return;
        }

        var seconds = SecondsOf(wait);
        response.Headers.RetryAfter = seconds.ToString(System.Globalization.CultureInfo.InvariantCulture);
        problem.Extensions["retryAfter"] = seconds;
    }

    /// <summary>
    /// Problems the framework writes itself (no route, wrong method, wrong content type, a crash)
    /// get a code and a title in the caller's language too.
    /// </summary>
    public static void Explain(ProblemDetailsContext context)
    {
        var problem = context.ProblemDetails;
        if (problem.Extensions.ContainsKey("code"))
        {
            return;
        }

        var code = problem.Status switch
        {
            400 => KefuDeskError.PayloadInvalid.Code,
            401 => KefuDeskError.Unauthenticated.Code,
            403 => KefuDeskError.Forbidden.Code,
            404 => "not_found",
            405 => "method_not_allowed",
            413 => "payload_too_large",
            415 => "unsupported_media_type",
            429 => KefuDeskError.TooManyRequests.Code,
            _ => "internal_error",
        };
        var text = context.HttpContext.RequestServices.GetRequiredService<IStringLocalizer<SharedResource>>();
        problem.Extensions["code"] = code;
        problem.Title = text["Error." + code];
        problem.Type = "https://kefudesk.dev/errors/" + code.Replace('_', '-');
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
