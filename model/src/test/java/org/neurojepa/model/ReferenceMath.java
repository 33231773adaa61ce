package org.neurojepa.model;

import java.util.Map;

/**
 * Plain-Java double-precision versions of the model's operations, written from the specification
 * and independent of DJL, to check the engine's results against.
 */
final class ReferenceMath {
  private ReferenceMath() {}

  static double[] linear(Map<String, float[]> w, String prefix, double[] x, int out) {
    float[] weight = w.get(prefix + ".weight");
    float[] bias = w.get(prefix + ".bias");
    int in = x.length;
    double[] y = new double[out];
    for (int o = 0; o < out; o++) {
      double s = bias == null ? 0 : bias[o];
      for (int i = 0; i < in; i++) {
        s += weight[o * in + i] * x[i];
      }
      y[o] = s;
    }
    return y;
  }

  static double[] layerNorm(Map<String, float[]> w, String prefix, double[] x, double eps) {
    double mean = 0;
    for (double v : x) {
      mean += v;
    }
    mean /= x.length;
    double var = 0;
    for (double v : x) {
      var += (v - mean) * (v - mean);
    }
    var /= x.length;
    float[] g = w.get(prefix + ".weight");
    float[] b = w.get(prefix + ".bias");
    double[] y = new double[x.length];
    for (int i = 0; i < x.length; i++) {
      y[i] = (x[i] - mean) / Math.sqrt(var + eps) * g[i] + b[i];
    }
    return y;
  }

  static double gelu(double x) {
    return 0.5 * x * (1 + erf(x / Math.sqrt(2)));
  }

  /** erf by its Maclaurin series for |x| < 3, and the continued fraction of erfc beyond. */
  static double erf(double x) {
    double ax = Math.abs(x);
    double r;
    if (ax < 3) {
      double term = ax;
      double sum = ax;
      for (int n = 1; n < 200; n++) {
        term *= -ax * ax / n;
        double add = term / (2 * n + 1);
        sum += add;
        if (Math.abs(add) < 1e-17) {
          break;
        }
      }
      r = 2 / Math.sqrt(Math.PI) * sum;
    } else {
      double f = ax;
      for (int n = 60; n >= 1; n--) {
        f = ax + (n / 2.0) / f;
      }
      r = 1 - Math.exp(-ax * ax) / Math.sqrt(Math.PI) / f;
    }
    return x < 0 ? -r : r;
  }

  static double[] mlp(Map<String, float[]> w, String prefix, double[] x, int hidden, int out) {
    double[] h = linear(w, prefix + ".fc1", x, hidden);
    for (int i = 0; i < h.length; i++) {
      h[i] = gelu(h[i]);
    }
    return linear(w, prefix + ".fc2", h, out);
  }

  static double sigmoid(double x) {
    return 1 / (1 + Math.exp(-x));
  }

  static double[] softmax(double[] x) {
    double max = Double.NEGATIVE_INFINITY;
    for (double v : x) {
      max = Math.max(max, v);
    }
    double sum = 0;
    double[] y = new double[x.length];
    for (int i = 0; i < x.length; i++) {
      y[i] = Math.exp(x[i] - max);
      sum += y[i];
    }
    for (int i = 0; i < x.length; i++) {
      y[i] /= sum;
    }
    return y;
  }

  /** Rotates one head vector by 3D RoPE at coordinates pos = {d, h, w}. */
  static double[] rope(double[] v, int[] pos, double theta) {
    int f = v.length / 6;
    double[] out = v.clone();
    for (int axis = 0; axis < 3; axis++) {
      int s = axis * 2 * f;
      for (int k = 0; k < f; k++) {
        double angle = pos[axis] * Math.pow(theta, -(double) k / f);
        double c = Math.cos(angle);
        double sn = Math.sin(angle);
        double x1 = v[s + k];
        double x2 = v[s + f + k];
        out[s + k] = x1 * c - x2 * sn;
        out[s + f + k] = x2 * c + x1 * sn;
      }
    }
    return out;
  }

  /** Gated RoPE self-attention over tokens x[n][dim] (already normalised). */
  static double[][] attention(
      Map<String, float[]> w, String prefix, double[][] x, int heads, int[][] pos, double theta, boolean gated) {
    int n = x.length;
    int dim = x[0].length;
    int hd = dim / heads;
    double[][] q = new double[n][];
    double[][] k = new double[n][];
    double[][] v = new double[n][];
    for (int t = 0; t < n; t++) {
      double[] qkv = linear(w, prefix + ".qkv", x[t], 3 * dim);
      q[t] = java.util.Arrays.copyOfRange(qkv, 0, dim);
      k[t] = java.util.Arrays.copyOfRange(qkv, dim, 2 * dim);
      v[t] = java.util.Arrays.copyOfRange(qkv, 2 * dim, 3 * dim);
    }
    double[][] o = new double[n][dim];
    for (int h = 0; h < heads; h++) {
      double[][] qh = new double[n][];
      double[][] kh = new double[n][];
      for (int t = 0; t < n; t++) {
        qh[t] = java.util.Arrays.copyOfRange(q[t], h * hd, (h + 1) * hd);
        kh[t] = java.util.Arrays.copyOfRange(k[t], h * hd, (h + 1) * hd);
        if (pos != null) {
          qh[t] = rope(qh[t], pos[t], theta);
          kh[t] = rope(kh[t], pos[t], theta);
        }
      }
      for (int t = 0; t < n; t++) {
        double[] s = new double[n];
        for (int u = 0; u < n; u++) {
          double dot = 0;
          for (int j = 0; j < hd; j++) {
            dot += qh[t][j] * kh[u][j];
          }
          s[u] = dot / Math.sqrt(hd);
        }
        double[] a = softmax(s);
        double g = gated ? sigmoid(linear(w, prefix + ".proj_attn_gate", x[t], heads)[h]) : 1;
        for (int j = 0; j < hd; j++) {
          double acc = 0;
          for (int u = 0; u < n; u++) {
            acc += a[u] * v[u][h * hd + j];
          }
          o[t][h * hd + j] = acc * g;
        }
      }
    }
    double[][] y = new double[n][];
    for (int t = 0; t < n; t++) {
      y[t] = linear(w, prefix + ".proj", o[t], dim);
    }
    return y;
  }

