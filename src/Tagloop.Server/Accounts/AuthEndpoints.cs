using Tagloop.Core;
using Tagloop.Core.Common;
using Tagloop.Core.Users;
using Tagloop.Server.Hosting;
using Tagloop.Server.Security;

namespace Tagloop.Server.Accounts;

/// <summary>Signing in and out, who is signed in, and changing one's own password.</summary>
public static class AuthEndpoints
{
    public const string SignInLimit = "sign-in";

    public static void MapAuthEndpoints(this IEndpointRouteBuilder api)
    {
        var group = api.MapGroup("/auth").WithTags("Accounts");

        group.MapPost("/login", async (LoginRequest request, HttpContext http, TagloopDbContext db, TimeProvider time, CancellationToken ct) =>
        {
            if (!await UserAccounts.OnAsync(db, ct).ConfigureAwait(false))
            {
                return ProblemResults.ToResult(Problem.Conflict("This server has no accounts: it serves this machine's single user without signing in. Add one with 'tagloop users add NAME'."));
            }

            var user = await UserAccounts.SignInAsync(db, request.Name, request.Password, http.From(), time, ct).ConfigureAwait(false);
            if (user is null)
            {
                return TypedResults.Problem(detail: "The name or the password is not right (or the account is disabled).", statusCode: StatusCodes.Status401Unauthorized, title: "Not signed in.");
            }

            var (session, secret) = await Sessions.StartAsync(db, user, http.From(), time, ct).ConfigureAwait(false);
            SessionCookie.Set(http, secret, session.ExpiresAt);
            return TypedResults.Ok(new SessionDto(true, UserDto.From(user)));
        })
        .ForAnyone()
        .RequireRateLimiting(SignInLimit)
        .WithName("Login")
        .WithSummary("Signs in with a name and password; the answer sets an HttpOnly, SameSite=Strict session cookie. 401 on a wrong name or password; 429 when too many attempts came from one address.")
        .Produces<SessionDto>()
        .ProducesProblem(StatusCodes.Status401Unauthorized)
        .ProducesProblem(StatusCodes.Status429TooManyRequests);

        group.MapPost("/logout", async (HttpContext http, TagloopDbContext db, CancellationToken ct) =>
        {
            if (SessionCookie.Read(http) is { } secret)
            {
                await Sessions.EndAsync(db, secret, ct).ConfigureAwait(false);
            }

            SessionCookie.Clear(http);
            return TypedResults.NoContent();
        })
        .ForAnyone()
        .WithName("Logout")
        .WithSummary("Ends this browser's session.")
        .Produces(StatusCodes.Status204NoContent);

        group.MapGet("/session", async (HttpContext http, TagloopDbContext db, CancellationToken ct) =>
        {
            var on = await UserAccounts.OnAsync(db, ct).ConfigureAwait(false);
            var caller = CallerClaims.From(http.User);
            if (!on || caller?.UserId is not { } userId)
            {
                return TypedResults.Ok(new SessionDto(on, null));
            }

            var user = await db.Users.FindAsync([userId], ct).ConfigureAwait(false);
            return TypedResults.Ok(new SessionDto(true, user is null ? null : UserDto.From(user)));
        })
        .ForAnyone()
        .WithName("GetSession")
        .WithSummary("Whether accounts are on, and who is signed in (null when nobody is).")
        .Produces<SessionDto>();

        group.MapPut("/password", async (PasswordChange request, HttpContext http, TagloopDbContext db, TimeProvider time, CancellationToken ct) =>
        {
            var caller = http.Caller();
            if (caller.UserId is not { } userId)
            {
                return ProblemResults.ToResult(Problem.Conflict("This server has no accounts, so there is no password to change."));
            }

            var outcome = await UserAccounts.ChangeOwnPasswordAsync(db, userId, request.Current, request.New, CallerClaims.Session(http.User), http.From(), time, ct).ConfigureAwait(false);
            return ProblemResults.ToResult(outcome, _ => TypedResults.NoContent());
        })
        .ForAccountHolder()
        .WithName("ChangePassword")
        .WithSummary("Changes the signed-in user's password (the current one is needed); their other sessions end.")
        .Produces(StatusCodes.Status204NoContent)
        .ProducesValidationProblem();
    }
}
