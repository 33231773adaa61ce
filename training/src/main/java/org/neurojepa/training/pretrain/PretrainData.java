package org.neurojepa.training.pretrain;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.neurojepa.model.NeuroJepaConfig;
import org.neurojepa.preprocessing.input.ModelInputFit;
import org.neurojepa.preprocessing.nifti.NiftiReader;
import org.neurojepa.preprocessing.volume.Volume;
import org.neurojepa.training.dataset.DatasetEntry;
import org.neurojepa.training.dataset.DatasetManifest;
import org.neurojepa.training.dataset.Split;

/**
 * The scans a run trains on: model inputs in model order [D][H][W] (NIfTI i → depth, j → height,
 * k → width, as nibabel's array), each {@code inputDepth×inputHeight×inputWidth}.
 */
public final class PretrainData {
  private final List<float[]> volumes;
  private final String description;

  private PretrainData(List<float[]> volumes, String description) {
    this.volumes = volumes;
    this.description = description;
  }

  /** In-memory volumes, already in model order and size. */
  public static PretrainData of(List<float[]> volumes, NeuroJepaConfig config, String description) {
    if (volumes.isEmpty()) {
      throw new IllegalArgumentException("no training volumes");
    }
    List<float[]> copy = new ArrayList<>();
    for (int i = 0; i < volumes.size(); i++) {
      float[] v = volumes.get(i);
      if (v.length != config.voxels()) {
        throw new IllegalArgumentException(
            "volume " + i + " has " + v.length + " voxels; the " + config.name() + " model takes " + config.voxels());
      }
      copy.add(v.clone());
    }
    return new PretrainData(copy, description);
  }

  /**
   * A harvested dataset (a directory with {@code manifest.jsonl}): its train split, see
   * {@link #fromDataset}. Any other directory: every {@code .nii} / {@code .nii.gz} file directly in
   * it, sorted by name. A file that cannot be read or has the wrong size is an error naming it.
   */
  public static PretrainData fromDirectory(Path dir, NeuroJepaConfig config) throws IOException {
    if (!Files.isDirectory(dir)) {
      throw new IOException("training data " + dir + " is not a directory");
    }
    if (Files.exists(dir.resolve(DatasetManifest.FILE_NAME))) {
      return fromDataset(DatasetManifest.read(dir), config);
    }
    List<Path> files;
    try (Stream<Path> s = Files.list(dir)) {
      files = s.filter(p -> p.getFileName().toString().endsWith(".nii.gz") || p.getFileName().toString().endsWith(".nii"))
          .sorted().toList();
    }
    if (files.isEmpty()) {
      throw new IOException("no .nii or .nii.gz model inputs in " + dir);
    }
    List<float[]> volumes = new ArrayList<>();
    for (Path f : files) {
      Volume v;
      try {
        v = NiftiReader.read(f);
      } catch (IOException | RuntimeException e) {
        throw new IOException("cannot read training volume " + f + ": " + e.getMessage(), e);
      }
      try {
        // the recipe's 96×108×96 input serves every size that divides it, as in the service
        v = ModelInputFit.fit(v, config.inputDepth(), config.inputHeight(), config.inputWidth());
      } catch (IllegalArgumentException e) {
        throw new IOException(f + ": " + e.getMessage() + " (" + config.name() + ")", e);
      }
      volumes.add(ModelInputFit.modelOrder(v));
    }
    return new PretrainData(volumes, files.size() + " volumes from " + dir.toAbsolutePath());
  }

  /**
   * The train split of a harvested dataset, in manifest order: validation and test patients are
   * never seen in pretraining. Each input's SHA-256 is checked against the manifest and the
   * recipe's input brought to the model's size, as the service does. The description names the
   * manifest's SHA-256, so a checkpoint records exactly what it was trained on.
   */
  public static PretrainData fromDataset(DatasetManifest dataset, NeuroJepaConfig config) throws IOException {
    List<DatasetEntry> train = dataset.entries(Split.TRAIN);
    if (train.isEmpty()) {
      throw new IOException("the dataset " + dataset.dir() + " has no train split entries (of "
          + dataset.entries().size() + " entries)");
    }
    List<float[]> volumes = new ArrayList<>();
    for (DatasetEntry e : train) {
      volumes.add(dataset.modelInput(e, config));
    }
    return new PretrainData(volumes, train.size() + " train volumes of dataset " + dataset.dir()
        + " (manifest sha256 " + dataset.sha256() + ")");
  }

  public int size() {
    return volumes.size();
  }

  /** The stored volume (not a copy: do not change it). */
  float[] volume(int index) {
    return volumes.get(index);
  }

  public String description() {
    return description;
  }
}
