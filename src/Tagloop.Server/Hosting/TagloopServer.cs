using System.Text.Json.Serialization;
using System.Threading.RateLimiting;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Authorization.Policy;
using Microsoft.AspNetCore.HttpOverrides;
using Microsoft.Extensions.FileProviders;
using Microsoft.Extensions.Options;
using Tagloop.Core;
using Tagloop.Core.Annotations;
using Tagloop.Core.Common;
using Tagloop.Core.Documents;
using Tagloop.Core.Export;
using Tagloop.Core.Projects;
using Tagloop.Core.Tasks;
using Tagloop.Core.Taxonomy;
using Tagloop.Core.Training;
using Tagloop.Core.WeakSupervision;
using Tagloop.Learning.Encoders;
using Tagloop.Learning.WeakSupervision;
using Tagloop.Pretrained;
using Tagloop.Server.Accounts;
using Tagloop.Server.Annotations;
using Tagloop.Server.Documents;
using Tagloop.Server.Events;
using Tagloop.Server.Explore;
using Tagloop.Server.Export;
using Tagloop.Server.Models;
using Tagloop.Server.Projects;
using Tagloop.Server.Review;
using Tagloop.Server.Security;
using Tagloop.Server.Tasks;
using Tagloop.Server.WeakSupervision;
using Tagloop.Storage.Postgres;
using Tagloop.Storage.Sqlite;

namespace Tagloop.Server.Hosting;

/// <summary>Builds Tagloop's web application: storage, the versioned API, the OpenAPI document and the web UI.</summary>
public static class TagloopServer
{
    // On PostgreSQL, how old a project's task pool may grow before it is read afresh: what other servers on the database
    // changed in bulk (label edits, undos, settings) reaches this one's queue within it.
    private static readonly TimeSpan SharedPoolAge = TimeSpan.FromMinutes(1);

    public static WebApplication Build(string[] args, Action<WebApplicationBuilder>? configure = null)
    {
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions
        {
            Args = args,
            ApplicationName = typeof(TagloopServer).Assembly.GetName().Name,
            ContentRootPath = AppContext.BaseDirectory,
        });
        configure?.Invoke(builder);

        // Listening is decided now; everything else reads the options when the app starts, so that test hosts can
        // override configuration after this method has run.
        var options = builder.Configuration.GetSection(TagloopServerOptions.Section).Get<TagloopServerOptions>() ?? new TagloopServerOptions();
        builder.Services.AddOptions<TagloopServerOptions>().Bind(builder.Configuration.GetSection(TagloopServerOptions.Section));

        // Listening beyond loopback is checked once the database is open (DatabaseMigrator): it needs accounts.
        foreach (var name in options.AllowedHosts)
        {
            if (Security.AllowedHosts.Problem(name) is { } problem)
            {
                throw new InvalidOperationException(problem);
            }
        }

        if (options.Port is < 0 or > 65535)
        {
            throw new InvalidOperationException($"Port {options.Port} is not a TCP port (0–65535).");
        }

        var requestedUrls = (builder.Configuration["urls"] ?? "").Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Concat(builder.Configuration.GetSection("Kestrel:Endpoints").GetChildren().Select(e => e["Url"]).OfType<string>());
        if (LoopbackGuard.IsLoopback(options.Host))
        {
            LoopbackGuard.EnsureLoopback(requestedUrls);
        }
        builder.WebHost.UseUrls($"http://{options.Host}:{options.Port}");
        // Every body is bounded; the import endpoint alone raises its own limit to MaxUploadBytes.
        builder.WebHost.ConfigureKestrel(k => k.Limits.MaxRequestBodySize = options.MaxRequestBytes);

        builder.Services.AddSingleton(TimeProvider.System);
        builder.Services.AddTagloopStorage(provider => StorageChoice.For(provider.GetRequiredService<IOptions<TagloopServerOptions>>().Value));
        // EF Core logs each failed command with its stack trace before the exception reaches Tagloop, which reports
        // it once (500 handler, training log, disk-space alarm): one failure, one line.
        builder.Logging.AddFilter("Microsoft.EntityFrameworkCore", LogLevel.Critical);
        builder.Logging.AddFilter("Microsoft.AspNetCore", LogLevel.Warning);
        builder.Services.AddHostedService<DatabaseMigrator>();
        AddAccess(builder.Services);
        builder.Services.AddSingleton<ModelRegistry>();

