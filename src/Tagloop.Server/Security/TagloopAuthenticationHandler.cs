using System.Net;
using System.Text.Encodings.Web;
using Microsoft.AspNetCore.Authentication;
using Microsoft.Extensions.Options;
using Tagloop.Core;
using Tagloop.Core.Users;
using Tagloop.Server.Hosting;

namespace Tagloop.Server.Security;

/// <summary>
/// Finds who is asking: a bearer token, else the session cookie. While no account exists, a request from this machine
/// is the single local user (today's mode: the annotator's name comes in a header). A bad token is refused outright;
/// a stale cookie is ignored, so the page can show the sign-in form.
/// </summary>
internal sealed class TagloopAuthenticationHandler(
    IOptionsMonitor<AuthenticationSchemeOptions> options, ILoggerFactory logger, UrlEncoder encoder, AccountsSwitch accounts, TimeProvider time)
    : AuthenticationHandler<AuthenticationSchemeOptions>(options, logger, encoder)
{
    protected override async Task<AuthenticateResult> HandleAuthenticateAsync()
    {
        var db = Context.RequestServices.GetRequiredService<TagloopDbContext>();
        var from = Context.Connection.RemoteIpAddress?.ToString();
        var authorization = Request.Headers.Authorization.ToString();
        if (authorization.Length > 0)
        {
            if (!authorization.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase))
            {
                return Refuse("The Authorization header must be 'Bearer TOKEN'.");
            }

            var used = await ApiTokens.UseAsync(db, authorization["Bearer ".Length..].Trim(), from, time, Context.RequestAborted).ConfigureAwait(false);
            if (used is null)
            {
                return Refuse("The token is not valid: it may be mistyped, revoked or expired, or its user disabled.");
            }

            var token = used.Token;
            var admin = used.User.IsAdmin && token.ProjectId is null && token.Role is null;
            var caller = new Caller(used.User.Id, used.User.Name, admin, Local: false, token.ProjectId, token.Role, token.Id);
            return Success(CallerClaims.Principal(caller));
        }

        if (SessionCookie.Read(Context) is { } secret)
        {
            var session = await Sessions.FindAsync(db, secret, time, Context.RequestAborted).ConfigureAwait(false);
            if (session is not null)
            {
                var user = session.User;
                return Success(CallerClaims.Principal(new Caller(user.Id, user.Name, user.IsAdmin, Local: false), session.Session.Id, user.MustChangePassword));
            }
        }

        if (!await accounts.OnAsync(db, Context.RequestAborted).ConfigureAwait(false)
            && Context.Connection.RemoteIpAddress is { } address && IPAddress.IsLoopback(address))
        {
            var name = AnnotatorHeader.Read(Context);
            return Success(CallerClaims.Principal(Caller.LocalUser(name.Succeeded ? name.Value! : AnnotatorName.Default)));
        }

        return AuthenticateResult.NoResult();
    }

    protected override Task HandleChallengeAsync(AuthenticationProperties properties)
    {
        var reason = Context.Items[RefusalKey] as string;
        return AccessProblems.Write(Context, StatusCodes.Status401Unauthorized, "Sign in first.",
            reason ?? "This server has accounts: sign in (POST /api/v1/auth/login) or send 'Authorization: Bearer TOKEN' with a token made under Account.");
    }

    protected override Task HandleForbiddenAsync(AuthenticationProperties properties) =>
        AccessProblems.Write(Context, StatusCodes.Status403Forbidden, "Not allowed.", "Your role in this project does not allow this.");

    private AuthenticateResult Success(System.Security.Claims.ClaimsPrincipal principal) =>
        AuthenticateResult.Success(new AuthenticationTicket(principal, Scheme.Name));

    private AuthenticateResult Refuse(string why)
    {
        Context.Items[RefusalKey] = why;
        return AuthenticateResult.Fail(why);
    }

    private const string RefusalKey = "tagloop:auth-refusal";
}
