package org.neurojepa.training.heads;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.neurojepa.preprocessing.nifti.NiftiReader;
import org.neurojepa.preprocessing.nifti.NiftiWriter;
import org.neurojepa.preprocessing.series.SequenceType;
import org.neurojepa.preprocessing.volume.Affine;
import org.neurojepa.preprocessing.volume.Volume;
import org.neurojepa.testkit.fixtures.internal.ContrastSynthesis;
import org.neurojepa.training.dataset.DatasetEntry;
import org.neurojepa.training.dataset.DatasetManifest;
import org.neurojepa.training.dataset.Split;

/**
 * A generated cohort for findings-head tests: one FLAIR-like model input per patient made from
 * Colin27 (tissue classes from the T1, FLAIR class intensities CSF 120, GM 900, WM 650, brain only),
 * each placed by its own small random affine (rotations ≤ 5°, shifts ≤ 3 voxels, scale ±5 %) with a
 * smooth bias field and noise. Half the patients, chosen at random, carry a hyperintense lesion:
 * a sphere of radius 4–7 voxels (6–10 mm) at a random white-matter place, intensity 1500 with a
 * 2-voxel soft edge. Inputs go through the recipe's last steps (0.5/99.5 percentiles to [0, 1]) and
 * are written as a dataset with manifest and patient-level splits; the labels go to a CSV.
 */
final class LesionCohort {
  static final Path CH2 = Path.of("/usr/share/mricron/templates/ch2.nii.gz");
  static final Path CH2BET = Path.of("/usr/share/mricron/templates/ch2bet.nii.gz");
  static final int NX = 96;
  static final int NY = 108;
  static final int NZ = 96;
  static final String LABEL = "Lesion";

  /** What was written: the dataset, the label file and each patient's truth. */
  record Cohort(Path dataset, Path labels, Map<String, Boolean> lesion) {}

  private LesionCohort() {}

  static Cohort write(Path dir, int patients, long seed) throws IOException {
    float[] template = flairTemplate();
    Files.createDirectories(dir.resolve("shard-000"));
    SplittableRandom rng = new SplittableRandom(seed);
    boolean[] positive = new boolean[patients];
    for (int i = 0; i < patients / 2; i++) {
      positive[i] = true;
    }
    for (int i = patients - 1; i > 0; i--) {
      int j = rng.nextInt(i + 1);
      boolean t = positive[i];
      positive[i] = positive[j];
      positive[j] = t;
    }
    List<int[]> whiteMatter = whiteMatterCentres(template, 3);
    Map<String, Boolean> truth = new LinkedHashMap<>();
    StringBuilder csv = new StringBuilder("patient," + LABEL + "\n");
    for (int p = 0; p < patients; p++) {
      SplittableRandom r = new SplittableRandom(seed * 1_000_003L + p);
      float[] v = template.clone();
      if (positive[p]) {
        int[] c = whiteMatter.get(r.nextInt(whiteMatter.size()));
        insertLesion(v, c, 10 + r.nextInt(5));
      }
      v = placed(v, r);
      biasAndNormalise(v, r);
      String patient = String.format("p%04d", p);
      String series = "2.25." + Math.floorMod(seed * 7919 + p * 104729L + 1, Long.MAX_VALUE);
      String file = "shard-000/" + series + ".nii.gz";
      NiftiWriter.write(new Volume(NX, NY, NZ, v, Affine.scaling(1.5, 1.5, 1.5)), dir.resolve(file));
      DatasetManifest.append(dir, new DatasetEntry(patient, "2.25.9" + series.substring(5), series, SequenceType.FLAIR,
          Split.forPatient(patient, seed, 0.5, 0.2), file, DatasetManifest.sha256(dir.resolve(file)), Map.of()));
      truth.put(patient, positive[p]);
      csv.append(patient).append(',').append(positive[p] ? 1 : 0).append('\n');
    }
    Path labels = dir.resolve("labels.csv");
    Files.writeString(labels, csv.toString());
    return new Cohort(dir, labels, truth);
  }