        // One pending "answers changed" per listener is enough: a browser refetches the statistics anyway.
        builder.Services.AddSingleton(new ProjectFeed<AnnotationsChanged>(capacity: 1));
        builder.Services.AddSingleton(provider => new ModelStore(Path.Combine(Path.GetFullPath(provider.GetRequiredService<IOptions<TagloopServerOptions>>().Value.DataDir), "models")));
        builder.Services.AddSingleton(provider => new VectorCache(Path.Combine(Path.GetFullPath(provider.GetRequiredService<IOptions<TagloopServerOptions>>().Value.DataDir), "vectors")));
        builder.Services.AddSingleton<EncodingProgress>();
        builder.Services.AddSingleton(provider => new ExportSpool(Path.Combine(Path.GetFullPath(provider.GetRequiredService<IOptions<TagloopServerOptions>>().Value.DataDir), "tmp")));
        // Sentence embeddings: one loaded model per encoder for the whole server (MiniLM from the data folder's cache,
        // extracted from the package on first use), vectors in per-project memory-mapped files, encoded in the background.
        builder.Services.AddSingleton(provider => new EmbeddingStore(Path.Combine(Path.GetFullPath(provider.GetRequiredService<IOptions<TagloopServerOptions>>().Value.DataDir), "embeddings")));
        builder.Services.AddSingleton(provider => new DenseEncoders(new TextEncoderResources(MiniLmCacheDirectory: MiniLmModel.FolderIn(provider.GetRequiredService<IOptions<TagloopServerOptions>>().Value.DataDir))));
        builder.Services.AddSingleton<EmbeddingQueue>();
        builder.Services.AddSingleton<EmbeddingCoordinator>();
        builder.Services.AddSingleton<Core.Explore.ExploreMaps>();
        builder.Services.AddSingleton<QueueFocus>();
        // Span taggers read the GloVe vectors and their word clusters when 'tagloop models pull glove-100d' has put them in models/.
        builder.Services.AddSingleton(provider => new TaggerFeatures(Path.Combine(Path.GetFullPath(provider.GetRequiredService<IOptions<TagloopServerOptions>>().Value.DataDir), "models")));
        builder.Services.AddSingleton<TrainingCoordinator>();
        builder.Services.AddHostedService<TrainingWorker>();
        builder.Services.AddHostedService<EmbeddingWorker>();
        builder.Services.AddHostedService<UnfinishedImportCleanup>();

        // The queue's view of each project lives in memory. Leases do too on SQLite (one server per data folder:
        // DataFolderLock); on PostgreSQL several servers may share the database, so they hold the leases in it.
        builder.Services.AddSingleton(provider =>
            StorageChoice.For(provider.GetRequiredService<IOptions<TagloopServerOptions>>().Value).IsPostgres
                ? new TaskPools(provider.GetRequiredService<TimeProvider>(), SharedPoolAge)
                : new TaskPools());
        builder.Services.AddSingleton<ITaskLeases>(provider =>
            StorageChoice.For(provider.GetRequiredService<IOptions<TagloopServerOptions>>().Value) is { IsPostgres: true } postgres
                ? new PostgresTaskLeases(postgres.Target, provider.GetRequiredService<TimeProvider>())
                : new InMemoryTaskLeases(provider.GetRequiredService<TimeProvider>()));
        builder.Services.AddSingleton<ProjectChanges>();

