package org.neurojepa.cli;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.neurojepa.training.harvest.SiteSecret;
import org.neurojepa.training.heads.ConditionLabels;
import org.neurojepa.training.heads.LabelTable;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Option;

/**
 * Where a command's labels come from: a CSV, or FHIR Conditions mapped by the paper's ICD-10
 * definitions to the 11 EHR labels, keyed by the same pseudonyms as the harvested dataset.
 */
final class LabelOptions {
  @ArgGroup(exclusive = true, multiplicity = "1") Source source;

  static final class Source {
    @Option(names = "--labels", paramLabel = "CSV", description = "Label table: 'patient' or 'study_uid', then labels.")
    Path csv;

    @Option(names = "--conditions", paramLabel = "PATH",
        description = "FHIR R4 Conditions (Bundle, resources or NDJSON; a file or a folder): the 11 EHR labels by ICD-10.")
    Path conditions;
  }

  @Option(names = "--patient-identifier-system", defaultValue = "urn:neurojepa:patient-id",
      description = "With --conditions: the identifier system of the DICOM PatientID (default: ${DEFAULT-VALUE}).")
  String patientIdentifierSystem;

  @Option(names = "--secret-file", paramLabel = "FILE",
      description = "With --conditions: the harvest's pseudonym secret (default: DATASET.secret beside the dataset, "
          + "or the environment variable " + SiteSecret.ENVIRONMENT + ").")
  Path secretFile;

  @Option(names = "--only-labels", split = ",", paramLabel = "LABEL",
      description = "Use only these labels of the table or of the 11 EHR labels, e.g. Cancer,Stroke (default: all).")
  List<String> onlyLabels;

  LabelTable read(Path dataset, PrintStream console) throws IOException {
    LabelTable all = readAll(dataset, console);
    return onlyLabels == null || onlyLabels.isEmpty() ? all : all.only(onlyLabels);
  }

  private LabelTable readAll(Path dataset, PrintStream console) throws IOException {
    if (source.csv != null) {
      return LabelTable.readCsv(source.csv);
    }
    ConditionLabels.Result r = ConditionLabels.read(source.conditions, patientIdentifierSystem,
        secret(dataset).pseudonyms()::key);
    console.printf("%d Conditions: %d patients labelled, %d without an ICD-10 code, %d with a subject not found, "
        + "%d refuted or entered in error%n", r.conditions(), r.labels().size(), r.withoutIcd10(),
        r.unresolvedSubjects(), r.notCounted());
    return r.labels();
  }

  /** The dataset's own secret: never a new one, which would key every patient differently. */
  private SiteSecret secret(Path dataset) throws IOException {
    String fromEnvironment = System.getenv(SiteSecret.ENVIRONMENT);
    if (fromEnvironment != null && !fromEnvironment.isBlank() && secretFile == null) {
      return SiteSecret.fromEnvironmentValue(fromEnvironment);
    }
    Path file = secretFile != null ? secretFile : SiteSecret.defaultFile(dataset);
    if (!Files.isRegularFile(file)) {
      throw new IllegalArgumentException("no pseudonym secret " + file + ": the dataset's patient keys cannot be "
          + "made from the Conditions' PatientIDs (give --secret-file or " + SiteSecret.ENVIRONMENT + ")");
    }
    return SiteSecret.fromFile(file, dataset);
  }
}