  /** Colin27 as FLAIR-like tissue intensities, cropped to the brain (margin 4) and resized to 96×108×96. */
  static float[] flairTemplate() throws IOException {
    Volume t1 = NiftiReader.read(CH2);
    Volume bet = NiftiReader.read(CH2BET);
    int[] lo = {t1.nx(), t1.ny(), t1.nz()};
    int[] hi = {-1, -1, -1};
    for (int k = 0; k < t1.nz(); k++) {
      for (int j = 0; j < t1.ny(); j++) {
        for (int i = 0; i < t1.nx(); i++) {
          if (bet.get(i, j, k) > 0) {
            lo[0] = Math.min(lo[0], i);
            hi[0] = Math.max(hi[0], i);
            lo[1] = Math.min(lo[1], j);
            hi[1] = Math.max(hi[1], j);
            lo[2] = Math.min(lo[2], k);
            hi[2] = Math.max(hi[2], k);
          }
        }
      }
    }
    int[] n = {t1.nx(), t1.ny(), t1.nz()};
    for (int a = 0; a < 3; a++) {
      lo[a] = Math.max(0, lo[a] - 4);
      hi[a] = Math.min(n[a] - 1, hi[a] + 4);
    }
    float[] flair = new float[t1.voxelCount()];
    for (int k = 0; k < t1.nz(); k++) {
      for (int j = 0; j < t1.ny(); j++) {
        for (int i = 0; i < t1.nx(); i++) {
          if (bet.get(i, j, k) > 0) {
            double t = t1.get(i, j, k);
            double csf = ContrastSynthesis.csf(t);
            double wm = ContrastSynthesis.wm(t);
            flair[t1.index(i, j, k)] = (float) (csf * ContrastSynthesis.FLAIR.csf()
                + (1 - csf - wm) * ContrastSynthesis.FLAIR.gm() + wm * ContrastSynthesis.FLAIR.wm());
          }
        }
      }
    }
    Volume source = t1.withVoxels(flair);
    float[] out = new float[NX * NY * NZ];
    for (int z = 0; z < NZ; z++) {
      double fk = lo[2] + (z + 0.5) * (hi[2] - lo[2] + 1) / NZ - 0.5;
      for (int y = 0; y < NY; y++) {
        double fj = lo[1] + (y + 0.5) * (hi[1] - lo[1] + 1) / NY - 0.5;
        for (int x = 0; x < NX; x++) {
          double fi = lo[0] + (x + 0.5) * (hi[0] - lo[0] + 1) / NX - 0.5;
          out[x + NX * (y + NY * z)] = (float) trilinear(source.voxels(), source.nx(), source.ny(), source.nz(), fi, fj, fk);
        }
      }
    }
    return out;
  }

  /** Voxels deep in white matter: every voxel within {@code clearance} of it is white matter. */
  private static List<int[]> whiteMatterCentres(float[] v, int clearance) {
    List<int[]> out = new ArrayList<>();
    for (int z = clearance; z < NZ - clearance; z += 2) {
      for (int y = clearance; y < NY - clearance; y += 2) {
        for (int x = clearance; x < NX - clearance; x += 2) {
          if (isWhite(v[x + NX * (y + NY * z)]) && isWhite(v[(x + clearance) + NX * (y + NY * z)])
              && isWhite(v[(x - clearance) + NX * (y + NY * z)]) && isWhite(v[x + NX * (y + clearance + NY * z)])
              && isWhite(v[x + NX * (y - clearance + NY * z)]) && isWhite(v[x + NX * (y + NY * (z + clearance))])
              && isWhite(v[x + NX * (y + NY * (z - clearance))])) {
            out.add(new int[] {x, y, z});
          }
        }
      }
    }
    if (out.isEmpty()) {
      throw new IllegalStateException("no white matter found in the template");
    }
    return out;
  }

  private static boolean isWhite(float f) {
    return Math.abs(f - ContrastSynthesis.FLAIR.wm()) < 40;
  }

  private static void insertLesion(float[] v, int[] c, int radius) {
    for (int z = c[2] - radius - 2; z <= c[2] + radius + 2; z++) {
      for (int y = c[1] - radius - 2; y <= c[1] + radius + 2; y++) {
        for (int x = c[0] - radius - 2; x <= c[0] + radius + 2; x++) {
          if (x < 0 || y < 0 || z < 0 || x >= NX || y >= NY || z >= NZ) {
            continue;
          }
          double d = Math.sqrt((x - c[0]) * (x - c[0]) + (y - c[1]) * (y - c[1]) + (z - c[2]) * (z - c[2]));
          double g = d <= radius - 1 ? 1 : d >= radius + 1 ? 0 : (radius + 1 - d) / 2;
          int i = x + NX * (y + NY * z);
          v[i] = (float) (v[i] * (1 - g) + 1500 * g);
        }
      }
    }
  }

