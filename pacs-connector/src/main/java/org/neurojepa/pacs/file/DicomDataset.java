package org.neurojepa.pacs.file;

import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.OptionalInt;
import java.util.TreeMap;

/**
 * An immutable DICOM data set: text and numeric elements by tag, sequences as nested data sets,
 * and, for an image read in full, its pixel data. Decimal and integer strings (DS, IS) and binary
 * numbers (US, SS, UL, SL, FL, FD) can all be read as numbers; every element can be read as text.
 */
public final class DicomDataset {
  private final Map<Integer, Object> elements;
  private final String transferSyntaxUid;
  private final PixelData pixelData;

  /**
   * @param elements values by tag: {@code String[]} for text, {@code double[]} for binary numbers,
   *     {@code List<DicomDataset>} for sequences
   */
  public DicomDataset(Map<Integer, Object> elements, String transferSyntaxUid, PixelData pixelData) {
    TreeMap<Integer, Object> copy = new TreeMap<>(Integer::compareUnsigned);
    for (Map.Entry<Integer, Object> e : elements.entrySet()) {
      Object v = e.getValue();
      if (v instanceof String[] s) {
        copy.put(e.getKey(), s.clone());
      } else if (v instanceof double[] d) {
        copy.put(e.getKey(), d.clone());
      } else if (v instanceof List<?> l) {
        for (Object item : l) {
          if (!(item instanceof DicomDataset)) {
            throw new IllegalArgumentException("sequence " + DicomTag.toString(e.getKey()) + " holds a " + item);
          }
        }
        copy.put(e.getKey(), List.copyOf(l));
      } else {
        throw new IllegalArgumentException("element " + DicomTag.toString(e.getKey()) + " has unsupported value " + v);
      }
    }
    this.elements = Collections.unmodifiableMap(copy);
    this.transferSyntaxUid = Objects.requireNonNullElse(transferSyntaxUid, "");
    this.pixelData = pixelData;
  }

  /** The transfer syntax the file was encoded in; empty for a sequence item. */
  public String transferSyntaxUid() {
    return transferSyntaxUid;
  }

  public boolean contains(int tag) {
    return elements.containsKey(tag);
  }

  /** The tags present, in ascending order. */
  public java.util.Set<Integer> tags() {
    return elements.keySet();
  }

  /** All values of an element as text (numbers formatted); empty when absent. */
  public List<String> strings(int tag) {
    Object v = elements.get(tag);
    if (v instanceof String[] s) {
      return List.of(s);
    }
    if (v instanceof double[] d) {
      String[] s = new String[d.length];
      for (int i = 0; i < d.length; i++) {
        s[i] = d[i] == Math.rint(d[i]) && Math.abs(d[i]) < 1e15 ? Long.toString((long) d[i]) : Double.toString(d[i]);
      }
      return List.of(s);
    }
    return List.of();
  }

  /** The values of a multi-valued text element joined by backslash, as encoded; "" when absent. */
  public String joined(int tag) {
    return String.join("\\", strings(tag));
  }

  /** The first value as text, trimmed; empty when absent or empty. */
  public Optional<String> string(int tag) {
    List<String> s = strings(tag);
    if (s.isEmpty() || s.get(0).isBlank()) {
      return Optional.empty();
    }
    return Optional.of(s.get(0).trim());
  }

  /** Text by standard keyword, e.g. {@code string("SeriesDescription")}. */
  public Optional<String> string(String keyword) {
    return string(tagOf(keyword));
  }

  /**
   * All values as numbers; empty when absent or empty.
   *
   * @throws NumberFormatException when a decimal or integer string is not a number
   */
  public double[] doubles(int tag) {
    Object v = elements.get(tag);
    if (v instanceof double[] d) {
      return d.clone();
    }
    if (v instanceof String[] s) {
      int n = 0;
      double[] out = new double[s.length];
      for (String text : s) {
        String t = text.trim();
        if (!t.isEmpty()) {
          try {
            out[n++] = Double.parseDouble(t);
          } catch (NumberFormatException e) {
            throw new NumberFormatException(DicomTag.toString(tag) + " is not a number: \"" + text + "\"");
          }
        }
      }
      return java.util.Arrays.copyOf(out, n);
    }
    return new double[0];
  }

