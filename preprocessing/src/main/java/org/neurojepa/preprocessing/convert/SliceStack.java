package org.neurojepa.preprocessing.convert;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import org.neurojepa.pacs.file.DicomTag;
import org.neurojepa.preprocessing.convert.ConversionException.Reason;
import org.neurojepa.preprocessing.volume.Affine;

/**
 * The frames of a series sorted along the slice normal, checked to form one regular volume, and
 * the voxel→world affine of that volume: i along rows (column index), j along columns (row index),
 * k along the sorted slices.
 */
final class SliceStack {
  /** Direction cosines may differ by this much and still count as one orientation. */
  static final double ORIENTATION_TOLERANCE = 1e-4;
  /** Positions closer than this along the normal are the same slice (mm). */
  static final double SAME_POSITION_MM = 1e-3;
  /** Largest distance of a slice from the line through the first slice along the normal (mm). */
  static final double OFF_LINE_TOLERANCE_MM = 0.02;
  /** A gap this many times the median spacing means slices are missing. */
  static final double MISSING_GAP_FACTOR = 1.5;

  private final List<Frame> sorted;
  private final Affine lps;

  private SliceStack(List<Frame> sorted, Affine lps) {
    this.sorted = sorted;
    this.lps = lps;
  }

  List<Frame> sorted() {
    return sorted;
  }

  int rows() {
    return sorted.get(0).rows();
  }

  int columns() {
    return sorted.get(0).columns();
  }

  /** Voxel→world in DICOM patient coordinates (LPS). */
  Affine lpsAffine() {
    return lps;
  }

  /** Voxel→world in NIfTI coordinates (RAS): x and y negated. */
  Affine rasAffine() {
    return Affine.scaling(-1, -1, 1).times(lps);
  }

  static SliceStack of(List<Frame> frames, int expectedCount) throws ConversionException {
    if (frames.isEmpty()) {
      throw new ConversionException(Reason.NO_IMAGES, "the series has no images");
    }
    Frame first = frames.get(0);
    for (Frame f : frames) {
      if (!f.seriesInstanceUid().equals(first.seriesInstanceUid())) {
        throw new ConversionException(Reason.MIXED_SERIES, "images of series " + first.seriesInstanceUid()
            + " and " + f.seriesInstanceUid() + " (" + f.label() + ") mixed");
      }
      if (f.position() == null || f.orientation() == null || f.pixelSpacing() == null) {
        throw new ConversionException(Reason.MISSING_GEOMETRY, f.label() + " lacks "
            + (f.position() == null ? "ImagePositionPatient " : "")
            + (f.orientation() == null ? "ImageOrientationPatient " : "")
            + (f.pixelSpacing() == null ? "PixelSpacing" : "").trim());
      }
      if (f.rows() != first.rows() || f.columns() != first.columns()) {
        throw new ConversionException(Reason.MIXED_DIMENSIONS, f.label() + " is " + f.rows() + "×" + f.columns()
            + " (rows×columns) where " + first.label() + " is " + first.rows() + "×" + first.columns());
      }
      if (f.rows() <= 0 || f.columns() <= 0) {
        throw new ConversionException(Reason.MISSING_GEOMETRY, f.label() + " has no Rows/Columns");
      }
    }
    distinct(frames, Reason.MIXED_ECHOES, "echoes", Frame::echo);
    distinct(frames, Reason.MIXED_TIME_POINTS, "time points", Frame::timePoint);
    for (Frame f : frames) {
      for (int c = 0; c < 6; c++) {
        if (Math.abs(f.orientation()[c] - first.orientation()[c]) > ORIENTATION_TOLERANCE) {
          throw new ConversionException(Reason.MIXED_ORIENTATIONS, f.label() + " has ImageOrientationPatient "
              + Arrays.toString(f.orientation()) + " where " + first.label() + " has " + Arrays.toString(first.orientation()));
        }
      }
      for (int c = 0; c < 2; c++) {
        if (Math.abs(f.pixelSpacing()[c] - first.pixelSpacing()[c]) > 1e-4) {
          throw new ConversionException(Reason.MIXED_PIXEL_SPACING, f.label() + " has PixelSpacing "
              + Arrays.toString(f.pixelSpacing()) + " where " + first.label() + " has " + Arrays.toString(first.pixelSpacing()));
        }
      }
    }
    if (frames.size() == 1) {
      throw new ConversionException(Reason.SINGLE_SLICE, "the series has a single image; a volume needs at least two");
    }
    double[] row = unit(first.orientation(), 0);
    double[] col = unit(first.orientation(), 3);
    double[] normal = cross(row, col);
    List<Frame> sorted = new ArrayList<>(frames);
    sorted.sort(Comparator.comparingDouble(f -> dot(normal, f.position())));
    int n = sorted.size();
    double[] d = new double[n];
    for (int s = 0; s < n; s++) {
      d[s] = dot(normal, sorted.get(s).position());
    }
    checkDuplicates(sorted, d);
    double[] origin = sorted.get(0).position();
    for (int s = 1; s < n; s++) {
      double[] p = sorted.get(s).position();
      double off = 0;
      for (int a = 0; a < 3; a++) {
        double lateral = p[a] - origin[a] - (d[s] - d[0]) * normal[a];
        off += lateral * lateral;
      }
      if (Math.sqrt(off) > OFF_LINE_TOLERANCE_MM) {
        throw new ConversionException(Reason.NOT_STACKED, String.format(Locale.ROOT,
            "%s lies %.3f mm off the line along the slice normal through %s (gantry tilt or sheared stack)",
            sorted.get(s).label(), Math.sqrt(off), sorted.get(0).label()));
      }
    }
    double[] gaps = new double[n - 1];
    for (int s = 1; s < n; s++) {
      gaps[s - 1] = d[s] - d[s - 1];
    }
    double median = median(gaps);
    for (int s = 1; s < n; s++) {
      double gap = gaps[s - 1];
      if (gap > MISSING_GAP_FACTOR * median) {
        throw new ConversionException(Reason.MISSING_SLICES, String.format(Locale.ROOT,
            "gap of %.3f mm between %s and %s, %.2f× the median spacing %.3f mm: about %d slice(s) missing",
            gap, sorted.get(s - 1).label(), sorted.get(s).label(), gap / median, median,
            Math.round(gap / median) - 1));
      }
    }
    double tolerance = Math.max(0.02, 0.01 * median);
    for (int s = 1; s < n; s++) {
      double gap = gaps[s - 1];
      if (Math.abs(gap - median) > tolerance) {
        throw new ConversionException(Reason.NON_UNIFORM_SPACING, String.format(Locale.ROOT,
            "spacing %.4f mm between %s and %s differs from the median %.4f mm by more than %.3f mm",
            gap, sorted.get(s - 1).label(), sorted.get(s).label(), median, tolerance));
      }
    }
    if (expectedCount > n) {
      throw new ConversionException(Reason.MISSING_SLICES,
          n + " images where ImagesInAcquisition (" + DicomTag.toString(DicomTag.IMAGES_IN_ACQUISITION) + ") says "
              + expectedCount);
    }
    double[] last = sorted.get(n - 1).position();
    double dr = first.pixelSpacing()[1];
    double dc = first.pixelSpacing()[0];
    double[] step = new double[3];
    for (int a = 0; a < 3; a++) {
      step[a] = (last[a] - origin[a]) / (n - 1);
    }
    Affine lps = Affine.ofRows(
        row[0] * dr, col[0] * dc, step[0], origin[0],
        row[1] * dr, col[1] * dc, step[1], origin[1],
        row[2] * dr, col[2] * dc, step[2], origin[2]);
    return new SliceStack(List.copyOf(sorted), lps);
  }

