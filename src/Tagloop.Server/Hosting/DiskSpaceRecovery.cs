using Tagloop.Core.Common;

namespace Tagloop.Server.Hosting;

/// <summary>After a full disk, the first change that is stored again (any successful request that writes) ends the alarm.</summary>
internal static class DiskSpaceRecovery
{
    public static IApplicationBuilder UseDiskSpaceRecovery(this IApplicationBuilder app) =>
        app.Use(async (context, next) =>
        {
            await next(context).ConfigureAwait(false);
            if (context.Response.StatusCode is >= 200 and < 300 && !HttpMethods.IsHead(context.Request.Method)
                && context.RequestServices.GetRequiredService<DiskSpaceAlarm>() is { IsRaised: true } alarm
                && (!HttpMethods.IsGet(context.Request.Method) || context.Request.Path.Value?.EndsWith("/tasks/next", StringComparison.Ordinal) == true))
            {
                alarm.Clear();
            }
        });
}
