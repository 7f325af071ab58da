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
            // The only bodies big enough to pass Kestrel's limit are uploads.
            BadHttpRequestException { StatusCode: StatusCodes.Status413PayloadTooLarge } => (KefuDeskError.AttachmentTooLarge, null),
            // A string in the JSON body that is not acceptable text (Infrastructure/Input): say which field and why.
            BadHttpRequestException { InnerException: Input.TextRefusedException text } => (KefuDeskError.TextInvalid, text.Refusal().Detail),
            BadHttpRequestException bad => (KefuDeskError.PayloadInvalid, bad.Message),
            _ => (null, null),
        };

        if (error is null)
        {
            return false; // a bug: the framework logs it and answers 500
        }

        http.Response.StatusCode = error.Status;
        if (error == KefuDeskError.TooManyMessages)
        {
            http.Response.Headers.RetryAfter = "1";
        }

        return await problems.TryWriteAsync(new ProblemDetailsContext
        {
            HttpContext = http,
            Exception = exception,
            ProblemDetails = Problem(error, text, detail),
        });
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
