using System.Numerics.Tensors;

namespace Tagloop.Learning.Optimization;

/// <summary>
/// Limited-memory BFGS (Nocedal 1980; Liu and Nocedal 1989) with a backtracking Armijo line search, for smooth
/// convex objectives such as a regularised log-likelihood.
/// </summary>
public static class Lbfgs
{
    /// <summary>Returns f(x) and writes its gradient.</summary>
    public delegate double Objective(ReadOnlySpan<double> x, Span<double> gradient);

    /// <summary>Minimises <paramref name="f"/> starting from <paramref name="x"/>, which holds the minimiser on return.</summary>
    public static LbfgsResult Minimize(Objective f, double[] x, int memory = 10, int maxIterations = 300, double gradientTolerance = 1e-5)
    {
        ArgumentNullException.ThrowIfNull(f);
        ArgumentNullException.ThrowIfNull(x);
        var n = x.Length;
        var s = new double[memory][];
        var y = new double[memory][];
        var rho = new double[memory];
        for (var k = 0; k < memory; k++)
        {
            s[k] = new double[n];
            y[k] = new double[n];
        }

        var g = new double[n];
        var gNew = new double[n];
        var xNew = new double[n];
        var d = new double[n];
        var alpha = new double[memory];
        var value = f(x, g);
        var stored = 0;
        var newest = -1;
        var iteration = 0;
        for (; iteration < maxIterations; iteration++)
        {
            if (Norm(g) <= gradientTolerance * Math.Max(1.0, Norm(x)))
            {
                break;
            }

            // Two-loop recursion: d = -H g.
            Array.Copy(g, d, n);
            for (var k = 0; k < stored; k++)
            {
                var i = (newest - k + memory) % memory;
                alpha[i] = rho[i] * Dot(s[i], d);
                Axpy(-alpha[i], y[i], d);
            }

            var gamma = stored > 0 ? Dot(s[newest], y[newest]) / Dot(y[newest], y[newest]) : 1.0 / Math.Max(1.0, Norm(g));
            TensorPrimitives.Multiply<double>(d, gamma, d);

            for (var k = stored - 1; k >= 0; k--)
            {
                var i = (newest - k + memory) % memory;
                var beta = rho[i] * Dot(y[i], d);
                Axpy(alpha[i] - beta, s[i], d);
            }

            TensorPrimitives.Negate<double>(d, d);

            var slope = Dot(g, d);
            if (slope >= 0)
            {
                // Not a descent direction (numerical trouble): restart from steepest descent.
                stored = 0;
                // The norm once, not once per element.
                TensorPrimitives.Multiply<double>(g, -1.0 / Math.Max(1.0, Norm(g)), d);

                slope = Dot(g, d);
            }

            var step = 1.0;
            double newValue;
            var accepted = false;
            for (var tries = 0; tries < 40; tries++)
            {
                TensorPrimitives.MultiplyAdd<double>(d, step, x, xNew);

                newValue = f(xNew, gNew);
                if (newValue <= value + (1e-4 * step * slope))
                {
                    accepted = true;
                    newest = (newest + 1) % memory;
                    TensorPrimitives.Subtract<double>(xNew, x, s[newest]);
                    TensorPrimitives.Subtract<double>(gNew, g, y[newest]);

                    var sy = Dot(s[newest], y[newest]);
                    if (sy > 1e-12)
                    {
                        rho[newest] = 1.0 / sy;
                        stored = Math.Min(stored + 1, memory);
                    }
                    else
                    {
                        newest = (newest - 1 + memory) % memory;
                    }

                    var improvement = value - newValue;
                    Array.Copy(xNew, x, n);
                    Array.Copy(gNew, g, n);
                    value = newValue;

                    // Only a full step that gains almost nothing means convergence; a tiny gain after many
                    // halvings means a poor curvature estimate, and the next iteration corrects it.
                    if (step == 1.0 && improvement <= 1e-12 * Math.Max(1.0, Math.Abs(value)))
                    {
                        return new LbfgsResult(value, iteration + 1, Converged: true);
                    }

                    break;
                }

                step *= 0.5;
            }

            if (!accepted)
            {
                return new LbfgsResult(value, iteration, Converged: false);
            }
        }

        return new LbfgsResult(value, iteration, Converged: iteration < maxIterations);
    }

    // Vectorised: the parameter vectors are long (classes × features seen), and these loops are most of the cost.
    private static double Dot(double[] a, double[] b) => TensorPrimitives.Dot<double>(a, b);

    private static double Norm(double[] a) => TensorPrimitives.Norm<double>(a);

    // y += a·x
    private static void Axpy(double a, double[] x, double[] y) => TensorPrimitives.MultiplyAdd<double>(x, a, y, y);
}