  public double[] doubles(String keyword) {
    return doubles(tagOf(keyword));
  }

  public OptionalDouble doubleValue(int tag) {
    double[] d = doubles(tag);
    return d.length == 0 ? OptionalDouble.empty() : OptionalDouble.of(d[0]);
  }

  public OptionalDouble doubleValue(String keyword) {
    return doubleValue(tagOf(keyword));
  }

  public OptionalInt intValue(int tag) {
    double[] d = doubles(tag);
    return d.length == 0 ? OptionalInt.empty() : OptionalInt.of((int) Math.round(d[0]));
  }

  public OptionalInt intValue(String keyword) {
    return intValue(tagOf(keyword));
  }

  /** The items of a sequence; empty when absent. */
  @SuppressWarnings("unchecked")
  public List<DicomDataset> sequence(int tag) {
    Object v = elements.get(tag);
    return v instanceof List<?> l ? (List<DicomDataset>) l : List.of();
  }

  public List<DicomDataset> sequence(String keyword) {
    return sequence(tagOf(keyword));
  }

  /** The first item of a sequence, if any. */
  public Optional<DicomDataset> item(int sequenceTag) {
    List<DicomDataset> items = sequence(sequenceTag);
    return items.isEmpty() ? Optional.empty() : Optional.of(items.get(0));
  }

  /** Present when the file was read with its pixel data. */
  public Optional<PixelData> pixelData() {
    return Optional.ofNullable(pixelData);
  }

  /**
   * One frame in physical values: stored × RescaleSlope + RescaleIntercept, taken from the frame's
   * Pixel Value Transformation functional group (per-frame, then shared) in Enhanced objects and
   * from the top level otherwise; slope 1 and intercept 0 when absent.
   *
   * @throws IllegalStateException when the data set was read without pixel data
   */
  public float[] physicalFrame(int frame) {
    PixelData pixels = pixelData().orElseThrow(() -> new IllegalStateException("read without pixel data"));
    double[] rescale = rescale(frame);
    return pixels.frame(frame, rescale[0], rescale[1]);
  }

  /** {slope, intercept} for one frame, as {@link #physicalFrame} applies them. */
  public double[] rescale(int frame) {
    DicomDataset source = this;
    List<DicomDataset> perFrame = sequence(DicomTag.PER_FRAME_FUNCTIONAL_GROUPS_SEQUENCE);
    if (frame < perFrame.size()) {
      Optional<DicomDataset> own = perFrame.get(frame).item(DicomTag.PIXEL_VALUE_TRANSFORMATION_SEQUENCE);
      Optional<DicomDataset> shared = item(DicomTag.SHARED_FUNCTIONAL_GROUPS_SEQUENCE)
          .flatMap(g -> g.item(DicomTag.PIXEL_VALUE_TRANSFORMATION_SEQUENCE));
      source = own.or(() -> shared).orElse(this);
    }
    return new double[] {
      source.doubleValue(DicomTag.RESCALE_SLOPE).orElse(1), source.doubleValue(DicomTag.RESCALE_INTERCEPT).orElse(0)
    };
  }

  /** This data set with the pixel data dropped (keeps headers of many files cheap). */
  public DicomDataset withoutPixelData() {
    return pixelData == null ? this : new DicomDataset(elements, transferSyntaxUid, null);
  }

  private static int tagOf(String keyword) {
    return DicomTag.forKeyword(keyword)
        .orElseThrow(() -> new IllegalArgumentException("unknown DICOM keyword: " + keyword));
  }

  @Override
  public String toString() {
    return "DicomDataset[" + elements.size() + " elements"
        + string(DicomTag.SOP_INSTANCE_UID).map(u -> ", " + u).orElse("")
        + (pixelData == null ? "" : ", " + pixelData.rows() + "×" + pixelData.columns() + "×" + pixelData.frames())
        + "]";
  }
}