  /** MoE output for one token: top-k by biased scores, unbiased scores × scale as weights, + shared. */
  static double[] moe(Map<String, float[]> w, String prefix, double[] x, NeuroJepaConfig c) {
    double[] scores = softmax(linear(w, prefix + ".gate.gate", x, c.numExperts()));
    float[] bias = w.get(prefix + ".gate.bias");
    boolean[] taken = new boolean[c.numExperts()];
    double[] out = mlp(w, prefix + ".shared_experts", x, c.sharedExpertHidden(), x.length);
    for (int r = 0; r < c.topK(); r++) {
      int best = -1;
      for (int e = 0; e < c.numExperts(); e++) {
        if (!taken[e] && (best < 0 || scores[e] + bias[e] > scores[best] + bias[best])) {
          best = e;
        }
      }
      taken[best] = true;
      double[] y = mlp(w, prefix + ".experts." + best, x, c.expertHidden(), x.length);
      for (int i = 0; i < y.length; i++) {
        out[i] += scores[best] * c.routeScale() * y[i];
      }
    }
    return out;
  }

  /** Patch tokens by an explicit convolution loop over volume[z][y][x] flattened. */
  static double[][] patchEmbed(Map<String, float[]> w, float[] volume, NeuroJepaConfig c) {
    int p = c.patchSize();
    int dim = c.embedDim();
    int gd = c.gridDepth();
    int gh = c.gridHeight();
    int gw = c.gridWidth();
    float[] weight = w.get("patch_embed.proj.weight");
    float[] bias = w.get("patch_embed.proj.bias");
    double[][] tokens = new double[gd * gh * gw][dim];
    for (int i = 0; i < gd; i++) {
      for (int j = 0; j < gh; j++) {
        for (int k = 0; k < gw; k++) {
          int t = i * gh * gw + j * gw + k;
          for (int o = 0; o < dim; o++) {
            double s = bias[o];
            for (int a = 0; a < p; a++) {
              for (int b = 0; b < p; b++) {
                for (int cc = 0; cc < p; cc++) {
                  int z = i * p + a;
                  int y = j * p + b;
                  int xx = k * p + cc;
                  s += weight[((o * p + a) * p + b) * p + cc]
                      * volume[(z * c.inputHeight() + y) * c.inputWidth() + xx];
                }
              }
            }
            tokens[t][o] = s;
          }
        }
      }
    }
    return tokens;
  }

  /** The whole encoder on one volume, on the tokens {@code keep} (coordinates given per token). */
  static double[][] encoder(Map<String, float[]> w, float[] volume, NeuroJepaConfig c, int[] keep, int[][] pos) {
    double[][] all = patchEmbed(w, volume, c);
    double[][] x = new double[keep.length][];
    for (int t = 0; t < keep.length; t++) {
      x[t] = all[keep[t]];
    }
    int dim = c.embedDim();
    for (int b = 0; b < c.depth(); b++) {
      String pre = "blocks." + b;
      double[][] n1 = new double[x.length][];
      for (int t = 0; t < x.length; t++) {
        n1[t] = layerNorm(w, pre + ".norm1", x[t], c.layerNormEps());
      }
      double[][] a = attention(w, pre + ".attn", n1, c.numHeads(), pos, c.ropeTheta(), true);
      for (int t = 0; t < x.length; t++) {
        double[] h = new double[dim];
        for (int i = 0; i < dim; i++) {
          h[i] = x[t][i] + a[t][i];
        }
        double[] n2 = layerNorm(w, pre + ".norm2", h, c.layerNormEps());
        double[] m =
            c.isMoeBlock(b) ? moe(w, pre + ".mlp", n2, c) : mlp(w, pre + ".mlp", n2, c.mlpHidden(), dim);
        for (int i = 0; i < dim; i++) {
          h[i] += m[i];
        }
        x[t] = h;
      }
    }
    double[][] out = new double[x.length][];
    for (int t = 0; t < x.length; t++) {
      out[t] = layerNorm(w, "norm", x[t], c.layerNormEps());
    }
    return out;
  }

  /** A pre-norm block with a dense MLP over tokens x[n][dim]; pos null for no RoPE. */
  static double[][] denseBlock(
      Map<String, float[]> w, String prefix, double[][] x, int heads, int[][] pos, double theta, double eps,
      int hidden, boolean gated) {
    int dim = x[0].length;
    double[][] n1 = new double[x.length][];
    for (int t = 0; t < x.length; t++) {
      n1[t] = layerNorm(w, prefix + ".norm1", x[t], eps);
    }
    double[][] a = attention(w, prefix + ".attn", n1, heads, pos, theta, gated);
    double[][] out = new double[x.length][];
    for (int t = 0; t < x.length; t++) {
      double[] h = new double[dim];
      for (int i = 0; i < dim; i++) {
        h[i] = x[t][i] + a[t][i];
      }
      double[] m = mlp(w, prefix + ".mlp", layerNorm(w, prefix + ".norm2", h, eps), hidden, dim);
      for (int i = 0; i < dim; i++) {
        h[i] += m[i];
      }
      out[t] = h;
    }
    return out;
  }
}
