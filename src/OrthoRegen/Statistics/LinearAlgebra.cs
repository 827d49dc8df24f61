namespace OrthoRegen.Statistics;

/// <summary>Small dense linear algebra for p × p systems (p = number of model terms), kept local so the
/// numerics are explicit: Gaussian elimination with partial pivoting and a Cholesky-based inverse.</summary>
internal static class LinearAlgebra
{
    /// <summary>Solves A x = b; null when A is numerically singular.</summary>
    public static double[]? Solve(double[,] a0, double[] b0)
    {
        var n = b0.Length;
        var a = (double[,])a0.Clone();
        var b = (double[])b0.Clone();
        double scale = 0;
        for (var i = 0; i < n; i++) for (var j = 0; j < n; j++) scale = Math.Max(scale, Math.Abs(a[i, j]));
        if (scale == 0) return null;
        for (var col = 0; col < n; col++)
        {
            var piv = col;
            for (var r = col + 1; r < n; r++) if (Math.Abs(a[r, col]) > Math.Abs(a[piv, col])) piv = r;
            if (Math.Abs(a[piv, col]) <= 1e-13 * scale) return null;
            if (piv != col)
            {
                for (var c = 0; c < n; c++) (a[col, c], a[piv, c]) = (a[piv, c], a[col, c]);
                (b[col], b[piv]) = (b[piv], b[col]);
            }
            for (var r = col + 1; r < n; r++)
            {
                var f = a[r, col] / a[col, col];
                if (f == 0) continue;
                for (var c = col; c < n; c++) a[r, c] -= f * a[col, c];
                b[r] -= f * b[col];
            }
        }
        var x = new double[n];
        for (var r = n - 1; r >= 0; r--)
        {
            var s = b[r];
            for (var c = r + 1; c < n; c++) s -= a[r, c] * x[c];
            x[r] = s / a[r, r];
        }
        return x;
    }

    /// <summary>
    /// Inverse of a symmetric positive definite matrix by Cholesky; null when not positive definite. <paramref name="failedColumn"/>
    /// is the first column whose pivot vanished (the term that is collinear with the earlier ones).
    /// </summary>
    public static double[,]? InverseSpd(double[,] a, out int failedColumn)
    {
        var n = a.GetLength(0);
        var l = new double[n, n];
        failedColumn = -1;
        for (var j = 0; j < n; j++)
        {
            var s = a[j, j];
            for (var k = 0; k < j; k++) s -= l[j, k] * l[j, k];
            if (!(s > 1e-12 * Math.Abs(a[j, j])) || !(a[j, j] > 0)) { failedColumn = j; return null; }
            l[j, j] = Math.Sqrt(s);
            for (var i = j + 1; i < n; i++)
            {
                var t = a[i, j];
                for (var k = 0; k < j; k++) t -= l[i, k] * l[j, k];
                l[i, j] = t / l[j, j];
            }
        }
        // inverse of L, then (L⁻¹)ᵀ L⁻¹
        var li = new double[n, n];
        for (var i = 0; i < n; i++)
        {
            li[i, i] = 1 / l[i, i];
            for (var j = i + 1; j < n; j++)
            {
                double s = 0;
                for (var k = i; k < j; k++) s -= l[j, k] * li[k, i];
                li[j, i] = s / l[j, j];
            }
        }
        var inv = new double[n, n];
        for (var i = 0; i < n; i++)
            for (var j = 0; j <= i; j++)
            {
                double s = 0;
                for (var k = i; k < n; k++) s += li[k, i] * li[k, j];
                inv[i, j] = s; inv[j, i] = s;
            }
        return inv;
    }

    public static double[] Multiply(double[,] a, double[] x)
    {
        var n = x.Length;
        var y = new double[n];
        for (var i = 0; i < n; i++) { double s = 0; for (var j = 0; j < n; j++) s += a[i, j] * x[j]; y[i] = s; }
        return y;
    }

    public static double Dot(double[] a, double[] b) { double s = 0; for (var i = 0; i < a.Length; i++) s += a[i] * b[i]; return s; }
}
