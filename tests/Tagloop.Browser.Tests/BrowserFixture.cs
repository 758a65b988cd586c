using Microsoft.Playwright;

namespace Tagloop.Browser.Tests;

/// <summary>One headless Debian Chromium for all browser tests; each test opens its own context.</summary>
public sealed class BrowserFixture : IAsyncLifetime
{
    public const string ChromiumPath = "/usr/bin/chromium";

    /// <summary>A name Chromium resolves to 127.0.0.1, as an attacker's DNS does after rebinding.</summary>
    public const string ReboundName = "evil.example";

    private IPlaywright? playwright;

    public IBrowser Browser { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        if (!File.Exists(ChromiumPath))
        {
            throw new InvalidOperationException($"Chromium is missing at {ChromiumPath}: install it with 'apt-get install -y chromium' (./tagloop test does).");
        }

        playwright = await Playwright.CreateAsync();
        Browser = await playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = ChromiumPath,
            Headless = true,
            // Nothing may leave loopback: without the resolver rule Chromium looks up Google hosts at start. The first
            // matching MAP rule wins, so evil.example resolves to 127.0.0.1 (a DNS-rebinding attacker's name) and
            // every other name fails.
            // WebGL (the Explore tab's map) runs on SwiftShader, Chromium's software renderer: --disable-gpu leaves it
            // on, and --enable-unsafe-swiftshader keeps it once Chromium stops falling back to it by itself.
            Args = ["--disable-gpu", "--enable-unsafe-swiftshader", "--disable-quic", $"--host-resolver-rules=MAP {ReboundName} 127.0.0.1 , MAP * ~NOTFOUND , EXCLUDE 127.0.0.1 , EXCLUDE localhost"],
            Timeout = 60_000,
        });
    }

    public async Task DisposeAsync()
    {
        if (Browser is not null)
        {
            await Browser.DisposeAsync();
        }

        playwright?.Dispose();
    }
}
