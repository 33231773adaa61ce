package org.neurojepa.fhir.report;

import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;

/** Analysed studies of every kind the pipeline produces, built from a seed so each test gets its own UIDs. */
public final class Studies {
  public static final String PATIENT_SYSTEM = "urn:oid:1.2.826.0.1.3680043.10.1234.1";
  public static final String SHA = "3f2b8c0e9d1a4b5c6d7e8f90a1b2c3d4e5f60718293a4b5c6d7e8f9012345678";

  private Studies() {}

  /** A study with the given sequences used, optionally rejected series and findings. */
  public static AnalysedStudy.Builder study(
      long seed, List<SequenceType> used, boolean withRejected, boolean withFindings, ModelVersion model) {
    String root = "1.2.826.0.1.3680043.10.999." + seed;
    AnalysedStudy.Builder b = AnalysedStudy.builder()
        .patient(PATIENT_SYSTEM, "PAT-" + seed)
        .patientName("Doe^Jane^Q^Dr^III")
        .patientSex(PatientSex.FEMALE)
        .patientBirthDate(LocalDate.of(1961, 3, 14))
        .study(root, OffsetDateTime.of(2026, 11, 2, 9, 41, 7, 0, ZoneOffset.ofHours(1)))
        .accessionNumber("ACC" + seed)
        .model(model)
        .issued(Instant.parse("2026-11-25T16:00:00Z"));
    int number = 1;
    for (SequenceType t : used) {
      String uid = root + "." + number;
      b.addSeries(AnalysedSeries.kept(uid, number, t.display() + " brain", 176, t));
      b.addUsedSequence(new UsedSequence(t, uid, 0.61 + number * 0.01, 27.5 + number, 0.91));
      number++;
    }
    if (withRejected) {
      b.addSeries(AnalysedSeries.rejected(root + ".90", 90, "3-plane localizer", "MR", 3, "localizer/scout"));
      b.addSeries(AnalysedSeries.rejected(root + ".91", 91, "ep2d_diff b1000", "MR", 60,
          "diffusion-weighted (b-values 0, 1000)"));
      b.addSeries(AnalysedSeries.rejected(root + ".92", 92, "Dose report", "SR", 1, "not an image series"));
    }
    if (withFindings) {
      b.addFinding(new Finding(ProjectCodeSystems.finding("atrophy"), 0.8123, 0.5));
      b.addFinding(new Finding(ProjectCodeSystems.finding("edema"), 0.1042, 0.35));
      b.addFinding(new Finding(ProjectCodeSystems.finding("midline-shift"), 0.35, 0.35));
    }
    return b;
  }

  public static ModelVersion untrained() {
    return ModelVersion.untrained("neuro-jepa-tiny", "0.1.0", 42);
  }

  /** Trained weights; each version has its own weights digest, as a retrained model would. */
  public static ModelVersion trained(String version, boolean validated) {
    String digest = Integer.toHexString(version.hashCode() & 0xffff);
    return new ModelVersion("neuro-jepa-base", version,
        SHA.substring(0, SHA.length() - digest.length()) + digest, validated);
  }
}
