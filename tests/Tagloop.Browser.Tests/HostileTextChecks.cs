using Microsoft.Playwright;

namespace Tagloop.Browser.Tests;

/// <summary>Whether hostile text shown on a page ran anything: checked only after a handler it could have set had its chance.</summary>
internal static class HostileTextChecks
{
    /// <summary>In the address of the probe image, whose failed load a page's console reports: tests that collect console errors leave it out.</summary>
    public const string ProbeMarker = "tagloop-probe-no-such-image";

    /// <summary>
    /// The hostile strings set <c>document.title</c> from an image's <c>onerror</c>. A broken image's error event comes
    /// after its failed load, not at once: wait for one such load of our own first, then read the title.
    /// </summary>
    public static async Task AssertNothingRanAsync(IPage page)
    {
        ArgumentNullException.ThrowIfNull(page);
        await page.EvaluateAsync("() => new Promise(done => { const probe = new Image(); probe.onerror = done; probe.onload = done; probe.src = '/tagloop-probe-no-such-image-' + Math.random() + '.png'; })");
        await page.EvaluateAsync("() => new Promise(done => setTimeout(done, 0))");
        Assert.NotEqual("pwned", await page.TitleAsync());
    }
}
