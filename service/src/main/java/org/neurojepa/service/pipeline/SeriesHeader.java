package org.neurojepa.service.pipeline;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.neurojepa.pacs.file.DicomDataset;
import org.neurojepa.pacs.file.DicomTag;

/**
 * The patient, study and series attributes a report needs, taken from a series' first instance
 * when it is classified and kept in the database, so that any replica can compose the study's
 * report without the DICOM files (they stay on the replica that received them). Stored as DICOM
 * JSON-like text: {"00100020": ["ID"], …}.
 */
public final class SeriesHeader {
  /** PatientName, PatientID, PatientBirthDate, PatientSex, StudyDate, StudyTime, AccessionNumber,
   * Modality, TimezoneOffsetFromUTC, StudyDescription, SeriesDescription, SeriesNumber. */
  static final List<Integer> TAGS = List.of(0x00100010, DicomTag.PATIENT_ID, 0x00100030, 0x00100040,
      DicomTag.STUDY_DATE, 0x00080030, 0x00080050, DicomTag.MODALITY, 0x00080201, 0x00081030,
      DicomTag.SERIES_DESCRIPTION, DicomTag.SERIES_NUMBER);
  private static final ObjectMapper JSON = new ObjectMapper();

  private SeriesHeader() {}

  /** The attributes of {@link #TAGS} that {@code header} has, as stored. */
  public static String toJson(DicomDataset header) {
    Map<String, List<String>> values = new LinkedHashMap<>();
    for (int tag : TAGS) {
      List<String> v = header.strings(tag);
      if (!v.isEmpty()) {
        values.put(String.format("%08X", tag), v);
      }
    }
    try {
      return JSON.writeValueAsString(values);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }

  /** A dataset holding the stored attributes, for the code that reads a header. */
  public static DicomDataset fromJson(String json) {
    Map<String, List<String>> values;
    try {
      values = JSON.readValue(json, new TypeReference<Map<String, List<String>>>() {});
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("a stored series header is not readable: " + e.getOriginalMessage(), e);
    }
    Map<Integer, Object> elements = new HashMap<>();
    values.forEach((tag, v) -> elements.put(Integer.parseUnsignedInt(tag, 16), v.toArray(String[]::new)));
    return new DicomDataset(elements, "", null);
  }
}
