package org.neurojepa.training.dataset;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.EnumMap;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.neurojepa.model.NeuroJepaConfig;
import org.neurojepa.preprocessing.input.ModelInputFit;
import org.neurojepa.preprocessing.nifti.NiftiWriter;
import org.neurojepa.preprocessing.series.SequenceType;
import org.neurojepa.preprocessing.volume.Affine;
import org.neurojepa.preprocessing.volume.Volume;

class DatasetManifestTest {
  private final NeuroJepaConfig tiny = NeuroJepaConfig.tiny();

  @Test
  void appendedEntriesReadBackAndModelInputsAreFitted(@TempDir Path dir) throws IOException {
    Volume recipe = randomVolume(96, 108, 96, 1);
    DatasetEntry e = write(dir, "p1", "1.2.3", recipe, Split.TRAIN);
    DatasetManifest m = DatasetManifest.read(dir);
    assertEquals(1, m.entries().size());
    assertEquals(e, m.entries().get(0));
    assertTrue(m.contains("1.2.3"));
    assertEquals(1, m.entries(Split.TRAIN).size());
    assertEquals(0, m.entries(Split.TEST).size());
    float[] expected = ModelInputFit.modelOrder(ModelInputFit.fit(recipe, 48, 54, 48));
    assertArrayEquals(expected, m.modelInput(m.entries().get(0), tiny), 1e-6f);

    String before = m.sha256();
    write(dir, "p2", "1.2.4", randomVolume(96, 108, 96, 2), Split.TEST);
    DatasetManifest grown = DatasetManifest.read(dir.resolve(DatasetManifest.FILE_NAME));
    assertEquals(2, grown.entries().size());
    assertNotEquals(before, grown.sha256(), "the dataset's identity changes with its content");
  }

  @Test
  void aTornLastLineIsIgnoredAndCutBeforeTheNextAppend(@TempDir Path dir) throws IOException {
    write(dir, "p1", "1.2.3", randomVolume(96, 108, 96, 1), Split.TRAIN);
    String sha = DatasetManifest.read(dir).sha256();
    Files.writeString(dir.resolve(DatasetManifest.FILE_NAME), "{\"patient\":\"p2\",\"stu", StandardOpenOption.APPEND);
    DatasetManifest torn = DatasetManifest.read(dir);
    assertEquals(1, torn.entries().size());
    assertEquals(sha, torn.sha256());
    write(dir, "p3", "1.2.5", randomVolume(96, 108, 96, 3), Split.VALIDATION);
    assertEquals(2, DatasetManifest.read(dir).entries().size());
    assertTrue(Files.readString(dir.resolve(DatasetManifest.FILE_NAME)).lines().allMatch(l -> l.startsWith("{") && l.endsWith("}")));
  }

  @Test
  void badManifestsAndDamagedFilesAreClearErrors(@TempDir Path dir) throws IOException {
    assertThrows(IOException.class, () -> DatasetManifest.read(dir.resolve("absent")));
    assertEquals(0, DatasetManifest.read(dir).entries().size(), "a new dataset directory is empty");

    Path bad = Files.createDirectories(dir.resolve("bad"));
    Files.writeString(bad.resolve(DatasetManifest.FILE_NAME), "{\"patient\":\"p\"}\n");
    IOException missing = assertThrows(IOException.class, () -> DatasetManifest.read(bad));
    assertTrue(missing.getMessage().contains("line 1") && missing.getMessage().contains("study_uid"), missing.getMessage());

    Path twice = Files.createDirectories(dir.resolve("twice"));
    DatasetEntry e = write(twice, "p1", "1.2.3", randomVolume(96, 108, 96, 1), Split.TRAIN);
    DatasetManifest.append(twice, e);
    IOException dup = assertThrows(IOException.class, () -> DatasetManifest.read(twice));
    assertTrue(dup.getMessage().contains("twice"), dup.getMessage());

    Path damaged = Files.createDirectories(dir.resolve("damaged"));
    DatasetEntry d = write(damaged, "p1", "1.2.3", randomVolume(96, 108, 96, 1), Split.TRAIN);
    Path f = damaged.resolve(d.file());
    byte[] bytes = Files.readAllBytes(f);
    bytes[bytes.length / 2] ^= 0x55;
    Files.write(f, bytes);
    DatasetManifest m = DatasetManifest.read(damaged);
    IOException hash = assertThrows(IOException.class, () -> m.modelInput(m.entries().get(0), tiny));
    assertTrue(hash.getMessage().contains("damaged") && hash.getMessage().contains("1.2.3"), hash.getMessage());

    assertThrows(IllegalArgumentException.class, () -> new DatasetEntry("p", "s", "x", SequenceType.REJECTED, Split.TRAIN,
        "a.nii.gz", "00", Map.of()));
    assertThrows(IllegalArgumentException.class, () -> new DatasetEntry("p", "s", "x", SequenceType.T1W, Split.TRAIN,
        "../a.nii.gz", "00", Map.of()));
  }

  @Test
  void splitsArePerPatientStableAndNearTheirFractions() {
    Map<Split, Integer> counts = new EnumMap<>(Split.class);
    for (int p = 0; p < 10_000; p++) {
      Split s = Split.forPatient("patient-" + p, 7, 0.8, 0.1);
      assertEquals(s, Split.forPatient("patient-" + p, 7, 0.8, 0.1), "the same patient always lands in the same split");
      counts.merge(s, 1, Integer::sum);
    }
    assertEquals(8000, counts.get(Split.TRAIN), 200);
    assertEquals(1000, counts.get(Split.VALIDATION), 120);
    assertEquals(1000, counts.get(Split.TEST), 120);
    long moved = java.util.stream.IntStream.range(0, 1000)
        .filter(p -> Split.forPatient("patient-" + p, 7, 0.8, 0.1) != Split.forPatient("patient-" + p, 8, 0.8, 0.1)).count();
    assertTrue(moved > 100, "another seed gives another assignment (" + moved + " of 1000 moved)");
    assertThrows(IllegalArgumentException.class, () -> Split.forPatient("p", 0, 0.9, 0.2));
  }

  private static DatasetEntry write(Path dir, String patient, String seriesUid, Volume v, Split split) throws IOException {
    String rel = "shard-0000/" + seriesUid + ".nii.gz";
    Path f = dir.resolve(rel);
    Files.createDirectories(f.getParent());
    NiftiWriter.write(v, f);
    DatasetEntry e = new DatasetEntry(patient, "study-" + seriesUid, seriesUid, SequenceType.T1W, split, rel,
        DatasetManifest.sha256(f), Map.of("mi", 0.5, "pearson", 0.9));
    DatasetManifest.append(dir, e);
    return e;
  }

  private static Volume randomVolume(int nx, int ny, int nz, long seed) {
    SplittableRandom r = new SplittableRandom(seed);
    float[] v = new float[nx * ny * nz];
    for (int i = 0; i < v.length; i++) {
      v[i] = (float) r.nextDouble();
    }
    return new Volume(nx, ny, nz, v, Affine.scaling(2, 2, 2));
  }
}