        // Rules tried out: each project's documents as rules read them and each saved rule's votes, kept in memory.
        builder.Services.AddSingleton(provider => new RuleWorkbench(
            provider.GetRequiredService<EmbeddingStore>(), provider.GetRequiredService<DenseEncoders>(),
            new RuleSetOptions { TimeProvider = provider.GetRequiredService<TimeProvider>() }));
        builder.Services.AddSingleton(provider => new ProjectRemoval(
            provider.GetRequiredService<ModelStore>(), provider.GetRequiredService<VectorCache>(), provider.GetRequiredService<EmbeddingStore>(),
            provider.GetRequiredService<TrainingCoordinator>(), provider.GetRequiredService<ModelRegistry>(), provider.GetRequiredService<TaskPools>(),
            provider.GetRequiredService<RuleWorkbench>()));
        builder.Services.AddScoped(provider => new TaxonomyEditor(
            provider.GetRequiredService<TagloopDbContext>(), provider.GetRequiredService<TimeProvider>(), provider.GetRequiredService<ProjectChanges>()));
        builder.Services.AddScoped(provider => new DocumentRemoval(
            provider.GetRequiredService<TagloopDbContext>(), provider.GetRequiredService<ProjectChanges>(),
            provider.GetRequiredService<VectorCache>(), provider.GetRequiredService<EmbeddingStore>()));
        builder.Services.AddHostedService<TaskPoolLoader>();
        builder.Services.AddProblemDetails(o => o.CustomizeProblemDetails = c =>
        {
            // Statuses that no endpoint wrote itself (Kestrel's and routing's) still say what to do.
            var request = c.HttpContext.Request;
            if (c.ProblemDetails.Status == StatusCodes.Status405MethodNotAllowed && c.ProblemDetails.Detail is null)
            {
                var allowed = c.HttpContext.Response.Headers.Allow.ToString();
                c.ProblemDetails.Detail = $"{request.Path} does not take {request.Method}" + (allowed.Length > 0 ? $"; it takes {allowed}." : ".");
            }

            if (c.ProblemDetails.Status == StatusCodes.Status415UnsupportedMediaType && c.ProblemDetails.Detail is null)
            {
                c.ProblemDetails.Detail = string.IsNullOrEmpty(request.ContentType)
                    ? $"{request.Path} takes a JSON body: send it with Content-Type: application/json."
                    : $"{request.Path} takes a JSON body (Content-Type: application/json), not '{request.ContentType.Split(';')[0].Trim()}'.";
            }

            if (c.ProblemDetails.Status == StatusCodes.Status413PayloadTooLarge && c.ProblemDetails.Detail is null)
            {
                var limits = c.HttpContext.RequestServices.GetRequiredService<IOptions<TagloopServerOptions>>().Value;
                var import = c.HttpContext.Request.Path.Value?.EndsWith("/documents", StringComparison.Ordinal) == true;
                c.ProblemDetails.Title = "The request is too large.";
                c.ProblemDetails.Detail = import
                    ? $"The file is larger than the {limits.MaxUploadBytes / (1024 * 1024)} MB an import may be (setting Tagloop:MaxUploadBytes); split it, or use 'tagloop import', which has no such limit."
                    : $"The request body is larger than the {limits.MaxRequestBytes / (1024 * 1024)} MB this server accepts for JSON requests (setting Tagloop:MaxRequestBytes).";
            }
        });
        builder.Services.AddSingleton<DiskSpaceAlarm>();
        builder.Services.AddExceptionHandler<ApiExceptionHandler>();

        // Bodies and query values that do not bind become exceptions the handler above turns into problems naming the field.
        builder.Services.Configure<RouteHandlerOptions>(o => o.ThrowOnBadRequest = true);
        builder.Services.ConfigureHttpJsonOptions(j =>
        {
            j.SerializerOptions.Converters.Add(new JsonStringEnumConverter(System.Text.Json.JsonNamingPolicy.CamelCase));

            // Numbers are numbers: no quoted numbers accepted, so the API's schema says integer, not "integer or string".
            j.SerializerOptions.NumberHandling = System.Text.Json.Serialization.JsonNumberHandling.Strict;
        });
        builder.Services.AddOpenApi("v1");

        var app = builder.Build();

        app.UseExceptionHandler();
        app.UseSecurityHeaders();
        app.UseMiddleware<RequestGuardMiddleware>();
        app.UseDiskSpaceRecovery();
        app.UseStatusCodePages();
        app.UseForwardedHeaders(new ForwardedHeadersOptions { ForwardedHeaders = ForwardedHeaders.XForwardedFor | ForwardedHeaders.XForwardedProto });

        var webRoot = WebRootLocator.Find(app.Services.GetRequiredService<IOptions<TagloopServerOptions>>().Value.WebRoot);
        if (webRoot is not null)
        {
            var files = new PhysicalFileProvider(webRoot);
            app.UseDefaultFiles(new DefaultFilesOptions { FileProvider = files });
            app.UseStaticFiles(new StaticFileOptions { FileProvider = files });
        }

        // Static files above need no sign-in: the page itself holds no data and shows the sign-in form.
        app.UseRouting();
        app.UseAuthentication();
        app.UseRateLimiter();
        app.UseAuthorization();
        app.UseMiddleware<AccessRuleGuard>();

