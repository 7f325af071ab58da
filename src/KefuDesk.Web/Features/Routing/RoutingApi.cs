using System.Security.Claims;
using KefuDesk.Features.Conversations;
using KefuDesk.Features.Conversations.Writing;
using KefuDesk.Features.Identity;
using KefuDesk.Features.Routing.Admin;
using KefuDesk.Features.Routing.Agents;
using KefuDesk.Features.Routing.Dispatch;
using KefuDesk.Features.Routing.Groups;
using KefuDesk.Infrastructure.Data;
using KefuDesk.Infrastructure.Errors;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;

namespace KefuDesk.Features.Routing;

public sealed record StatusInput(AgentStatus Status);

public static class RoutingApi
{
    public static IEndpointRouteBuilder MapRoutingApi(this IEndpointRouteBuilder app)
    {
        var me = app.MapGroup("/api/routing/me").RequireAuthorization(StaffPolicies.Staff).WithTags("Routing")
            .ProducesProblem(StatusCodes.Status400BadRequest).ProducesProblem(StatusCodes.Status401Unauthorized);
        me.MapGet("/", (ClaimsPrincipal user, AgentStatuses statuses, CancellationToken ct) => statuses.GetAsync(user.AgentId(), ct))
            .WithName("GetMyStatus").WithSummary("My status (在线/忙碌/小休/离开/离线), since when, my reception limit and weight");
        me.MapPut("/status", async (StatusInput input, ClaimsPrincipal user, AgentStatuses statuses, CancellationToken ct) =>
                TypedResults.Ok(await statuses.ChooseAsync(user.AgentId(), Valid(input.Status), bySupervisor: false, ct)))
            .WithName("SetMyStatus").WithSummary("Set my status: online takes new buyers; busy and break keep my conversations but take no new ones");
        me.MapPost("/activity", async (ClaimsPrincipal user, AgentStatuses statuses, CancellationToken ct) =>
            {
                await statuses.ActiveAsync(user.AgentId(), ct);
                return TypedResults.NoContent();
            })
            .WithName("ReportActivity").WithSummary("The workspace saw keyboard or mouse activity (keeps the agent from being set away)");

        var sup = app.MapGroup("/api/routing").RequireAuthorization(StaffPolicies.Supervisor).WithTags("Routing")
            .ProducesProblem(StatusCodes.Status400BadRequest).ProducesProblem(StatusCodes.Status401Unauthorized)
            .ProducesProblem(StatusCodes.Status403Forbidden);
        sup.MapGet("/board", (ClaimsPrincipal user, RoutingBoard board, CancellationToken ct) => board.ReadAsync(user.Access().ShopIds, ct))
            .WithName("GetRoutingBoard").WithSummary("Live board: every agent's status, load and limit; each queue's length and longest wait; latest re-routes");
        sup.MapPut("/agents/{agentId:guid}/status", async (Guid agentId, StatusInput input, ClaimsPrincipal user, AgentStatuses statuses,
                KefuDeskDbContext db, CancellationToken ct) =>
            {
                await SameOrganisationAsync(db, user, agentId, ct);
                return TypedResults.Ok(await statuses.ChooseAsync(agentId, Valid(input.Status), bySupervisor: true, ct));
            })
            .WithName("SetAgentStatus").WithSummary("A supervisor sets an agent's status (recorded as set by a supervisor)");
        sup.MapPut("/agents/{agentId:guid}/seat", async (Guid agentId, SeatInput input, ClaimsPrincipal user, RoutingAdmin admin, CancellationToken ct) =>
                TypedResults.Ok(await admin.ConfigureSeatAsync(user.OrganisationId(), agentId, input, ct)))
            .WithName("ConfigureAgentSeat").WithSummary("An agent's reception limit (接待上限; null: the default 10) and weight for weighted distribution");
        sup.MapPost("/reassign", Reassign).WithName("ReassignConversations")
            .WithSummary("Move an agent's open conversations (all, or the listed ones) to a colleague or a group, e.g. when the agent leaves");

        var admin = app.MapGroup("/api/admin/routing").RequireAuthorization(StaffPolicies.Admin).WithTags("Routing")
            .ProducesProblem(StatusCodes.Status400BadRequest).ProducesProblem(StatusCodes.Status401Unauthorized)
            .ProducesProblem(StatusCodes.Status403Forbidden).ProducesProblem(StatusCodes.Status404NotFound);
        admin.MapGet("/shops/{shopId:guid}", (Guid shopId, ClaimsPrincipal user, RoutingAdmin a, CancellationToken ct) => a.ShopAsync(user.OrganisationId(), shopId, ct))
            .WithName("GetShopRouting").WithSummary("A shop's skill groups (settings, members), entry rules and business hours");
        admin.MapPost("/shops/{shopId:guid}/groups", (Guid shopId, GroupInput input, ClaimsPrincipal user, RoutingAdmin a, CancellationToken ct) =>
                a.AddGroupAsync(user.OrganisationId(), shopId, input, ct))
            .WithName("AddSkillGroup").WithSummary("Add a skill group with its distribution strategy, automatic messages, timeouts, hours and members");
        admin.MapPut("/groups/{groupId:guid}", (Guid groupId, GroupInput input, ClaimsPrincipal user, RoutingAdmin a, CancellationToken ct) =>
                a.ChangeGroupAsync(user.OrganisationId(), groupId, input, ct))
            .WithName("ChangeSkillGroup").WithSummary("Change a skill group (the members listed replace the old ones)");
        admin.MapDelete("/groups/{groupId:guid}", async (Guid groupId, ClaimsPrincipal user, RoutingAdmin a, CancellationToken ct) =>
            {
                await a.RemoveGroupAsync(user.OrganisationId(), groupId, ct);
                return TypedResults.NoContent();
            })
            .WithName("RemoveSkillGroup").WithSummary("Remove a skill group; its waiting buyers stay queued for the shop's agents");
        admin.MapPut("/shops/{shopId:guid}/rules", (Guid shopId, IReadOnlyList<EntryRuleInput> rules, ClaimsPrincipal user, RoutingAdmin a,
                CancellationToken ct) => a.ReplaceRulesAsync(user.OrganisationId(), shopId, rules, ct))
            .WithName("ReplaceEntryRules").WithSummary("Replace the shop's entry rules; the first that matches a new buyer chooses the group");
        admin.MapPut("/shops/{shopId:guid}/hours", (Guid shopId, BusinessHours? hours, ClaimsPrincipal user, RoutingAdmin a, CancellationToken ct) =>
                a.ChangeHoursAsync(user.OrganisationId(), shopId, hours, ct))
            .WithName("ChangeBusinessHours").WithSummary("The shop's business hours with holidays and extra workdays (null: always open)");
        return app;
    }

    private static AgentStatus Valid(AgentStatus status) =>
        Enum.IsDefined(status) ? status : throw new KefuDeskException(KefuDeskError.RoutingInvalid, "status: online, busy, break or offline");

    private static async Task SameOrganisationAsync(KefuDeskDbContext db, ClaimsPrincipal user, Guid agentId, CancellationToken ct)
    {
        var organisation = user.OrganisationId();
        if (!await db.Users.AnyAsync(u => u.Id == agentId && u.OrganisationId == organisation, ct))
        {
            throw new KefuDeskException(KefuDeskError.AgentInvalid);
        }
    }

    private static async Task<Ok<ReassignResult>> Reassign(ReassignInput input, ClaimsPrincipal user, Reassignment reassignment, CancellationToken ct) =>
        TypedResults.Ok(await reassignment.MoveAsync(user.Access(), input, ct));
}
