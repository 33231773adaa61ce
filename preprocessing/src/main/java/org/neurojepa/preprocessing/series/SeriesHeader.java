package org.neurojepa.preprocessing.series;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.OptionalDouble;
import org.neurojepa.pacs.file.DicomDataset;
import org.neurojepa.pacs.file.DicomTag;

/**
 * The header facts about one series that classification looks at. Times are in ms and NaN when
 * the header does not give them; text is "" when absent.
 *
 * @param sliceCount images (or frames) in the series
 * @param geometryProblem "" when the series' slices form one regular volume, else why not
 */
public record SeriesHeader(
    String modality,
    String sopClassUid,
    String manufacturer,
    String seriesDescription,
    String protocolName,
    String sequenceName,
    List<String> imageType,
    List<String> scanningSequence,
    List<String> sequenceVariant,
    List<String> scanOptions,
    String mrAcquisitionType,
    double repetitionTime,
    double echoTime,
    double inversionTime,
    String contrastBolusAgent,
    String bodyPartExamined,
    double maxBValue,
    int sliceCount,
    String geometryProblem) {

  public static final String MR_SPECTROSCOPY_STORAGE = "1.2.840.10008.5.1.4.1.1.4.2";

  public SeriesHeader {
    modality = Objects.requireNonNull(modality, "modality").trim();
    sopClassUid = Objects.requireNonNull(sopClassUid, "sopClassUid").trim();
    manufacturer = Objects.requireNonNull(manufacturer, "manufacturer").trim();
    seriesDescription = Objects.requireNonNull(seriesDescription, "seriesDescription").trim();
    protocolName = Objects.requireNonNull(protocolName, "protocolName").trim();
    sequenceName = Objects.requireNonNull(sequenceName, "sequenceName").trim();
    imageType = upper(imageType);
    scanningSequence = upper(scanningSequence);
    sequenceVariant = upper(sequenceVariant);
    scanOptions = upper(scanOptions);
    mrAcquisitionType = Objects.requireNonNull(mrAcquisitionType, "mrAcquisitionType").trim();
    contrastBolusAgent = Objects.requireNonNull(contrastBolusAgent, "contrastBolusAgent").trim();
    bodyPartExamined = Objects.requireNonNull(bodyPartExamined, "bodyPartExamined").trim();
    geometryProblem = Objects.requireNonNull(geometryProblem, "geometryProblem");
    if (sliceCount < 0) {
      throw new IllegalArgumentException("slice count is negative: " + sliceCount);
    }
  }

  private static List<String> upper(List<String> values) {
    List<String> out = new ArrayList<>();
    for (String v : values) {
      if (!v.isBlank()) {
        out.add(v.trim().toUpperCase(java.util.Locale.ROOT));
      }
    }
    return List.copyOf(out);
  }

  public static Builder builder() {
    return new Builder();
  }

  /**
   * Reads the facts from one image of the series (the first, say); {@code sliceCount} and
   * {@code geometryProblem} come from looking at all of them. Enhanced MR keeps timing in
   * functional groups; those are consulted when the classic attributes are absent.
   */
  public static SeriesHeader of(DicomDataset image, int sliceCount, String geometryProblem) {
    DicomDataset shared = image.item(DicomTag.SHARED_FUNCTIONAL_GROUPS_SEQUENCE).orElse(null);
    DicomDataset firstFrame = image.item(DicomTag.PER_FRAME_FUNCTIONAL_GROUPS_SEQUENCE).orElse(null);
    List<String> imageType = image.strings(DicomTag.IMAGE_TYPE);
    List<String> scanning = image.strings(DicomTag.SCANNING_SEQUENCE);
    if (scanning.isEmpty()) {
      scanning = enhancedScanningSequence(image, shared, firstFrame);
    }
    double tr = number(image, shared, firstFrame, DicomTag.REPETITION_TIME, DicomTag.MR_TIMING_AND_RELATED_PARAMETERS_SEQUENCE);
    double te = number(image, shared, firstFrame, DicomTag.ECHO_TIME, -1);
    if (Double.isNaN(te)) {
      te = number(image, shared, firstFrame, DicomTag.EFFECTIVE_ECHO_TIME, DicomTag.MR_ECHO_SEQUENCE);
    }
    double ti = number(image, shared, firstFrame, DicomTag.INVERSION_TIME, -1);
    if (Double.isNaN(ti)) {
      ti = number(image, shared, firstFrame, 0x00189079 /* InversionTimes */, DicomTag.MR_MODIFIER_SEQUENCE);
    }
    return builder()
        .modality(image.string(DicomTag.MODALITY).orElse(""))
        .sopClassUid(image.string(DicomTag.SOP_CLASS_UID).orElse(""))
        .manufacturer(image.string(DicomTag.MANUFACTURER).orElse(""))
        .seriesDescription(image.string(DicomTag.SERIES_DESCRIPTION).orElse(""))
        .protocolName(image.string(DicomTag.PROTOCOL_NAME).orElse(""))
        .sequenceName(image.string(DicomTag.SEQUENCE_NAME).or(() -> image.string(DicomTag.PULSE_SEQUENCE_NAME)).orElse(""))
        .imageType(imageType)
        .scanningSequence(scanning)
        .sequenceVariant(image.strings(DicomTag.SEQUENCE_VARIANT))
        .scanOptions(image.strings(DicomTag.SCAN_OPTIONS))
        .mrAcquisitionType(image.string(DicomTag.MR_ACQUISITION_TYPE).orElse(""))
        .repetitionTime(tr)
        .echoTime(te)
        .inversionTime(ti)
        .contrastBolusAgent(image.string(DicomTag.CONTRAST_BOLUS_AGENT).orElse(""))
        .bodyPartExamined(image.string(DicomTag.BODY_PART_EXAMINED).orElse(""))
        .maxBValue(maxBValue(image, shared, firstFrame))
        .sliceCount(sliceCount)
        .geometryProblem(geometryProblem)
        .build();
  }

  private static List<String> enhancedScanningSequence(DicomDataset image, DicomDataset shared, DicomDataset frame) {
    List<String> out = new ArrayList<>();
    String echo = image.string(DicomTag.ECHO_PULSE_SEQUENCE).orElse("");
    if (echo.equals("SPIN") || echo.equals("BOTH")) {
      out.add("SE");
    }
    if (echo.equals("GRADIENT") || echo.equals("BOTH")) {
      out.add("GR");
    }
    for (DicomDataset group : new DicomDataset[] {shared, frame}) {
      if (group != null) {
        for (DicomDataset modifier : group.sequence(DicomTag.MR_MODIFIER_SEQUENCE)) {
          if (modifier.string(0x00189009 /* InversionRecovery */).orElse("").equals("YES")) {
            out.add("IR");
          }
        }
      }
    }
    return out;
  }

  private static double number(DicomDataset image, DicomDataset shared, DicomDataset frame, int tag, int groupSequence) {
    OptionalDouble v = image.doubleValue(tag);
    if (v.isPresent()) {
      return v.getAsDouble();
    }
    if (groupSequence >= 0) {
      for (DicomDataset group : new DicomDataset[] {shared, frame}) {
        if (group != null) {
          for (DicomDataset item : group.sequence(groupSequence)) {
            OptionalDouble g = item.doubleValue(tag);
            if (g.isPresent()) {
              return g.getAsDouble();
            }
          }
        }
      }
    }
    return Double.NaN;
  }

  /** The standard b-value, else the vendors' private ones (Siemens, GE, Philips). */
  private static double maxBValue(DicomDataset image, DicomDataset shared, DicomDataset frame) {
    double max = Double.NaN;
    int[] tags = {DicomTag.DIFFUSION_B_VALUE, 0x0019100C, 0x00431039, 0x20011003};
    for (int tag : tags) {
      double[] v;
      try {
        v = image.doubles(tag);
      } catch (NumberFormatException notNumeric) {
        continue;
      }
      if (v.length > 0) {
        // GE adds 10^9 to the b-value in (0043,1039) on some software versions.
        double b = tag == 0x00431039 ? v[0] % 1e9 : v[0];
        max = Double.isNaN(max) ? b : Math.max(max, b);
      }
    }
    for (DicomDataset group : new DicomDataset[] {shared, frame}) {
      if (group != null) {
        for (DicomDataset item : group.sequence(DicomTag.MR_DIFFUSION_SEQUENCE)) {
          OptionalDouble b = item.doubleValue(DicomTag.DIFFUSION_B_VALUE);
          if (b.isPresent()) {
            max = Double.isNaN(max) ? b.getAsDouble() : Math.max(max, b.getAsDouble());
          }
        }
      }
    }
    return max;
  }

  /** Builds a header profile field by field; everything not set is absent. */
  public static final class Builder {
    private String modality = "MR";
    private String sopClassUid = "";
    private String manufacturer = "";
    private String seriesDescription = "";
    private String protocolName = "";
    private String sequenceName = "";
    private List<String> imageType = List.of();
    private List<String> scanningSequence = List.of();
    private List<String> sequenceVariant = List.of();
    private List<String> scanOptions = List.of();
    private String mrAcquisitionType = "";
    private double repetitionTime = Double.NaN;
    private double echoTime = Double.NaN;
    private double inversionTime = Double.NaN;
    private String contrastBolusAgent = "";
    private String bodyPartExamined = "";
    private double maxBValue = Double.NaN;
    private int sliceCount;
    private String geometryProblem = "";

    private Builder() {}

    public Builder modality(String v) { modality = v; return this; }
    public Builder sopClassUid(String v) { sopClassUid = v; return this; }
    public Builder manufacturer(String v) { manufacturer = v; return this; }
    public Builder seriesDescription(String v) { seriesDescription = v; return this; }
    public Builder protocolName(String v) { protocolName = v; return this; }
    public Builder sequenceName(String v) { sequenceName = v; return this; }
    public Builder imageType(List<String> v) { imageType = v; return this; }
    public Builder scanningSequence(List<String> v) { scanningSequence = v; return this; }
    public Builder sequenceVariant(List<String> v) { sequenceVariant = v; return this; }
    public Builder scanOptions(List<String> v) { scanOptions = v; return this; }
    public Builder mrAcquisitionType(String v) { mrAcquisitionType = v; return this; }
    public Builder repetitionTime(double v) { repetitionTime = v; return this; }
    public Builder echoTime(double v) { echoTime = v; return this; }
    public Builder inversionTime(double v) { inversionTime = v; return this; }
    public Builder contrastBolusAgent(String v) { contrastBolusAgent = v; return this; }
    public Builder bodyPartExamined(String v) { bodyPartExamined = v; return this; }
    public Builder maxBValue(double v) { maxBValue = v; return this; }
    public Builder sliceCount(int v) { sliceCount = v; return this; }
    public Builder geometryProblem(String v) { geometryProblem = v; return this; }

    public SeriesHeader build() {
      return new SeriesHeader(modality, sopClassUid, manufacturer, seriesDescription, protocolName, sequenceName,
          imageType, scanningSequence, sequenceVariant, scanOptions, mrAcquisitionType, repetitionTime, echoTime,
          inversionTime, contrastBolusAgent, bodyPartExamined, maxBValue, sliceCount, geometryProblem);
    }
  }
}
