package org.neurojepa.training.pretrain;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.neurojepa.model.NeuroJepaConfig;
import org.neurojepa.preprocessing.nifti.NiftiWriter;
import org.neurojepa.preprocessing.series.SequenceType;
import org.neurojepa.preprocessing.volume.Affine;
import org.neurojepa.preprocessing.volume.Volume;
import org.neurojepa.training.dataset.DatasetEntry;
import org.neurojepa.training.dataset.DatasetManifest;
import org.neurojepa.training.dataset.Split;

class PretrainDataTest {
  private final NeuroJepaConfig tiny = NeuroJepaConfig.tiny();

  /** Writes a model-order volume as NIfTI (i = depth, j = height, k = width). */
  static void writeModelInput(float[] modelOrder, NeuroJepaConfig c, Path file) throws IOException {
    int nx = c.inputDepth();
    int ny = c.inputHeight();
    int nz = c.inputWidth();
    float[] nifti = new float[modelOrder.length];
    for (int i = 0; i < nx; i++) {
      for (int j = 0; j < ny; j++) {
        for (int k = 0; k < nz; k++) {
          nifti[i + nx * (j + ny * k)] = modelOrder[(i * ny + j) * nz + k];
        }
      }
    }
    NiftiWriter.write(new Volume(nx, ny, nz, nifti, Affine.identity()), file);
  }

  @Test
  void readsADirectoryOfModelInputsInModelOrder(@TempDir Path dir) throws IOException {
    List<float[]> colin = ColinInputs.volumes(tiny);
    writeModelInput(colin.get(0), tiny, dir.resolve("a.nii.gz"));
    writeModelInput(colin.get(1), tiny, dir.resolve("b.nii.gz"));
    Files.writeString(dir.resolve("notes.txt"), "not a volume");
    PretrainData d = PretrainData.fromDirectory(dir, tiny);
    assertEquals(2, d.size());
    assertArrayEquals(colin.get(0), d.volume(0), 1e-6f);
    assertArrayEquals(colin.get(1), d.volume(1), 1e-6f);
  }

  @Test
  void readsTheTrainSplitOfAHarvestedDataset(@TempDir Path dir) throws IOException {
    List<float[]> colin = ColinInputs.volumes(tiny);
    Split[] splits = {Split.TRAIN, Split.TEST, Split.TRAIN, Split.VALIDATION};
    for (int i = 0; i < splits.length; i++) {
      String file = "shard-0000/1.2." + i + ".nii.gz";
      writeModelInput(colin.get(i % colin.size()), tiny, dir.resolve(file));
      DatasetManifest.append(dir, new DatasetEntry("p" + i, "1.2", "1.2." + i, SequenceType.T1W, splits[i], file,
          DatasetManifest.sha256(dir.resolve(file)), Map.of()));
    }
    PretrainData d = PretrainData.fromDirectory(dir, tiny);
    assertEquals(2, d.size(), "the train split only");
    assertArrayEquals(colin.get(0), d.volume(0), 1e-6f);
    assertArrayEquals(colin.get(2 % colin.size()), d.volume(1), 1e-6f);
    assertTrue(d.description().contains(DatasetManifest.read(dir).sha256()), d.description());

    Path noTrain = dir.resolve("no-train");
    writeModelInput(colin.get(0), tiny, noTrain.resolve("a.nii.gz"));
    DatasetManifest.append(noTrain, new DatasetEntry("p", "1.3", "1.3.1", SequenceType.T1W, Split.TEST, "a.nii.gz",
        DatasetManifest.sha256(noTrain.resolve("a.nii.gz")), Map.of()));
    IOException none = assertThrows(IOException.class, () -> PretrainData.fromDirectory(noTrain, tiny));
    assertTrue(none.getMessage().contains("no train split"), none.getMessage());
  }

  @Test
  void badInputIsAClearError(@TempDir Path dir) throws IOException {
    IOException none = assertThrows(IOException.class, () -> PretrainData.fromDirectory(dir, tiny));
    assertTrue(none.getMessage().contains("no .nii"), none.getMessage());
    assertThrows(IOException.class, () -> PretrainData.fromDirectory(dir.resolve("missing"), tiny));

    Path wrong = dir.resolve("wrong");
    NiftiWriter.write(new Volume(10, 10, 10, new float[1000], Affine.identity()), wrong.resolve("small.nii.gz"));
    IOException size = assertThrows(IOException.class, () -> PretrainData.fromDirectory(wrong, tiny));
    assertTrue(size.getMessage().contains("10×10×10") && size.getMessage().contains("48×54×48"), size.getMessage());

    Path broken = dir.resolve("broken");
    Files.createDirectories(broken);
    Files.write(broken.resolve("x.nii.gz"), new byte[] {1, 2, 3});
    IOException corrupt = assertThrows(IOException.class, () -> PretrainData.fromDirectory(broken, tiny));
    assertTrue(corrupt.getMessage().contains("x.nii.gz"), corrupt.getMessage());

    assertThrows(IllegalArgumentException.class, () -> PretrainData.of(List.of(new float[5]), tiny, "x"));
    assertThrows(IllegalArgumentException.class, () -> PretrainData.of(List.of(), tiny, "x"));
  }

  @Test
  void foregroundAndAugmentationOnColin() throws IOException {
    float[] v = ColinInputs.volumes(tiny).get(0);
    boolean[] fg = ForegroundPatches.of(v, tiny);
    int n = 0;
    for (boolean f : fg) {
      n += f ? 1 : 0;
    }
    // the brain fills the cropped box's middle; its corners are background
    assertTrue(n > 576 / 3 && n < 576, "foreground tokens " + n);
    assertTrue(!fg[0] && !fg[575]);
    Augmentation aug = new Augmentation(tiny.inputDepth(), tiny.inputHeight(), tiny.inputWidth());
    float[] a = aug.apply(v, new java.util.SplittableRandom(1));
    float[] b = aug.apply(v, new java.util.SplittableRandom(1));
    float[] c = aug.apply(v, new java.util.SplittableRandom(2));
    assertArrayEquals(a, b);
    assertTrue(!java.util.Arrays.equals(a, c));
    assertEquals(v.length, a.length);
  }

  @Test
  void scheduleWarmsUpHoldsAndCoolsDown() {
    LearningRateSchedule s = new LearningRateSchedule(1e-4, 5e-4, 1e-6, 10, 20, 10);
    assertEquals(1e-4, s.at(0), 1e-12);
    assertEquals(3e-4, s.at(5), 1e-12);
    assertEquals(5e-4, s.at(10), 1e-12);
    assertEquals(5e-4, s.at(29), 1e-12);
    assertEquals(1e-6, s.at(39), 1e-12);
    assertEquals(1e-6, s.at(100), 1e-12);
    LearningRateSchedule r = LearningRateSchedule.released();
    assertEquals(240 * 1600, r.totalSteps());
    assertEquals(5.25e-4, r.at(40 * 1600), 1e-12);
  }
}
