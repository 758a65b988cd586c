using Microsoft.EntityFrameworkCore;
using Tagloop.Core;
using Tagloop.Core.Users;
using Tagloop.Server.Hosting;
using Tagloop.Server.Security;

namespace Tagloop.Server.Accounts;

/// <summary>API tokens for scripts: list one's own, make one (its secret shown once), revoke one.</summary>
public static class TokenEndpoints
{
    public static void MapTokenEndpoints(this IEndpointRouteBuilder api)
    {
        var group = api.MapGroup("/tokens").WithTags("Accounts");

        group.MapGet("/", async (HttpContext http, TagloopDbContext db, CancellationToken ct) =>
        {
            var userId = http.Caller().UserId;
            var tokens = await db.ApiTokens.AsNoTracking().Where(t => t.UserId == userId).OrderBy(t => t.Id).ToListAsync(ct).ConfigureAwait(false);
            return TypedResults.Ok(tokens.Select(TokenDto.From).ToList());
        })
        .ForSignedIn()
        .WithName("ListTokens")
        .WithSummary("The signed-in user's tokens, revoked ones included; never their secrets.");

        group.MapPost("/", async (NewApiToken request, HttpContext http, TagloopDbContext db, TimeProvider time, CancellationToken ct) =>
        {
            var outcome = await ApiTokens.CreateAsync(db, http.Caller(), request, http.From(), time, ct).ConfigureAwait(false);
            return ProblemResults.ToResult(outcome, created =>
            {
                var t = created.Token;
                return TypedResults.Created($"/api/v1/tokens/{t.Id}",
                    new CreatedTokenDto(t.Id, created.Secret, t.Name, t.ProjectId, t.Role is { } r ? ProjectRoles.Name(r) : null, t.ExpiresAt));
            });
        })
        .ForSignedIn()
        .WithName("CreateToken")
        .WithSummary("Makes a token for the signed-in user, optionally for one project, capped at a role, expiring at a time. The secret is in the answer only.")
        .Produces<CreatedTokenDto>(StatusCodes.Status201Created)
        .ProducesValidationProblem();

        group.MapDelete("/{tokenId:long}", async (long tokenId, HttpContext http, TagloopDbContext db, TimeProvider time, CancellationToken ct) =>
        {
            var outcome = await ApiTokens.RevokeAsync(db, http.Caller(), tokenId, http.From(), time, ct).ConfigureAwait(false);
            return ProblemResults.ToResult(outcome, _ => TypedResults.NoContent());
        })
        .ForSignedIn()
        .WithName("RevokeToken")
        .WithSummary("Revokes a token of one's own (an administrator: anyone's). It stops working at once.")
        .Produces(StatusCodes.Status204NoContent)
        .ProducesProblem(StatusCodes.Status404NotFound);
    }
}
