using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Tagloop.Browser.Tests;

/// <summary>
/// A server with accounts, in real Chromium: signing in and out, a wrong password, a generated password that must be
/// changed first, an annotator kept from the owners' settings, an administrator adding a user, a member and a token.
/// </summary>
[Collection(BrowserCollection.Name)]
public sealed class AccountTests(BrowserFixture browser) : IDisposable
{
    private const string Shots = "/tmp/ui-shots";

    private const string RootPassword = "lighthouse keeper 42";

    private const string AnnaPassword = "orange tram at dusk";

    private readonly LiveServer server = new();

    public void Dispose() => server.Dispose();

    [Fact]
    public async Task People_sign_in_and_out_see_what_their_role_allows_and_a_generated_password_is_changed_first()
    {
        Directory.CreateDirectory(Shots);
        // The project is made while the server still has no accounts; the first user turns them on.
        var projectId = await server.CreateProjectAsync("Contracts", "clause", "definition");
        await server.AddUserAsync("root", RootPassword, admin: true);
        await server.AddUserAsync("anna", AnnaPassword);
        await server.AddMemberAsync(projectId, "anna", "annotator");

        await using var context = await browser.Browser.NewContextAsync(new BrowserNewContextOptions { ViewportSize = new ViewportSize { Width = 1280, Height = 900 } });
        var page = await context.NewPageAsync();
        var pageErrors = new List<string>();
        page.PageError += (_, error) => pageErrors.Add(error);

        // Nobody is signed in: the sign-in form, and no annotator-name box.
        await page.GotoAsync($"{server.BaseAddress}#/");
        await Expect(page.GetByTestId("signin-form")).ToBeVisibleAsync();
        await Expect(page.GetByTestId("annotator-name")).ToBeHiddenAsync();
        Assert.Equal("Sign in · Tagloop", await page.TitleAsync());
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = $"{Shots}/signin.png", FullPage = true });

        // A wrong password is refused in plain words.
        await SignInAsync(page, "anna", "not the password");
        await Expect(page.GetByTestId("signin-error")).ToContainTextAsync("name and password do not match");
        await Expect(page.GetByTestId("signin-password")).ToHaveValueAsync("");
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = $"{Shots}/signin-wrong.png", FullPage = true });

        // The right one shows the projects and the user's name; an annotator has no Users link.
        await SignInAsync(page, "anna", AnnaPassword);
        await Expect(page.Locator(".card-title")).ToHaveTextAsync("Contracts");
        await Expect(page.GetByTestId("account-name")).ToHaveTextAsync("anna");
        await Expect(page.GetByTestId("users-link")).ToHaveCountAsync(0);
        await Expect(page.GetByTestId("annotator-name")).ToBeHiddenAsync();

        // The owners' settings are not for an annotator: a sentence, no forms.
        await page.GotoAsync($"{server.BaseAddress}#/projects/{projectId}/settings");
        await Expect(page.GetByTestId("role-needed")).ToContainTextAsync("Only its owners can change the project's settings");
        await Expect(page.GetByTestId("role-needed")).ToContainTextAsync("You are an annotator in this project.");
        await Expect(page.GetByTestId("details-form")).ToHaveCountAsync(0);
        await Expect(page.GetByTestId("delete-project")).ToHaveCountAsync(0);

        // The Team tab: the members, read-only, and a sentence instead of the agreement figures.
        await page.GetByTestId("tab-team").ClickAsync();
        await Expect(page.GetByTestId("members-table").Locator("tbody tr")).ToHaveTextAsync(["anna (you)Annotator"]);
        await Expect(page.GetByTestId("member-form")).ToHaveCountAsync(0);
        await Expect(page.GetByTestId("members").Locator("select, button")).ToHaveCountAsync(0);
        await Expect(page.GetByTestId("team-refused")).ToContainTextAsync("Only reviewers and owners can see how far the team agrees.");
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = $"{Shots}/team-annotator.png", FullPage = true });

        // Signing out goes back to the form.
        await page.GetByTestId("sign-out").ClickAsync();
        await Expect(page.GetByTestId("signin-form")).ToBeVisibleAsync();
        await Expect(page.GetByTestId("account-name")).ToBeHiddenAsync();

        // An administrator adds a user, whose generated password is shown once.
        await SignInAsync(page, "root", RootPassword);
        await Expect(page.GetByTestId("account-name")).ToHaveTextAsync("root");
        await page.GetByTestId("users-link").ClickAsync();
        await page.GetByTestId("user-name").FillAsync("lena");
        await page.GetByTestId("user-add").ClickAsync();
        await Expect(page.GetByTestId("user-secret")).ToContainTextAsync("It will not be shown again");
        var generated = await page.GetByTestId("user-secret-value").InputValueAsync();
        Assert.True(generated.Length >= 10, generated);
        await Expect(page.GetByTestId("users-table").Locator("tbody tr")).ToHaveCountAsync(3);
        await Expect(page.GetByTestId("users-table").Locator("tbody tr").Filter(new() { HasText = "lena" })).ToContainTextAsync("Must choose a new password");
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = $"{Shots}/users.png", FullPage = true });

        // Disabling someone asks first, in words.
        await page.GetByTestId("user-disable-anna").ClickAsync();
        await Expect(page.GetByTestId("user-confirm-sentence")).ToContainTextAsync("Disable anna? They are signed out at once");
        await page.GetByTestId("user-confirm-yes").ClickAsync();
        await Expect(page.GetByTestId("users-table").Locator("tbody tr").Filter(new() { HasText = "anna" })).ToContainTextAsync("Disabled: cannot sign in");
        await Expect(page.GetByTestId("users-status")).ToHaveTextAsync("anna can no longer sign in; their answers stay.");

        // ... and makes her a reviewer of the project from its Team tab.
        await page.GotoAsync($"{server.BaseAddress}#/projects/{projectId}/team");
        await page.GetByTestId("member-user").FillAsync("lena");
        await page.GetByTestId("member-role").SelectOptionAsync("reviewer");
        await page.GetByTestId("member-add").ClickAsync();
        await Expect(page.GetByTestId("members-status")).ToHaveTextAsync("lena was added as a reviewer.");
        await Expect(page.GetByTestId("member-role-lena")).ToHaveValueAsync("reviewer");
        await Expect(page.GetByTestId("team-headline")).ToBeVisibleAsync();
        await page.GetByTestId("members").ScreenshotAsync(new LocatorScreenshotOptions { Path = $"{Shots}/team-members.png" });

        // The Account page makes a token whose secret is shown once, then lists it without the secret.
        await page.GetByTestId("account-link").ClickAsync();
        await page.GetByTestId("token-name").FillAsync("Contract export script");
        await page.GetByTestId("token-project").SelectOptionAsync(new SelectOptionValue { Label = "Contracts" });
        await page.GetByTestId("token-role").SelectOptionAsync("reviewer");
        await page.GetByTestId("token-create").ClickAsync();
        await Expect(page.GetByTestId("token-secret")).ToContainTextAsync("It will not be shown again");
        var secret = await page.GetByTestId("token-secret-value").InputValueAsync();
        var row = page.GetByTestId("tokens-table").Locator("tbody tr");
        await Expect(row).ToHaveCountAsync(1);
        await Expect(row).ToContainTextAsync("Contract export script");
        await Expect(row).ToContainTextAsync("At most reviewer");
        Assert.DoesNotContain(secret, await row.InnerTextAsync(), StringComparison.Ordinal);
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = $"{Shots}/account.png", FullPage = true });

        // Revoking asks first, then the token is listed as revoked.
        await row.GetByRole(AriaRole.Button, new() { Name = "Revoke" }).ClickAsync();
        await Expect(page.GetByTestId("token-confirm-sentence")).ToContainTextAsync("Revoke the token “Contract export script”? Programs using it stop working at once.");
        await page.GetByTestId("token-confirm-yes").ClickAsync();
        await Expect(row).ToContainTextAsync("Revoked");
        await Expect(row.GetByRole(AriaRole.Button)).ToHaveCountAsync(0);

        // The activity log shows the failed sign-in in words.
        await page.GetByTestId("audit-link").ClickAsync();
        await Expect(page.GetByTestId("audit-table").Locator("tbody tr").Filter(new() { HasText = "Failed to sign in" })).ToContainTextAsync("anna");
        await Expect(page.GetByTestId("audit-table").Locator("tbody tr").Filter(new() { HasText = "Disabled a user" })).ToContainTextAsync("anna");
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = $"{Shots}/audit.png", FullPage = true });

        // The new user signs in with the generated password and must choose her own before anything else.
        await page.GetByTestId("sign-out").ClickAsync();
        await SignInAsync(page, "lena", generated);
        await Expect(page.GetByTestId("must-change")).ToBeVisibleAsync();
        await Expect(page.Locator(".card-title")).ToHaveCountAsync(0);
        await Expect(page.GetByTestId("account-link")).ToHaveCountAsync(0);
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = $"{Shots}/must-change.png", FullPage = true });
        await page.GetByTestId("password-current").FillAsync(generated);
        await page.GetByTestId("password-new").FillAsync("purple rivers sing softly");
        await page.GetByTestId("password-repeat").FillAsync("purple rivers sing slowly");
        await page.GetByTestId("password-save").ClickAsync();
        await Expect(page.Locator("#password-repeat-error")).ToContainTextAsync("not the same");
        await page.GetByTestId("password-repeat").FillAsync("purple rivers sing softly");
        await page.GetByTestId("password-save").ClickAsync();
        await Expect(page.Locator(".card-title")).ToHaveTextAsync("Contracts");
        await Expect(page.GetByTestId("account-name")).ToHaveTextAsync("lena");

        // As a reviewer she sees the agreement.
        await page.GotoAsync($"{server.BaseAddress}#/projects/{projectId}/team");
        await Expect(page.GetByTestId("team-headline")).ToBeVisibleAsync();
        await Expect(page.GetByTestId("member-form")).ToHaveCountAsync(0);

        Assert.Empty(pageErrors);
    }

    private static async Task SignInAsync(IPage page, string name, string password)
    {
        await page.GetByTestId("signin-name").FillAsync(name);
        await page.GetByTestId("signin-password").FillAsync(password);
        await page.GetByTestId("signin-submit").ClickAsync();
    }
}
