package org.neurojepa.testkit.orthanc;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigInteger;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDate;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.UUID;
import org.neurojepa.testkit.junit.ExternalProcess;

/**
 * An axial MR series of uint16 slices written as DICOM Part 10 files by dcmtk's {@code dump2dcm}:
 * enough header for a PACS to file it (patient, study, series, SOP instance, geometry) and pixel
 * data whose values are a known function of slice, row and column. Not a brain: this is transport
 * test data. The default size is Colin27's axial slice, 181 columns × 217 rows, 181 slices.
 */
public final class SyntheticMrSeries {
  private static final DateTimeFormatter DICOM_DATE = DateTimeFormatter.BASIC_ISO_DATE;

  private final String patientId;
  private final String patientName;
  private final String studyInstanceUid;
  private final String seriesInstanceUid;
  private final LocalDate studyDate;
  private final String studyDescription;
  private final String seriesDescription;
  private final int seriesNumber;
  private final int rows;
  private final int columns;
  private final int slices;

  private SyntheticMrSeries(Builder b) {
    this.patientId = b.patientId;
    this.patientName = b.patientName;
    this.studyInstanceUid = b.studyInstanceUid != null ? b.studyInstanceUid : newUid();
    this.seriesInstanceUid = b.seriesInstanceUid != null ? b.seriesInstanceUid : newUid();
    this.studyDate = b.studyDate;
    this.studyDescription = b.studyDescription;
    this.seriesDescription = b.seriesDescription;
    this.seriesNumber = b.seriesNumber;
    this.rows = b.rows;
    this.columns = b.columns;
    this.slices = b.slices;
  }

  public static Builder builder() {
    return new Builder();
  }

  /** A UID under the UUID-derived root 2.25 (PS3.5 B.2): unique without a registered root. */
  public static String newUid() {
    UUID u = UUID.randomUUID();
    BigInteger value =
        new BigInteger(1, ByteBuffer.allocate(16).putLong(u.getMostSignificantBits())
            .putLong(u.getLeastSignificantBits()).array());
    return "2.25." + value;
  }

  public String patientId() {
    return patientId;
  }

  public String studyInstanceUid() {
    return studyInstanceUid;
  }

  public String seriesInstanceUid() {
    return seriesInstanceUid;
  }

  public LocalDate studyDate() {
    return studyDate;
  }

  public int slices() {
    return slices;
  }

  /** The SOP Instance UID of slice {@code index} (1-based), stable for this series. */
  public String sopInstanceUid(int index) {
    return seriesInstanceUid + "." + index;
  }

  /** The stored value of a pixel: a ramp that differs from slice to slice. */
  public int pixelValue(int slice, int row, int column) {
    return (slice * 131 + row * 7 + column * 3) & 0x0fff;
  }

