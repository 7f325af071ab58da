using KefuDesk.Infrastructure.Errors;
using Microsoft.Extensions.Localization;

namespace KefuDesk.Features.AfterSales;

/// <summary>A refusal as the pages show it: the message, plus the detail where the register wrote it in the reader's language.</summary>
public static class CaseRefusals
{
    public static string Explain(KefuDeskException refused, IStringLocalizer text) =>
        refused.Detail is { } detail
        && (refused.Error == AfterSalesErrors.StepNotAllowed || refused.Error == AfterSalesErrors.NeedsSupervisor
            || refused.Error == AfterSalesErrors.RefundTooLarge)
            ? $"{text[refused.Error.ResourceKey]} {detail}"
            : text[refused.Error.ResourceKey];
}
