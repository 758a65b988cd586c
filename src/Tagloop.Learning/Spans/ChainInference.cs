namespace Tagloop.Learning.Spans;

/// <summary>
/// Exact inference on a linear chain (Lafferty, McCallum and Pereira 2001; Sutton and McCallum, "An Introduction to
/// Conditional Random Fields", 2012, §4.1): forward–backward with per-position scaling, restricted to the labels a
/// mask allows, and Viterbi. Emissions are token-major [T × L]; a mask is empty (everything allowed) or [T × L].
/// </summary>
internal static class ChainInference
{
    /// <summary>
    /// Scaled forward pass: fills alpha (each row sums to 1), psi (exp of the emissions less each row's maximum, 0
    /// where masked) and scale (the row sums before normalising). Returns log Z over the paths the mask allows,
    /// −∞ when no legal path fits the mask.
    /// </summary>
    public static double Forward(ReadOnlySpan<double> emissions, int length, ChainPotentials p, ReadOnlySpan<bool> mask, Span<double> alpha, Span<double> psi, Span<double> scale)
    {
        var L = p.L;
        var logZ = 0.0;
        for (var t = 0; t < length; t++)
        {
            var e = emissions.Slice(t * L, L);
            var max = double.NegativeInfinity;
            for (var l = 0; l < L; l++)
            {
                if ((mask.IsEmpty || mask[(t * L) + l]) && e[l] > max)
                {
                    max = e[l];
                }
            }

            if (double.IsNegativeInfinity(max))
            {
                return double.NegativeInfinity;
            }

            var row = psi.Slice(t * L, L);
            var a = alpha.Slice(t * L, L);
            for (var l = 0; l < L; l++)
            {
                row[l] = mask.IsEmpty || mask[(t * L) + l] ? Math.Exp(e[l] - max) : 0.0;
            }

            var sum = 0.0;
            if (t == 0)
            {
                for (var l = 0; l < L; l++)
                {
                    a[l] = p.ExpStart[l] * row[l];
                    sum += a[l];
                }
            }
            else
            {
                var previous = alpha.Slice((t - 1) * L, L);
                for (var l = 0; l < L; l++)
                {
                    if (row[l] == 0)
                    {
                        a[l] = 0;
                        continue;
                    }

                    var s = 0.0;
                    for (var k = 0; k < L; k++)
                    {
                        s += previous[k] * p.ExpTransitions[(k * L) + l];
                    }

                    a[l] = s * row[l];
                    sum += a[l];
                }
            }

            if (!(sum > 0))
            {
                return double.NegativeInfinity;
            }

            for (var l = 0; l < L; l++)
            {
                a[l] /= sum;
            }

            scale[t] = sum;
            logZ += Math.Log(sum) + max;
        }

        var last = alpha.Slice((length - 1) * L, L);
        var end = 0.0;
        for (var l = 0; l < L; l++)
        {
            end += last[l] * p.ExpEnd[l];
        }

        return end > 0 ? logZ + Math.Log(end) : double.NegativeInfinity;
    }

    /// <summary>
    /// Backward pass after <see cref="Forward"/>: writes the node marginals [T × L] and adds
    /// <paramref name="pairWeight"/> × the pair marginals P(y_t = k, y_t+1 = l), summed over t, to
    /// <paramref name="pairs"/> [L × L] (skipped when it is empty).
    /// </summary>
    public static void Backward(int length, ChainPotentials p, ReadOnlySpan<double> alpha, ReadOnlySpan<double> psi, ReadOnlySpan<double> scale, Span<double> beta, Span<double> marginals, Span<double> pairs, double pairWeight)
    {
        var L = p.L;
        var last = alpha.Slice((length - 1) * L, L);
        var end = 0.0;
        for (var l = 0; l < L; l++)
        {
            end += last[l] * p.ExpEnd[l];
        }

        var b = beta.Slice((length - 1) * L, L);
        for (var l = 0; l < L; l++)
        {
            b[l] = p.ExpEnd[l] / end;
        }

        Span<double> next = stackalloc double[L];
        for (var t = length - 2; t >= 0; t--)
        {
            var after = beta.Slice((t + 1) * L, L);
            var row = psi.Slice((t + 1) * L, L);
            var c = scale[t + 1];
            for (var l = 0; l < L; l++)
            {
                next[l] = row[l] * after[l] / c;
            }

            var here = beta.Slice(t * L, L);
            var a = alpha.Slice(t * L, L);
            for (var k = 0; k < L; k++)
            {
                var s = 0.0;
                var transitions = p.ExpTransitions.AsSpan(k * L, L);
                for (var l = 0; l < L; l++)
                {
                    s += transitions[l] * next[l];
                }

                here[k] = s;
                if (!pairs.IsEmpty && a[k] != 0)
                {
                    var f = pairWeight * a[k];
                    var target = pairs.Slice(k * L, L);
                    for (var l = 0; l < L; l++)
                    {
                        target[l] += f * transitions[l] * next[l];
                    }
                }
            }
        }

        for (var i = 0; i < length * L; i++)
        {
            marginals[i] = alpha[i] * beta[i];
        }
    }

    /// <summary>The best legal path (written to <paramref name="path"/>) and its score (unnormalised log).</summary>
    public static double Viterbi(ReadOnlySpan<double> emissions, int length, ChainPotentials p, Span<int> path)
    {
        var L = p.L;
        var delta = new double[length * L];
        var back = new int[length * L];
        for (var l = 0; l < L; l++)
        {
            delta[l] = p.LogStart[l] + emissions[l];
        }

        for (var t = 1; t < length; t++)
        {
            for (var l = 0; l < L; l++)
            {
                var best = double.NegativeInfinity;
                var from = 0;
                for (var k = 0; k < L; k++)
                {
                    var s = delta[((t - 1) * L) + k] + p.LogTransitions[(k * L) + l];
                    if (s > best)
                    {
                        best = s;
                        from = k;
                    }
                }

                delta[(t * L) + l] = best + emissions[(t * L) + l];
                back[(t * L) + l] = from;
            }
        }

        var score = double.NegativeInfinity;
        var state = 0;
        for (var l = 0; l < L; l++)
        {
            var s = delta[((length - 1) * L) + l] + p.LogEnd[l];
            if (s > score)
            {
                score = s;
                state = l;
            }
        }

        for (var t = length - 1; t >= 0; t--)
        {
            path[t] = state;
            state = back[(t * L) + state];
        }

        return score;
    }

    /// <summary>The unnormalised log score of a path (−∞ when it takes a forbidden step).</summary>
    public static double Score(ReadOnlySpan<double> emissions, int length, ChainPotentials p, ReadOnlySpan<int> path)
    {
        var L = p.L;
        var score = p.LogStart[path[0]] + p.LogEnd[path[length - 1]];
        for (var t = 0; t < length; t++)
        {
            score += emissions[(t * L) + path[t]];
            if (t > 0)
            {
                score += p.LogTransitions[(path[t - 1] * L) + path[t]];
            }
        }

        return score;
    }
}
