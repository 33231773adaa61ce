package org.neurojepa.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.neurojepa.model.Embedding;
import org.neurojepa.model.InferenceEngine;
import org.neurojepa.model.NeuroJepaConfig;
import org.neurojepa.model.ParameterStore;
import org.neurojepa.model.checkpoint.Checkpoint;
import org.neurojepa.model.checkpoint.Safetensors;
import org.neurojepa.model.nn.Encoder;
import org.neurojepa.preprocessing.input.ModelInputFit;
import org.neurojepa.preprocessing.nifti.NiftiWriter;
import org.neurojepa.preprocessing.volume.Affine;
import org.neurojepa.preprocessing.volume.Volume;
import picocli.CommandLine;

/** model-info and embed as a user runs them (registered in NeuroJepaCommand by the lead). */
class ModelCommandsTest {
  @TempDir Path dir;

  private record Result(int exit, String out, String err) {}

  private static Result run(Object command, String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    CommandLine cli = new CommandLine(command);
    cli.setOut(new PrintWriter(out));
    cli.setErr(new PrintWriter(err));
    int exit = cli.execute(args);
    return new Result(exit, out.toString(), err.toString());
  }

  @Test
  void modelInfoPrintsBaseCounts() {
    Result r = run(new ModelInfoCommand());
    assertEquals(0, r.exit(), r.err());
    assertTrue(r.out().contains("122,054,544"), r.out());
    assertTrue(r.out().contains("86,595,984"), r.out());
    assertTrue(r.out().contains("moe_routed_experts"), r.out());
    assertTrue(r.out().contains("untrained-0"), r.out());
    assertEquals(2, run(new ModelInfoCommand(), "--variant", "huge").exit());
  }

  private Path niftiOf(int nx, int ny, int nz, long seed) throws Exception {
    float[] v = new float[nx * ny * nz];
    SplittableRandom r = new SplittableRandom(seed);
    for (int i = 0; i < v.length; i++) {
      v[i] = (float) r.nextDouble();
    }
    Path f = dir.resolve("in-" + nx + "-" + seed + ".nii.gz");
    NiftiWriter.write(new Volume(nx, ny, nz, v, Affine.identity()), f);
    return f;
  }

  @Test
  void embedWritesTheEnginesFeatures() throws Exception {
    NeuroJepaConfig tiny = NeuroJepaConfig.tiny();
    Path in = niftiOf(48, 54, 48, 3);
    Path out = dir.resolve("features.safetensors");
    Result r = run(new EmbedCommand(), in.toString(), "--variant", "tiny", "--seed", "7", "--device", "CPU", "--out", out.toString());
    assertEquals(0, r.exit(), r.err());
    Safetensors.Contents c = Safetensors.read(out);
    assertArrayEquals(new long[] {576, 64}, c.tensors().get("features").shape());
    assertEquals("untrained-7", c.metadata().get("model_version"));
    Volume v = org.neurojepa.preprocessing.nifti.NiftiReader.read(in);
    try (InferenceEngine engine = InferenceEngine.builder().config(tiny).seed(7).device(InferenceEngine.DevicePreference.CPU).build()) {
      Embedding e = engine.embed(ModelInputFit.modelOrder(v));
      assertArrayEquals(e.features(), c.tensors().get("features").toFloats());
      assertArrayEquals(e.pooled(), c.tensors().get("pooled").toFloats());
    }
    // model order is [i][j][k] with k fastest
    float[] m = ModelInputFit.modelOrder(v);
    assertEquals(v.get(3, 5, 7), m[(3 * 54 + 5) * 48 + 7]);

    // the recipe's 96×108×96 input is block-averaged to tiny's size, as the service does
    Path recipe = niftiOf(96, 108, 96, 5);
    Path out2 = dir.resolve("features2.safetensors");
    Result r2 = run(new EmbedCommand(), recipe.toString(), "--variant", "tiny", "--seed", "7", "--device", "CPU", "--out", out2.toString());
    assertEquals(0, r2.exit(), r2.err());
    Volume fitted = ModelInputFit.fit(org.neurojepa.preprocessing.nifti.NiftiReader.read(recipe), 48, 54, 48);
    try (InferenceEngine engine = InferenceEngine.builder().config(tiny).seed(7).device(InferenceEngine.DevicePreference.CPU).build()) {
      assertArrayEquals(engine.embed(ModelInputFit.modelOrder(fitted)).features(), Safetensors.read(out2).tensors().get("features").toFloats());
    }
  }

  @Test
  void embedWithACheckpointRecordsItsVersion() throws Exception {
    NeuroJepaConfig tiny = NeuroJepaConfig.tiny();
    Encoder encoder = new Encoder(tiny);
    try (ParameterStore store = ParameterStore.initialise(encoder.specs(), 5, ai.djl.Device.cpu(), ai.djl.ndarray.types.DataType.FLOAT32)) {
      Checkpoint.write(dir.resolve("ckpt"), tiny, store.toHost(), "nj-cli-1", "test");
    }
    Path out = dir.resolve("f.safetensors");
    Result r = run(new EmbedCommand(), niftiOf(48, 54, 48, 4).toString(), "--weights", dir.resolve("ckpt").toString(),
        "--device", "CPU", "--out", out.toString());
    assertEquals(0, r.exit(), r.err());
    assertEquals("nj-cli-1", Safetensors.read(out).metadata().get("model_version"));
  }

  @Test
  void embedRefusesBadInputClearly() throws Exception {
    Path out = dir.resolve("x.safetensors");
    Result wrongSize = run(new EmbedCommand(), niftiOf(40, 54, 48, 1).toString(), "--variant", "tiny", "--out", out.toString());
    assertEquals(2, wrongSize.exit());
    assertTrue(wrongSize.err().contains("40×54×48") && wrongSize.err().contains("48×54×48"), wrongSize.err());
    Result missing = run(new EmbedCommand(), dir.resolve("none.nii.gz").toString(), "--variant", "tiny", "--out", out.toString());
    assertEquals(2, missing.exit());
    assertTrue(missing.err().contains("none.nii.gz"), missing.err());
    Result badWeights = run(new EmbedCommand(), niftiOf(48, 54, 48, 2).toString(), "--variant", "tiny",
        "--weights", dir.resolve("nothing.safetensors").toString(), "--out", out.toString());
    assertEquals(2, badWeights.exit());
    assertTrue(badWeights.err().contains("nothing.safetensors"), badWeights.err());
    assertTrue(!java.nio.file.Files.exists(out), "no output on failure");
  }
}
