using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace BotService.CoordinatorConsole.Pages;

/// <summary>What every signed-in console page shares: who is acting (for the audit trail) and the after-action line.</summary>
public abstract class ConsolePageModel : PageModel
{
    protected string Actor => ConsoleAuth.Actor(User);

    /// <summary>Post, redirect, get: the outcome travels in TempData, so a reload never repeats the action.</summary>
    protected IActionResult Report(ActionOutcome outcome, string? to = null)
    {
        TempData["Flash"] = outcome.Message;
        TempData["FlashOk"] = outcome.Ok;
        return to is null ? RedirectToPage() : Redirect(to);
    }
}
