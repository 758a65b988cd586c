namespace Tagloop.Learning.Classification;

/// <summary>
/// The eigenvalues (and, when asked, eigenvectors) of a symmetric matrix: Householder reduction to tridiagonal form,
/// then the implicit QL method with Wilkinson shifts (Golub and Van Loan, ch. 8).
/// </summary>
internal static class SymmetricEigenvalues
{
    /// <summary>The eigenvalues of the n × n symmetric matrix <paramref name="a"/> (row-major; destroyed), unsorted.</summary>
    public static double[] Compute(double[] a, int n)
    {
        var diagonal = new double[n];
        var offDiagonal = new double[n];
        Tridiagonalize(a, n, diagonal, offDiagonal, accumulate: false);
        QlImplicit(diagonal, offDiagonal, n, null);
        return diagonal;
    }

    /// <summary>
    /// Eigenvalues and eigenvectors of the n × n symmetric matrix <paramref name="a"/> (row-major; overwritten by the
    /// eigenvectors, column j belonging to value j): the Householder reflections are accumulated into an orthogonal
    /// matrix, and the QL rotations applied to it.
    /// </summary>
    public static double[] Decompose(double[] a, int n)
    {
        var diagonal = new double[n];
        var offDiagonal = new double[n];
        Tridiagonalize(a, n, diagonal, offDiagonal, accumulate: true);
        QlImplicit(diagonal, offDiagonal, n, a);
        return diagonal;
    }

    private static void Tridiagonalize(double[] a, int n, double[] d, double[] e, bool accumulate)
    {
        for (var i = n - 1; i > 0; i--)
        {
            var l = i - 1;
            var h = 0.0;
            if (l > 0)
            {
                var scale = 0.0;
                for (var k = 0; k <= l; k++)
                {
                    scale += Math.Abs(a[(i * n) + k]);
                }

                if (scale == 0.0)
                {
                    e[i] = a[(i * n) + l];
                }
                else
                {
                    for (var k = 0; k <= l; k++)
                    {
                        a[(i * n) + k] /= scale;
                        h += a[(i * n) + k] * a[(i * n) + k];
                    }

                    var f = a[(i * n) + l];
                    var g = f >= 0 ? -Math.Sqrt(h) : Math.Sqrt(h);
                    e[i] = scale * g;
                    h -= f * g;
                    a[(i * n) + l] = f - g;
                    f = 0.0;
                    for (var j = 0; j <= l; j++)
                    {
                        g = 0.0;
                        for (var k = 0; k <= j; k++)
                        {
                            g += a[(j * n) + k] * a[(i * n) + k];
                        }

                        for (var k = j + 1; k <= l; k++)
                        {
                            g += a[(k * n) + j] * a[(i * n) + k];
                        }

                        // The upper triangle keeps u/h for accumulating the reflections; the reduction reads the lower one only.
                        if (accumulate)
                        {
                            a[(j * n) + i] = a[(i * n) + j] / h;
                        }

                        e[j] = g / h;
                        f += e[j] * a[(i * n) + j];
                    }

                    var hh = f / (h + h);
                    for (var j = 0; j <= l; j++)
                    {
                        f = a[(i * n) + j];
                        e[j] = g = e[j] - (hh * f);
                        for (var k = 0; k <= j; k++)
                        {
                            a[(j * n) + k] -= (f * e[k]) + (g * a[(i * n) + k]);
                        }
                    }
                }
            }
            else
            {
                e[i] = a[(i * n) + l];
            }

            d[i] = h;
        }

        if (!accumulate)
        {
            for (var i = 0; i < n; i++)
            {
                d[i] = a[(i * n) + i];
            }

            return;
        }

        // Q = P₁ P₂ … built in place, from the smallest reflection outwards: row i (columns < i) holds reflection i's
        // vector u, column i (rows < i) u/h.
        if (n > 0)
        {
            d[0] = 0.0;
        }

        for (var i = 0; i < n; i++)
        {
            if (d[i] != 0.0)
            {
                for (var j = 0; j < i; j++)
                {
                    var g = 0.0;
                    for (var k = 0; k < i; k++)
                    {
                        g += a[(i * n) + k] * a[(k * n) + j];
                    }

                    for (var k = 0; k < i; k++)
                    {
                        a[(k * n) + j] -= g * a[(k * n) + i];
                    }
                }
            }

            d[i] = a[(i * n) + i];
            a[(i * n) + i] = 1.0;
            for (var j = 0; j < i; j++)
            {
                a[(j * n) + i] = 0.0;
                a[(i * n) + j] = 0.0;
            }
        }
    }

    private static void QlImplicit(double[] d, double[] e, int n, double[]? vectors)
    {
        for (var i = 1; i < n; i++)
        {
            e[i - 1] = e[i];
        }

        if (n > 0)
        {
            e[n - 1] = 0.0;
        }

        for (var l = 0; l < n; l++)
        {
            var iterations = 0;
            int m;
            do
            {
                for (m = l; m < n - 1; m++)
                {
                    var dd = Math.Abs(d[m]) + Math.Abs(d[m + 1]);
                    if (Math.Abs(e[m]) <= 1e-15 * dd)
                    {
                        break;
                    }
                }

                if (m != l)
                {
                    if (iterations++ == 60)
                    {
                        break;
                    }

                    var g = (d[l + 1] - d[l]) / (2.0 * e[l]);
                    var r = Hypot(g, 1.0);
                    g = d[m] - d[l] + (e[l] / (g + (g >= 0 ? Math.Abs(r) : -Math.Abs(r))));
                    double s = 1.0, c = 1.0, p = 0.0;
                    int i;
                    for (i = m - 1; i >= l; i--)
                    {
                        var f = s * e[i];
                        var b = c * e[i];
                        e[i + 1] = r = Hypot(f, g);
                        if (r == 0.0)
                        {
                            d[i + 1] -= p;
                            e[m] = 0.0;
                            break;
                        }

                        s = f / r;
                        c = g / r;
                        g = d[i + 1] - p;
                        r = ((d[i] - g) * s) + (2.0 * c * b);
                        d[i + 1] = g + (p = s * r);
                        g = (c * r) - b;
                        if (vectors is not null)
                        {
                            for (var k = 0; k < n; k++)
                            {
                                var right = vectors[(k * n) + i + 1];
                                vectors[(k * n) + i + 1] = (s * vectors[(k * n) + i]) + (c * right);
                                vectors[(k * n) + i] = (c * vectors[(k * n) + i]) - (s * right);
                            }
                        }
                    }

                    if (r == 0.0 && i >= l)
                    {
                        continue;
                    }

                    d[l] -= p;
                    e[l] = g;
                    e[m] = 0.0;
                }
            }
            while (m != l);
        }
    }

    private static double Hypot(double a, double b)
    {
        var x = Math.Abs(a);
        var y = Math.Abs(b);
        if (x > y)
        {
            return x * Math.Sqrt(1.0 + ((y / x) * (y / x)));
        }

        return y == 0.0 ? 0.0 : y * Math.Sqrt(1.0 + ((x / y) * (x / y)));
    }
}
