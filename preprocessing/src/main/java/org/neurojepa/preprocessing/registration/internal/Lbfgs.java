package org.neurojepa.preprocessing.registration.internal;

import java.util.ArrayDeque;
import java.util.Deque;

/** Limited-memory BFGS with a backtracking (Armijo) line search, for a handful of parameters. */
public final class Lbfgs {
  /** A function and its gradient; NaN means "not defined here" and makes the line search back off. */
  public interface Function {
    double evaluate(double[] x, double[] gradient);
  }

  /** Result: the best point, its value and how many iterations were made. */
  public record Result(double[] x, double value, int iterations) {}

  private Lbfgs() {}

  /**
   * @param firstStep length (max-norm) of the first trial step along the negative gradient
   * @param tolerance stop when an accepted step moves no parameter by more than this
   */
  public static Result minimise(Function f, double[] x0, int maxIterations, double firstStep, double tolerance) {
    int n = x0.length;
    double[] x = x0.clone();
    double[] g = new double[n];
    double fx = f.evaluate(x, g);
    if (Double.isNaN(fx)) {
      return new Result(x, fx, 0);
    }
    Deque<double[][]> memory = new ArrayDeque<>();
    int iteration = 0;
    boolean steepest = true;
    while (iteration < maxIterations) {
      iteration++;
      double[] dir = direction(g, memory);
      double slope = dot(dir, g);
      if (steepest || slope >= 0) {
        memory.clear();
        dir = negate(g);
        slope = dot(dir, g);
        double norm = maxAbs(dir);
        if (norm == 0) {
          break;
        }
        for (int k = 0; k < n; k++) {
          dir[k] *= firstStep / norm;
        }
        slope = dot(dir, g);
      }
      // A poor curvature estimate must not throw the parameters far: cap any trial step.
      double length = maxAbs(dir);
      double step = length > 5 * firstStep ? 5 * firstStep / length : 1;
      double[] xNew = new double[n];
      double[] gNew = new double[n];
      double fNew = Double.NaN;
      boolean accepted = false;
      for (int tries = 0; tries < 25; tries++) {
        for (int k = 0; k < n; k++) {
          xNew[k] = x[k] + step * dir[k];
        }
        fNew = f.evaluate(xNew, gNew);
        if (!Double.isNaN(fNew) && fNew <= fx + 1e-4 * step * slope) {
          accepted = true;
          break;
        }
        step *= 0.4;
      }
      if (!accepted) {
        if (steepest) {
          break;
        }
        steepest = true;
        continue;
      }
      double[] s = new double[n];
      double[] y = new double[n];
      for (int k = 0; k < n; k++) {
        s[k] = xNew[k] - x[k];
        y[k] = gNew[k] - g[k];
      }
      double moved = maxAbs(s);
      x = xNew;
      g = gNew;
      double previous = fx;
      fx = fNew;
      if (dot(s, y) > 1e-12 * dot(y, y)) {
        memory.addLast(new double[][] {s, y});
        if (memory.size() > 7) {
          memory.removeFirst();
        }
        steepest = false;
      } else {
        steepest = true;
      }
      if (moved < tolerance && previous - fx <= 1e-9 * Math.abs(fx) + 1e-12) {
        break;
      }
      if (moved < tolerance * 0.1) {
        break;
      }
    }
    return new Result(x, fx, iteration);
  }

  private static double[] direction(double[] g, Deque<double[][]> memory) {
    double[] q = negate(g);
    if (memory.isEmpty()) {
      return q;
    }
    int m = memory.size();
    double[] alpha = new double[m];
    double[][][] pairs = memory.toArray(new double[0][][]);
    for (int i = m - 1; i >= 0; i--) {
      double rho = 1 / dot(pairs[i][1], pairs[i][0]);
      alpha[i] = rho * dot(pairs[i][0], q);
      axpy(-alpha[i], pairs[i][1], q);
    }
    double[] sLast = pairs[m - 1][0], yLast = pairs[m - 1][1];
    double gamma = dot(sLast, yLast) / dot(yLast, yLast);
    for (int k = 0; k < q.length; k++) {
      q[k] *= gamma;
    }
    for (int i = 0; i < m; i++) {
      double rho = 1 / dot(pairs[i][1], pairs[i][0]);
      double beta = rho * dot(pairs[i][1], q);
      axpy(alpha[i] - beta, pairs[i][0], q);
    }
    return q;
  }

  private static void axpy(double a, double[] x, double[] y) {
    for (int k = 0; k < y.length; k++) {
      y[k] += a * x[k];
    }
  }

  private static double dot(double[] a, double[] b) {
    double s = 0;
    for (int k = 0; k < a.length; k++) {
      s += a[k] * b[k];
    }
    return s;
  }

  private static double[] negate(double[] a) {
    double[] r = new double[a.length];
    for (int k = 0; k < a.length; k++) {
      r[k] = -a[k];
    }
    return r;
  }

  private static double maxAbs(double[] a) {
    double m = 0;
    for (double v : a) {
      m = Math.max(m, Math.abs(v));
    }
    return m;
  }
}