  /**
   * The same position more than once is either a duplicate image or, when every position holds the
   * same number of images acquired at different times, a time series without time-point labels.
   */
  private static void checkDuplicates(List<Frame> sorted, double[] d) throws ConversionException {
    int n = sorted.size();
    List<List<Frame>> groups = new ArrayList<>();
    List<Frame> current = new ArrayList<>(List.of(sorted.get(0)));
    for (int s = 1; s < n; s++) {
      if (d[s] - d[s - 1] < SAME_POSITION_MM) {
        current.add(sorted.get(s));
      } else {
        groups.add(current);
        current = new ArrayList<>(List.of(sorted.get(s)));
      }
    }
    groups.add(current);
    if (groups.size() == n) {
      return;
    }
    int k = groups.get(0).size();
    boolean regular = groups.stream().allMatch(g -> g.size() == k);
    if (regular && k > 1 && groups.size() > 1) {
      Set<String> times = new LinkedHashSet<>();
      for (Frame f : groups.get(0)) {
        times.add(f.acquisitionTime());
      }
      if (times.size() == k && !times.contains("")) {
        throw new ConversionException(Reason.MIXED_TIME_POINTS, k + " images at each of " + groups.size()
            + " positions with acquisition times " + times + ": a 4D series, not one volume");
      }
    }
    for (List<Frame> g : groups) {
      if (g.size() > 1) {
        throw new ConversionException(Reason.DUPLICATE_POSITIONS, g.size() + " images at the same position "
            + Arrays.toString(g.get(0).position()) + ": " + g.stream().map(Frame::label).toList());
      }
    }
  }

  private static void distinct(List<Frame> frames, Reason reason, String what,
      java.util.function.Function<Frame, String> key) throws ConversionException {
    Set<String> values = new LinkedHashSet<>();
    for (Frame f : frames) {
      values.add(key.apply(f));
    }
    if (values.size() > 1) {
      throw new ConversionException(reason, values.size() + " " + what + " mixed in one series: " + values);
    }
  }

  private static double median(double[] v) {
    double[] s = v.clone();
    Arrays.sort(s);
    int m = s.length / 2;
    return s.length % 2 == 1 ? s[m] : (s[m - 1] + s[m]) / 2;
  }

  private static double[] unit(double[] o, int from) {
    double x = o[from], y = o[from + 1], z = o[from + 2];
    double len = Math.sqrt(x * x + y * y + z * z);
    return new double[] {x / len, y / len, z / len};
  }

  private static double[] cross(double[] a, double[] b) {
    return new double[] {a[1] * b[2] - a[2] * b[1], a[2] * b[0] - a[0] * b[2], a[0] * b[1] - a[1] * b[0]};
  }

  private static double dot(double[] a, double[] b) {
    return a[0] * b[0] + a[1] * b[1] + a[2] * b[2];
  }
}