  /**
   * Writes one file per slice into {@code folder} ({@code slice-0001.dcm} …), in slice order.
   * Each file costs one {@code dump2dcm} run (≈ 20 ms).
   */
  public List<Path> writeTo(Path target) {
    // Absolute: dump2dcm runs in a scratch directory and gets these paths on its command line.
    Path folder = target.toAbsolutePath();
    try {
      Files.createDirectories(folder);
      Path scratch = Files.createTempDirectory(folder, ".dump2dcm-");
      try {
        List<Path> files = new ArrayList<>(slices);
        for (int slice = 1; slice <= slices; slice++) {
          Path pixels = scratch.resolve("pixels.raw");
          Files.write(pixels, pixelBytes(slice));
          Path dump = scratch.resolve("slice.dump");
          Files.writeString(dump, dump(slice, pixels), StandardCharsets.US_ASCII);
          Path out = folder.resolve(String.format(Locale.ROOT, "slice-%04d.dcm", slice));
          int rc =
              ExternalProcess.run(
                  "dump2dcm", List.of("dump2dcm", "+te", dump.toString(), out.toString()), scratch,
                  Duration.ofSeconds(30));
          if (rc != 0 || !Files.isRegularFile(out)) {
            String log = Files.readString(scratch.resolve("dump2dcm.log"));
            throw new IllegalStateException("dump2dcm failed (exit " + rc + ") for slice " + slice + ":\n" + log);
          }
          files.add(out);
        }
        return files;
      } finally {
        try (var paths = Files.list(scratch)) {
          for (Path p : paths.toList()) {
            Files.delete(p);
          }
        }
        Files.delete(scratch);
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write synthetic MR series to " + folder, e);
    }
  }

  private byte[] pixelBytes(int slice) {
    ByteBuffer buf = ByteBuffer.allocate(rows * columns * 2).order(ByteOrder.LITTLE_ENDIAN);
    for (int r = 0; r < rows; r++) {
      for (int c = 0; c < columns; c++) {
        buf.putShort((short) pixelValue(slice, r, c));
      }
    }
    return buf.array();
  }

  private String dump(int slice, Path pixels) {
    String date = DICOM_DATE.format(studyDate);
    // Axial slices 1 mm apart, centred like Colin27's 1 mm grid.
    double z = -72.0 + (slice - 1);
    StringBuilder d = new StringBuilder();
    line(d, "0002,0010", "UI", "=LittleEndianExplicit");
    line(d, "0008,0008", "CS", "[ORIGINAL\\PRIMARY\\M\\ND]");
    line(d, "0008,0016", "UI", "=MRImageStorage");
    line(d, "0008,0018", "UI", "[" + sopInstanceUid(slice) + "]");
    line(d, "0008,0020", "DA", "[" + date + "]");
    line(d, "0008,0021", "DA", "[" + date + "]");
    line(d, "0008,0030", "TM", "[120000]");
    line(d, "0008,0031", "TM", "[120500]");
    line(d, "0008,0060", "CS", "[MR]");
    line(d, "0008,0070", "LO", "[NeuroJEPA testkit]");
    line(d, "0008,1030", "LO", "[" + studyDescription + "]");
    line(d, "0008,103e", "LO", "[" + seriesDescription + "]");
    line(d, "0010,0010", "PN", "[" + patientName + "]");
    line(d, "0010,0020", "LO", "[" + patientId + "]");
    line(d, "0018,0020", "CS", "[GR\\IR]");
    line(d, "0018,0023", "CS", "[3D]");
    line(d, "0018,0050", "DS", "[1]");
    line(d, "0018,0080", "DS", "[2300]");
    line(d, "0018,0081", "DS", "[2.98]");
    line(d, "0018,0082", "DS", "[900]");
    line(d, "0020,000d", "UI", "[" + studyInstanceUid + "]");
    line(d, "0020,000e", "UI", "[" + seriesInstanceUid + "]");
    line(d, "0020,0011", "IS", "[" + seriesNumber + "]");
    line(d, "0020,0013", "IS", "[" + slice + "]");
    line(d, "0020,0032", "DS", String.format(Locale.ROOT, "[-90\\-126\\%s]", fmt(z)));
    line(d, "0020,0037", "DS", "[1\\0\\0\\0\\1\\0]");
    line(d, "0020,0052", "UI", "[" + studyInstanceUid + ".1]");
    line(d, "0020,1041", "DS", "[" + fmt(z) + "]");
    line(d, "0028,0002", "US", "1");
    line(d, "0028,0004", "CS", "[MONOCHROME2]");
    line(d, "0028,0010", "US", Integer.toString(rows));
    line(d, "0028,0011", "US", Integer.toString(columns));
    line(d, "0028,0030", "DS", "[1\\1]");
    line(d, "0028,0100", "US", "16");
    line(d, "0028,0101", "US", "16");
    line(d, "0028,0102", "US", "15");
    line(d, "0028,0103", "US", "0");
    line(d, "7fe0,0010", "OW", "=" + pixels);
    return d.toString();
  }

  private static String fmt(double v) {
    return v == Math.rint(v) ? Long.toString((long) v) : Double.toString(v);
  }

  private static void line(StringBuilder d, String tag, String vr, String value) {
    d.append('(').append(tag).append(") ").append(vr).append(' ').append(value).append('\n');
  }

  /** Header values of the series; UIDs are fresh unless given. */
  public static final class Builder {
    private String patientId = "NJ-TEST-0001";
    private String patientName = "Test^Patient";
    private String studyInstanceUid;
    private String seriesInstanceUid;
    private LocalDate studyDate = LocalDate.of(2024, 1, 15);
    private String studyDescription = "MRI BRAIN";
    private String seriesDescription = "T1 MPRAGE SAG";
    private int seriesNumber = 1;
    private int rows = 217;
    private int columns = 181;
    private int slices = 181;

    private Builder() {}

    public Builder patientId(String id) {
      this.patientId = text(id, 64, "PatientID");
      return this;
    }

    public Builder patientName(String name) {
      this.patientName = text(name, 64, "PatientName");
      return this;
    }

    public Builder studyInstanceUid(String uid) {
      this.studyInstanceUid = uid(uid);
      return this;
    }

    public Builder seriesInstanceUid(String uid) {
      this.seriesInstanceUid = uid(uid);
      return this;
    }

    public Builder studyDate(LocalDate date) {
      this.studyDate = Objects.requireNonNull(date, "date");
      return this;
    }

    public Builder studyDescription(String text) {
      this.studyDescription = text(text, 64, "StudyDescription");
      return this;
    }

    public Builder seriesDescription(String text) {
      this.seriesDescription = text(text, 64, "SeriesDescription");
      return this;
    }

    public Builder seriesNumber(int number) {
      this.seriesNumber = number;
      return this;
    }

    /** Slice size: {@code rows} × {@code columns} pixels. */
    public Builder size(int rows, int columns) {
      if (rows < 1 || columns < 1 || rows > 4096 || columns > 4096) {
        throw new IllegalArgumentException("slice size out of range: " + rows + "×" + columns);
      }
      this.rows = rows;
      this.columns = columns;
      return this;
    }

    public Builder slices(int slices) {
      if (slices < 1 || slices > 9999) {
        throw new IllegalArgumentException("slice count out of range: " + slices);
      }
      this.slices = slices;
      return this;
    }

    public SyntheticMrSeries build() {
      return new SyntheticMrSeries(this);
    }

    private static String text(String value, int max, String what) {
      Objects.requireNonNull(value, what);
      if (value.length() > max || value.chars().anyMatch(ch -> ch < 0x20 || ch > 0x7e || ch == '[' || ch == ']')) {
        throw new IllegalArgumentException(what + " must be printable ASCII without brackets, ≤ " + max + ": '" + value + "'");
      }
      return value;
    }

    private static String uid(String uid) {
      if (uid.length() > 64 - 5 || !uid.matches("[0-9]+(\\.[0-9]+)*")) {
        throw new IllegalArgumentException("not a DICOM UID (or too long to take a slice suffix): '" + uid + "'");
      }
      return uid;
    }
  }
}
