using System.Diagnostics;
using System.Net;
using System.Net.Sockets;

namespace Tagloop.Server.Tests;

/// <summary>Runs the real <c>tagloop</c> command (the CLI built beside the tests) as its own process.</summary>
internal static class ServeProcess
{
    /// <summary>Starts <c>tagloop serve</c> and returns once it answers on <paramref name="port"/>.</summary>
    public static async Task<Process> StartAsync(string dataDir, int port, params string[] more)
    {
        var process = Start(["serve", "--port", port.ToString(System.Globalization.CultureInfo.InvariantCulture), "--data-dir", dataDir, "--no-word-vectors", .. more]);
        process.OutputDataReceived += (_, _) => { };
        process.ErrorDataReceived += (_, _) => { };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();

        using var client = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{port}"), Timeout = TimeSpan.FromSeconds(2) };
        for (var attempt = 0; attempt < 300; attempt++)
        {
            Assert.False(process.HasExited, $"tagloop serve exited with code {(process.HasExited ? process.ExitCode : 0)}");
            try
            {
                if ((await client.GetAsync("/api/v1/projects")).IsSuccessStatusCode)
                {
                    return process;
                }
            }
            catch (HttpRequestException)
            {
                // Not listening yet.
            }
            catch (TaskCanceledException)
            {
                // Not answering yet.
            }

            await Task.Delay(100);
        }

        process.Kill(entireProcessTree: true);
        throw new TimeoutException("tagloop serve did not start within 30 s");
    }

    /// <summary>Runs a <c>tagloop</c> command to its end (at most two minutes) and returns its exit code and output.</summary>
    public static Task<(int ExitCode, string Output, string Error)> RunAsync(params string[] arguments) =>
        RunAsync(new Dictionary<string, string>(), arguments);

    /// <summary>Runs a <c>tagloop</c> command with these environment variables set besides the test's own.</summary>
    public static Task<(int ExitCode, string Output, string Error)> RunAsync(IReadOnlyDictionary<string, string> environment, params string[] arguments) =>
        RunWithInputAsync(environment, null, arguments);

    /// <summary>Runs a command with <paramref name="input"/> on its standard input (closed after it; none when null).</summary>
    public static Task<(int ExitCode, string Output, string Error)> RunWithInputAsync(string? input, params string[] arguments) =>
        RunWithInputAsync(new Dictionary<string, string>(), input, arguments);

    private static async Task<(int ExitCode, string Output, string Error)> RunWithInputAsync(IReadOnlyDictionary<string, string> environment, string? input, string[] arguments)
    {
        using var process = Start(environment, input is not null, arguments);
        if (input is not null)
        {
            await process.StandardInput.WriteAsync(input);
            process.StandardInput.Close();
        }

        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(2));
        try
        {
            await process.WaitForExitAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"tagloop {string.Join(' ', arguments)} did not finish within two minutes");
        }

        return (process.ExitCode, await output, await error);
    }

    /// <summary>Starts a <c>tagloop</c> command with its output redirected (the caller reads or drains it).</summary>
    public static Process Start(params string[] arguments) => Start(new Dictionary<string, string>(), false, arguments);

    private static Process Start(IReadOnlyDictionary<string, string> environment, bool redirectInput, string[] arguments)
    {
        var start = new ProcessStartInfo("dotnet")
        {
            RedirectStandardInput = redirectInput,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "tagloop.dll"));
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        foreach (var (name, value) in environment)
        {
            start.Environment[name] = value;
        }

        return Process.Start(start)!;
    }

    public static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
