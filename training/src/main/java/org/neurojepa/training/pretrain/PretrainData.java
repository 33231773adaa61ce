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
   * Every {@code .nii} / {@code .nii.gz} file directly in {@code dir}, sorted by name. A file that
   * cannot be read or has the wrong size is an error naming it.
   */
  public static PretrainData fromDirectory(Path dir, NeuroJepaConfig config) throws IOException {
    if (!Files.isDirectory(dir)) {
      throw new IOException("training data " + dir + " is not a directory");
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
