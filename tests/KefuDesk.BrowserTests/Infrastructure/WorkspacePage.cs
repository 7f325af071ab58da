using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace KefuDesk.BrowserTests.Infrastructure;

/// <summary>What an agent does in the workspace, step by step as a person would.</summary>
public static class WorkspacePage
{
    /// <summary>
    /// Types a reply into the open conversation and sends it with the button, which is enabled only once
    /// the workspace has the text (Enter right after opening a conversation may come before its keyboard
    /// handler is in place); done when the reply shows in the thread.
    /// </summary>
    public static async Task ReplyAsync(IPage agent, string text)
    {
        await agent.FillAsync("[data-testid=composer]", text);
        await agent.ClickAsync("[data-testid=send]");
        await Expect(agent.Locator("[data-testid=message]").Last).ToContainTextAsync(text);
    }
}
