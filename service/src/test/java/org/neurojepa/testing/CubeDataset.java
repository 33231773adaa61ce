package org.neurojepa.testing;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.SplittableRandom;
import org.neurojepa.preprocessing.nifti.NiftiWriter;
import org.neurojepa.preprocessing.series.SequenceType;
import org.neurojepa.preprocessing.volume.Affine;
import org.neurojepa.preprocessing.volume.Volume;
import org.neurojepa.training.dataset.DatasetEntry;
import org.neurojepa.training.dataset.DatasetManifest;
import org.neurojepa.training.dataset.Split;

/**
 * A small dataset for tests of the commands and the service around findings heads: 24 noise volumes
 * of the recipe's size, the even ones with a bright cube, 12/6/6 patients in train/validation/test
 * (alternating classes, so every split has both). Whether heads learn real findings is
 * LesionHeadTest's question (training module); this data only has to be valid and labelled.
 */
public final class CubeDataset {
  private CubeDataset() {}

  /** Writes the dataset to {@code dir} and the labels to {@code dir/labels.csv} under {@code label}. */
  public static Path write(Path dir, String label) throws IOException {
    return write(dir, label, p -> "p" + p);
  }

  /** As {@link #write(Path, String)}, patient {@code p}'s key being {@code patientKey(p)}. */
  public static Path write(Path dir, String label, java.util.function.IntFunction<String> patientKey)
      throws IOException {
    StringBuilder csv = new StringBuilder("patient," + label + "\n");
    Files.createDirectories(dir.resolve("shard-0000"));
    for (int p = 0; p < 24; p++) {
      boolean positive = p % 2 == 0;
      SplittableRandom r = new SplittableRandom(p);
      float[] v = new float[96 * 108 * 96];
      for (int i = 0; i < v.length; i++) {
        v[i] = (float) (0.3 * r.nextDouble());
      }
      if (positive) {
        for (int z = 30; z < 66; z++) {
          for (int y = 36; y < 72; y++) {
            for (int x = 30; x < 66; x++) {
              v[x + 96 * (y + 108 * z)] = 1f;
            }
          }
        }
      }
      String series = "1.2.826.0.1." + p;
      String file = "shard-0000/" + series + ".nii.gz";
      NiftiWriter.write(new Volume(96, 108, 96, v, Affine.identity()), dir.resolve(file));
      Split split = p < 12 ? Split.TRAIN : p < 18 ? Split.VALIDATION : Split.TEST;
      DatasetManifest.append(dir, new DatasetEntry(patientKey.apply(p), "1.2.826.0.2." + p, series, SequenceType.T1W, split, file,
          DatasetManifest.sha256(dir.resolve(file)), Map.of()));
      csv.append(patientKey.apply(p)).append(',').append(positive ? 1 : 0).append('\n');
    }
    Path labels = dir.resolve("labels.csv");
    Files.writeString(labels, csv.toString());
    return labels;
  }
}
