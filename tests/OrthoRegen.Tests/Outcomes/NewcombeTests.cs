using System.Text;
using OrthoRegen.Outcomes;
using OrthoRegen.Tests.Statistics;

namespace OrthoRegen.Tests.Outcomes;

/// <summary>The difference of two proportions with Newcombe's hybrid score interval (method 10), computed by hand in R.</summary>
public class NewcombeTests
{
    const string Script = """
        d <- read.csv("cases.csv")
        wilson <- function(x, n, z) {
          p <- x / n
          centre <- (p + z^2 / (2 * n)) / (1 + z^2 / n)
          half <- z * sqrt(p * (1 - p) / n + z^2 / (4 * n^2)) / (1 + z^2 / n)
          c(max(0, centre - half), min(1, centre + half))
        }
        res <- NULL
        for (r in seq_len(nrow(d))) {
          z <- qnorm(1 - (1 - d$level[r]) / 2)
          p1 <- d$x1[r] / d$n1[r]; p2 <- d$x2[r] / d$n2[r]
          w1 <- wilson(d$x1[r], d$n1[r], z); w2 <- wilson(d$x2[r], d$n2[r], z)
          # the Wilson limits must agree with prop.test (no continuity correction) before they are combined
          stopifnot(abs(w1 - prop.test(d$x1[r], d$n1[r], correct = FALSE, conf.level = d$level[r])$conf.int) < 1e-12)
          delta <- p1 - p2
          lo <- delta - sqrt((p1 - w1[1])^2 + (w2[2] - p2)^2)
          hi <- delta + sqrt((w1[2] - p1)^2 + (p2 - w2[1])^2)
          res <- rbind(res, data.frame(diff = delta, lo = lo, hi = hi))
        }
        out(res, "newcombe.csv")
        """;

    [Fact]
    public void Difference_MatchesNewcombeMethod10ComputedInR()
    {
        (int x1, int n1, int x2, int n2, double level)[] cases =
        [
            (56, 70, 48, 80, 0.95),    // Newcombe 1998 Table II example (a): 0.0524 to 0.3339
            (9, 10, 3, 10, 0.95),
            (0, 10, 0, 20, 0.95),
            (10, 10, 0, 12, 0.95),
            (5, 56, 0, 29, 0.95),      // Newcombe 1998 example (d)
            (33, 60, 21, 58, 0.90),
            (1, 3, 2, 2, 0.99),
        ];
        var csv = new StringBuilder("x1,n1,x2,n2,level\n");
        foreach (var c in cases) csv.Append($"{c.x1},{c.n1},{c.x2},{c.n2},{ROracle.R(c.level)}\n");
        var r = ROracle.ReadCsv(ROracle.Run(Script, new Dictionary<string, string> { ["cases.csv"] = csv.ToString() }), "newcombe.csv");
        for (var i = 0; i < cases.Length; i++)
        {
            var (x1, n1, x2, n2, level) = cases[i];
            var d = Responders.Difference(x1, n1, x2, n2, level);
            RCompare.Close(r.Number(i, "diff"), d.Difference, 1e-12, $"case {i} difference");
            RCompare.Close(r.Number(i, "lo"), d.Lower, 1e-9, $"case {i} lower");
            RCompare.Close(r.Number(i, "hi"), d.Upper, 1e-9, $"case {i} upper");
        }
        // Newcombe's published limits for example (a), to 4 decimals.
        var a = Responders.Difference(56, 70, 48, 80);
        Assert.Equal(0.0524, Math.Round(a.Lower!.Value, 4));
        Assert.Equal(0.3339, Math.Round(a.Upper!.Value, 4));
    }

    [Fact]
    public void Difference_WithAnEmptyCohortSaysSo()
    {
        var d = Responders.Difference(0, 0, 3, 10);
        Assert.Null(d.Difference);
        Assert.NotNull(d.Message);
    }
}
