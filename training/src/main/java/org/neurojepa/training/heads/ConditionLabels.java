package org.neurojepa.training.heads;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Stream;

/**
 * EHR labels from FHIR R4 Condition resources by the ICD-10 rules of the paper ({@link
 * Icd10Rules}): a patient with at least one usable Condition gets every label, positive when one of
 * its ICD-10 codes falls in the label's definition, negative otherwise; a patient without any
 * Condition in the export is unknown (left out), never taken as negative.
 *
 * <p>Read: Bundles (searchset, collection, transaction), single resources, or NDJSON (bulk export),
 * from a file or every {@code .json}/{@code .ndjson} file of a directory. The subject is resolved
 * from {@code subject.identifier}, or from {@code subject.reference} to a Patient in the same
 * input, by the identifier {@code patientIdentifierSystem} (the one the reports use for the DICOM
 * PatientID); {@code patientKey} turns that PatientID into the dataset's pseudonymous key.
 * Conditions whose verification status is refuted or entered-in-error do not count.
 */
public final class ConditionLabels {
  static final Set<String> ICD10_SYSTEMS = Set.of(
      "http://hl7.org/fhir/sid/icd-10", "http://hl7.org/fhir/sid/icd-10-cm", "urn:oid:2.16.840.1.113883.6.3",
      "urn:oid:2.16.840.1.113883.6.90");
  private static final ObjectMapper JSON = new ObjectMapper();

  private ConditionLabels() {}

  /** What was read, with the counts a person checks before trusting the labels. */
  public record Result(LabelTable labels, int conditions, int withoutIcd10, int unresolvedSubjects, int notCounted) {}

  public static Result read(Path input, String patientIdentifierSystem, Function<String, String> patientKey)
      throws IOException {
    List<JsonNode> resources = new ArrayList<>();
    List<Path> files = new ArrayList<>();
    if (Files.isDirectory(input)) {
      try (Stream<Path> s = Files.list(input)) {
        s.filter(p -> p.toString().endsWith(".json") || p.toString().endsWith(".ndjson")).sorted().forEach(files::add);
      }
    } else {
      files.add(input);
    }
    if (files.isEmpty()) {
      throw new IOException("no .json or .ndjson file in " + input);
    }
    for (Path f : files) {
      collect(f, resources);
    }
    Map<String, String> patientIdByReference = new HashMap<>();
    for (JsonNode r : resources) {
      if ("Patient".equals(r.path("resourceType").asText())) {
        identifier(r.path("identifier"), patientIdentifierSystem).ifPresent(id -> {
          if (r.hasNonNull("id")) {
            patientIdByReference.put("Patient/" + r.get("id").asText(), id);
          }
        });
      }
    }
    Map<String, Boolean[]> rows = new LinkedHashMap<>();
    int conditions = 0;
    int withoutIcd10 = 0;
    int unresolved = 0;
    int notCounted = 0;
    List<String> labels = Icd10Rules.LABELS;
    for (JsonNode r : resources) {
      if (!"Condition".equals(r.path("resourceType").asText())) {
        continue;
      }
      conditions++;
      String verification = r.path("verificationStatus").path("coding").path(0).path("code").asText("");
      if (verification.equals("refuted") || verification.equals("entered-in-error")) {
        notCounted++;
        continue;
      }
      JsonNode subject = r.path("subject");
      java.util.Optional<String> patientId = subject.has("identifier")
          ? identifier(JSON.createArrayNode().add(subject.get("identifier")), patientIdentifierSystem)
          : java.util.Optional.ofNullable(patientIdByReference.get(subject.path("reference").asText()));
      if (patientId.isEmpty()) {
        unresolved++;
        continue;
      }
      Boolean[] row = rows.computeIfAbsent(patientKey.apply(patientId.get()), k -> {
        Boolean[] fresh = new Boolean[labels.size()];
        java.util.Arrays.fill(fresh, Boolean.FALSE);
        return fresh;
      });
      boolean anyIcd10 = false;
      for (JsonNode coding : r.path("code").path("coding")) {
        if (ICD10_SYSTEMS.contains(coding.path("system").asText()) && coding.hasNonNull("code")) {
          anyIcd10 = true;
          for (String label : Icd10Rules.labelsOf(coding.get("code").asText())) {
            row[labels.indexOf(label)] = Boolean.TRUE;
          }
        }
      }
      if (!anyIcd10) {
        withoutIcd10++;
      }
    }
    return new Result(new LabelTable(LabelTable.KeyKind.PATIENT, labels, rows), conditions, withoutIcd10, unresolved,
        notCounted);
  }

  private static java.util.Optional<String> identifier(JsonNode identifiers, String system) {
    for (JsonNode id : identifiers) {
      if (system.equals(id.path("system").asText()) && id.hasNonNull("value")) {
        return java.util.Optional.of(id.get("value").asText());
      }
    }
    return java.util.Optional.empty();
  }

  private static void collect(Path file, List<JsonNode> out) throws IOException {
    String text = Files.readString(file, StandardCharsets.UTF_8);
    if (file.toString().endsWith(".ndjson")) {
      int line = 0;
      for (String l : text.split("\n")) {
        line++;
        if (!l.isBlank()) {
          add(parse(l, file + " line " + line), out, file);
        }
      }
    } else {
      add(parse(text, file.toString()), out, file);
    }
  }

  private static JsonNode parse(String text, String where) throws IOException {
    try {
      return JSON.readTree(text);
    } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
      throw new IOException(where + " is not JSON: " + e.getOriginalMessage(), e);
    }
  }

  private static void add(JsonNode resource, List<JsonNode> out, Path file) throws IOException {
    if (!resource.has("resourceType")) {
      throw new IOException(file + " holds JSON that is not a FHIR resource (no resourceType)");
    }
    if ("Bundle".equals(resource.get("resourceType").asText())) {
      for (JsonNode e : resource.path("entry")) {
        if (e.has("resource")) {
          add(e.get("resource"), out, file);
        }
      }
    } else {
      out.add(resource);
    }
  }
}