  /** The volume moved by a small random affine about its centre (trilinear, zero outside). */
  private static float[] placed(float[] v, SplittableRandom r) {
    double ax = Math.toRadians(r.nextDouble(-5, 5));
    double ay = Math.toRadians(r.nextDouble(-5, 5));
    double az = Math.toRadians(r.nextDouble(-5, 5));
    double s = r.nextDouble(0.95, 1.05);
    double[] t = {r.nextDouble(-3, 3), r.nextDouble(-3, 3), r.nextDouble(-3, 3)};
    double[][] rot = multiply(multiply(rotation(0, ax), rotation(1, ay)), rotation(2, az));
    double[] c = {(NX - 1) / 2.0, (NY - 1) / 2.0, (NZ - 1) / 2.0};
    float[] out = new float[v.length];
    for (int z = 0; z < NZ; z++) {
      for (int y = 0; y < NY; y++) {
        for (int x = 0; x < NX; x++) {
          // output voxel p comes from R^T (p - c - t) / s + c
          double px = x - c[0] - t[0];
          double py = y - c[1] - t[1];
          double pz = z - c[2] - t[2];
          double sx = (rot[0][0] * px + rot[1][0] * py + rot[2][0] * pz) / s + c[0];
          double sy = (rot[0][1] * px + rot[1][1] * py + rot[2][1] * pz) / s + c[1];
          double sz = (rot[0][2] * px + rot[1][2] * py + rot[2][2] * pz) / s + c[2];
          out[x + NX * (y + NY * z)] = (float) trilinear(v, NX, NY, NZ, sx, sy, sz);
        }
      }
    }
    return out;
  }

  /** A linear bias field of ±8 % along a random direction, the recipe's percentile scaling, then noise σ 0.02. */
  private static void biasAndNormalise(float[] v, SplittableRandom r) {
    double[] dir = {r.nextGaussian(), r.nextGaussian(), r.nextGaussian()};
    double norm = Math.sqrt(dir[0] * dir[0] + dir[1] * dir[1] + dir[2] * dir[2]);
    for (int z = 0; z < NZ; z++) {
      for (int y = 0; y < NY; y++) {
        for (int x = 0; x < NX; x++) {
          double u = (dir[0] * (x / (NX - 1.0) - 0.5) + dir[1] * (y / (NY - 1.0) - 0.5) + dir[2] * (z / (NZ - 1.0) - 0.5))
              / norm;
          v[x + NX * (y + NY * z)] *= (float) (1 + 0.16 * u);
        }
      }
    }
    float[] sorted = v.clone();
    Arrays.sort(sorted);
    float p0 = sorted[(int) (0.005 * (sorted.length - 1))];
    float p1 = sorted[(int) (0.995 * (sorted.length - 1))];
    for (int i = 0; i < v.length; i++) {
      if (v[i] <= 0) {
        continue; // background stays 0 (brain only), as the masked input
      }
      double x = (v[i] - p0) / (p1 - p0) + 0.02 * r.nextGaussian();
      v[i] = (float) Math.max(0, Math.min(1, x));
    }
  }

  private static double[][] rotation(int axis, double a) {
    double c = Math.cos(a);
    double s = Math.sin(a);
    return switch (axis) {
      case 0 -> new double[][] {{1, 0, 0}, {0, c, -s}, {0, s, c}};
      case 1 -> new double[][] {{c, 0, s}, {0, 1, 0}, {-s, 0, c}};
      default -> new double[][] {{c, -s, 0}, {s, c, 0}, {0, 0, 1}};
    };
  }

  private static double[][] multiply(double[][] a, double[][] b) {
    double[][] m = new double[3][3];
    for (int i = 0; i < 3; i++) {
      for (int j = 0; j < 3; j++) {
        for (int k = 0; k < 3; k++) {
          m[i][j] += a[i][k] * b[k][j];
        }
      }
    }
    return m;
  }

  private static double trilinear(float[] v, int nx, int ny, int nz, double x, double y, double z) {
    if (x < 0 || y < 0 || z < 0 || x > nx - 1 || y > ny - 1 || z > nz - 1) {
      return 0;
    }
    int x0 = Math.min((int) x, nx - 2);
    int y0 = Math.min((int) y, ny - 2);
    int z0 = Math.min((int) z, nz - 2);
    double fx = x - x0;
    double fy = y - y0;
    double fz = z - z0;
    double c00 = v[x0 + nx * (y0 + ny * z0)] * (1 - fx) + v[x0 + 1 + nx * (y0 + ny * z0)] * fx;
    double c10 = v[x0 + nx * (y0 + 1 + ny * z0)] * (1 - fx) + v[x0 + 1 + nx * (y0 + 1 + ny * z0)] * fx;
    double c01 = v[x0 + nx * (y0 + ny * (z0 + 1))] * (1 - fx) + v[x0 + 1 + nx * (y0 + ny * (z0 + 1))] * fx;
    double c11 = v[x0 + nx * (y0 + 1 + ny * (z0 + 1))] * (1 - fx) + v[x0 + 1 + nx * (y0 + 1 + ny * (z0 + 1))] * fx;
    double c0 = c00 * (1 - fy) + c10 * fy;
    double c1 = c01 * (1 - fy) + c11 * fy;
    return c0 * (1 - fz) + c1 * fz;
  }
}
