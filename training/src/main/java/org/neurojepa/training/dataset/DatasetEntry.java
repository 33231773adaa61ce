package org.neurojepa.training.dataset;

import java.util.Map;
import java.util.Objects;
import org.neurojepa.preprocessing.series.SequenceType;

/**
 * One accepted series in a dataset: a registered model input (the recipe's 96×108×96 float NIfTI)
 * and where it came from.
 *
 * @param patient a pseudonymous patient key (never the PatientID itself): splits and label joins use it
 * @param file the model input, relative to the dataset directory (for example {@code shard-0003/<series>.nii.gz})
 * @param sha256 hex SHA-256 of that file, checked when it is read
 * @param qc the quality-control figures of the series (mutual information, PSNR, Pearson), by name
 */
public record DatasetEntry(
    String patient, String studyUid, String seriesUid, SequenceType sequence, Split split, String file,
    String sha256, Map<String, Double> qc) {

  public DatasetEntry {
    Objects.requireNonNull(patient, "patient");
    Objects.requireNonNull(studyUid, "studyUid");
    Objects.requireNonNull(seriesUid, "seriesUid");
    Objects.requireNonNull(sequence, "sequence");
    Objects.requireNonNull(split, "split");
    Objects.requireNonNull(file, "file");
    Objects.requireNonNull(sha256, "sha256");
    if (sequence == SequenceType.REJECTED) {
      throw new IllegalArgumentException("a rejected series is not a dataset entry: " + seriesUid);
    }
    if (file.startsWith("/") || file.contains("..")) {
      throw new IllegalArgumentException("entry file must be inside the dataset: " + file);
    }
    qc = Map.copyOf(qc);
  }
}
