package org.neurojepa.pacs.orthanc.internal;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.neurojepa.pacs.orthanc.Change;
import org.neurojepa.pacs.orthanc.ChangePage;
import org.neurojepa.pacs.orthanc.ChangeType;
import org.neurojepa.pacs.orthanc.OrthancInstance;
import org.neurojepa.pacs.orthanc.OrthancSeries;
import org.neurojepa.pacs.orthanc.OrthancStudy;
import org.neurojepa.pacs.orthanc.OrthancSystem;
import org.neurojepa.pacs.orthanc.ResourceLevel;
import org.neurojepa.pacs.orthanc.StoreResult;
import org.neurojepa.pacs.orthanc.UploadResult;

/**
 * Reads Orthanc's JSON answers into this package's records. A field the record needs and the
 * answer lacks is an {@link IllegalArgumentException} naming it; the client reports it as an
 * invalid response.
 */
public final class OrthancJson {
  private static final DateTimeFormatter CHANGE_DATE = DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss");

  private OrthancJson() {}

  public static OrthancSystem system(JsonNode n) {
    return new OrthancSystem(
        text(n, "Name"), required(n, "Version").asText(), n.path("ApiVersion").asInt(0),
        text(n, "DicomAet"), n.path("DicomPort").asInt(0), n.path("HttpPort").asInt(0));
  }

  public static ChangePage changes(JsonNode n) {
    List<Change> changes = new ArrayList<>();
    for (JsonNode c : required(n, "Changes")) {
      changes.add(change(c));
    }
    return new ChangePage(changes, required(n, "Last").asLong(), required(n, "Done").asBoolean());
  }

  static Change change(JsonNode c) {
    String typeName = required(c, "ChangeType").asText();
    String levelName = c.path("ResourceType").asText("");
    Optional<ResourceLevel> level = Optional.empty();
    for (ResourceLevel l : ResourceLevel.values()) {
      if (l.orthancName().equals(levelName)) {
        level = Optional.of(l);
      }
    }
    String date = required(c, "Date").asText();
    LocalDateTime when;
    try {
      when = LocalDateTime.parse(date, CHANGE_DATE);
    } catch (DateTimeParseException e) {
      throw new IllegalArgumentException("change " + c.path("Seq").asText() + " has an unreadable Date '" + date + "'", e);
    }
    return new Change(
        required(c, "Seq").asLong(), ChangeType.fromOrthanc(typeName), typeName, level, text(c, "ID"), when);
  }

  public static OrthancStudy study(JsonNode n) {
    JsonNode tags = n.path("MainDicomTags");
    JsonNode patient = n.path("PatientMainDicomTags");
    return new OrthancStudy(
        text(n, "ID"), text(n, "ParentPatient"), text(patient, "PatientID"), text(patient, "PatientName"),
        text(tags, "StudyInstanceUID"), text(tags, "StudyDate"), text(tags, "StudyDescription"),
        text(tags, "AccessionNumber"), ids(n, "Series"), n.path("IsStable").asBoolean(false));
  }

  public static OrthancSeries series(JsonNode n) {
    JsonNode tags = n.path("MainDicomTags");
    return new OrthancSeries(
        text(n, "ID"), text(n, "ParentStudy"), text(tags, "SeriesInstanceUID"), text(tags, "Modality"),
        text(tags, "SeriesDescription"), text(tags, "SeriesNumber"), text(tags, "ProtocolName"),
        ids(n, "Instances"), text(n, "Status"), n.path("IsStable").asBoolean(false));
  }

  public static OrthancInstance instance(JsonNode n) {
    JsonNode tags = n.path("MainDicomTags");
    return new OrthancInstance(
        text(n, "ID"), text(n, "ParentSeries"), text(tags, "SOPInstanceUID"), text(tags, "InstanceNumber"),
        n.path("FileSize").asLong(0));
  }

  public static UploadResult upload(JsonNode n) {
    String status = required(n, "Status").asText();
    if (!status.equals("Success") && !status.equals("AlreadyStored")) {
      throw new IllegalArgumentException("upload status '" + status + "'");
    }
    return new UploadResult(
        text(n, "ID"), text(n, "ParentSeries"), text(n, "ParentStudy"), text(n, "ParentPatient"),
        status.equals("AlreadyStored"));
  }

  public static StoreResult store(JsonNode n) {
    return new StoreResult(
        required(n, "InstancesCount").asInt(), n.path("FailedInstancesCount").asInt(0),
        n.path("LocalAet").asText(""), n.path("RemoteAet").asText(""), ids(n, "ParentResources"));
  }

  /** One C-FIND answer ({@code /queries/{id}/answers?expand&simplify}) as keyword to value. */
  public static Map<String, String> answer(JsonNode n) {
    Map<String, String> tags = new LinkedHashMap<>();
    n.fields().forEachRemaining(e -> {
      if (e.getValue().isValueNode()) {
        tags.put(e.getKey(), e.getValue().asText());
      }
    });
    return tags;
  }

  public static <T> List<T> list(JsonNode array, java.util.function.Function<JsonNode, T> reader) {
    if (!array.isArray()) {
      throw new IllegalArgumentException("expected a JSON array, got " + array.getNodeType());
    }
    List<T> out = new ArrayList<>(array.size());
    array.forEach(e -> out.add(reader.apply(e)));
    return out;
  }

  private static List<String> ids(JsonNode n, String field) {
    JsonNode a = n.path(field);
    if (a.isMissingNode() || a.isNull()) {
      return List.of();
    }
    return list(a, JsonNode::asText);
  }

  private static JsonNode required(JsonNode n, String field) {
    JsonNode v = n.get(field);
    if (v == null || v.isNull()) {
      throw new IllegalArgumentException("missing field '" + field + "'");
    }
    return v;
  }

  /** A string field; "" when absent, as DICOM reads an empty value. */
  private static String text(JsonNode n, String field) {
    JsonNode v = n.get(field);
    return v == null || v.isNull() ? "" : v.asText();
  }
}