        app.MapOpenApi("/openapi/{documentName}.json").ForAnyone();
        var api = app.MapGroup("/api/v1");
        api.AddEndpointFilter<TextFieldsFilter>();
        api.MapProjectEndpoints();
        api.MapLabelEndpoints();
        api.MapDocumentEndpoints();
        api.MapImportEndpoints();
        api.MapTaskEndpoints();
        api.MapAssignmentEndpoints();
        api.MapRuleEndpoints();
        api.MapAnnotationEndpoints();
        api.MapExportEndpoints();
        api.MapModelEndpoints();
        api.MapExploreEndpoints();
        api.MapEventEndpoints();
        api.MapAuthEndpoints();
        api.MapTokenEndpoints();
        api.MapMemberEndpoints();
        api.MapUserEndpoints();
        api.MapReviewEndpoints();
        api.MapCommentEndpoints();

        // No fallback endpoint: routing then answers a known address asked with another method 405 (with Allow) and a
        // JSON endpoint sent another content type 415; a request nothing matches arrives here without an endpoint. An
        // unknown API address is a 404 problem, never the web page; any other page address reached by GET is the web
        // page (the UI routes in the browser).
        var indexFile = webRoot is null ? null : new PhysicalFileProvider(webRoot).GetFileInfo("index.html");
        app.Use(async (context, next) =>
        {
            if (context.GetEndpoint() is null)
            {
                var path = context.Request.Path;
                if (path.StartsWithSegments("/api", out var rest))
                {
                    await ProblemResults.ToResult(Core.Common.Problem.NotFound($"There is no API endpoint /api{rest}; see /openapi/v1.json.")).ExecuteAsync(context);
                    return;
                }

                if (indexFile is { Exists: true } && (HttpMethods.IsGet(context.Request.Method) || HttpMethods.IsHead(context.Request.Method))
                    && !Path.HasExtension(path.Value))
                {
                    context.Response.ContentType = "text/html; charset=utf-8";
                    context.Response.ContentLength = indexFile.Length;
                    if (HttpMethods.IsGet(context.Request.Method))
                    {
                        await context.Response.SendFileAsync(indexFile, context.RequestAborted);
                    }

                    return;
                }
            }

            await next(context);
        });

        return app;
    }

    /// <summary>
    /// Sessions, tokens and the local single-user mode (one authentication scheme), the access rules as policies, and
    /// a limit on sign-in attempts per client address.
    /// </summary>
    private static void AddAccess(IServiceCollection services)
    {
        services.AddSingleton<AccountsSwitch>();
        services.AddAuthentication(CallerClaims.Scheme).AddScheme<AuthenticationSchemeOptions, TagloopAuthenticationHandler>(CallerClaims.Scheme, null);
        services.AddSingleton<IAuthorizationHandler, AccessHandler>();
        services.AddSingleton<IAuthorizationMiddlewareResultHandler, AccessResultHandler>();
        services.AddAuthorization(o =>
        {
            foreach (var rule in AccessRules.Policies)
            {
                o.AddPolicy(rule.PolicyName, p => p.RequireAuthenticatedUser().AddRequirements(new AccessRequirement(rule)));
            }
        });
        services.AddRateLimiter(o =>
        {
            o.AddPolicy(AuthEndpoints.SignInLimit, http => RateLimitPartition.GetFixedWindowLimiter(
                http.Connection.RemoteIpAddress?.ToString() ?? "",
                _ => new FixedWindowRateLimiterOptions { PermitLimit = SignInsPerMinute(http), Window = TimeSpan.FromMinutes(1), QueueLimit = 0 }));
            o.OnRejected = (context, ct) =>
            {
                context.HttpContext.Response.Headers.RetryAfter = "60";
                return new ValueTask(TypedResults.Problem(
                    detail: $"Too many sign-in attempts from this address (more than {SignInsPerMinute(context.HttpContext)} a minute); wait a minute and try again.",
                    statusCode: StatusCodes.Status429TooManyRequests, title: "Too many attempts.").ExecuteAsync(context.HttpContext));
            };
        });
    }

    private static int SignInsPerMinute(HttpContext http) =>
        Math.Max(1, http.RequestServices.GetRequiredService<IOptions<TagloopServerOptions>>().Value.SignInsPerMinute);

    /// <summary>The SQLite file in the data folder (created if missing).</summary>
    public static string DatabasePath(TagloopServerOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var dataDir = Path.GetFullPath(options.DataDir);
        Directory.CreateDirectory(dataDir);
        return Path.Combine(dataDir, SqliteStorage.DatabaseFileName);
    }

    public static Task RunTagloopAsync(this WebApplication app)
    {
        ArgumentNullException.ThrowIfNull(app);
        return app.RunAsync();
    }
}
