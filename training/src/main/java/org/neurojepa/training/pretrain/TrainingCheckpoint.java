package org.neurojepa.training.pretrain;

import ai.djl.Device;
import ai.djl.ndarray.types.DataType;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.LinkedHashMap;
import java.util.Map;
import org.neurojepa.training.optim.AdamW;
import org.neurojepa.model.ParameterSpec;
import org.neurojepa.model.ParameterStore;
import org.neurojepa.model.checkpoint.Checkpoint;
import org.neurojepa.model.checkpoint.CorruptCheckpointException;
import org.neurojepa.model.checkpoint.HostTensor;
import org.neurojepa.model.checkpoint.Safetensors;

/**
 * A pretraining checkpoint directory {@code checkpoints/step-NNNNNNN/}: the context encoder as a
 * model-module {@link Checkpoint} ({@code model.safetensors} + {@code neurojepa.json}, loadable by the
 * InferenceEngine), {@code predictor.safetensors}, {@code target_encoder.safetensors} (EMA, buffers
 * included), {@code optimizer.safetensors} (AdamW moments) and {@code trainer.json} (step, AdamW step
 * count, settings, the random state — (seed, step), since every draw is keyed by them — and the
 * SHA-256 of each file). {@code checkpoints/latest} names the newest complete directory; it is
 * written last, so a crash mid-write leaves the previous checkpoint in force.
 */
public final class TrainingCheckpoint {
  public static final String DIR = "checkpoints";
  public static final String LATEST = "latest";
  public static final String FORMAT = "neurojepa-pretrain/1";
  private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

  /** A loaded checkpoint. The caller owns the stores. */
  public record Loaded(ParameterStore online, ParameterStore target, Map<String, HostTensor> optimiser, long step) {}

  private TrainingCheckpoint() {}

  public static String dirName(long step) {
    return String.format("step-%07d", step);
  }

  static Path write(Path out, PretrainSettings s, String data, JepaLoss loss, ParameterStore online,
      ParameterStore target, AdamW adam, long step) throws IOException {
    Path root = out.resolve(DIR);
    Path dir = root.resolve(dirName(step));
    Files.createDirectories(dir);
    Map<String, HostTensor> all = online.toHost();
    Map<String, HostTensor> encoder = new LinkedHashMap<>();
    for (ParameterSpec p : loss.encoder().specs()) {
      encoder.put(p.name(), all.get(p.name()));
    }
    Map<String, HostTensor> predictor = new LinkedHashMap<>();
    for (ParameterSpec p : loss.predictor().specs()) {
      predictor.put(p.name(), all.get(p.name()));
    }
    String version = "pretrain-" + s.config().name() + "-seed" + s.seed() + "-step" + step;
    Checkpoint.write(dir, s.config(), encoder, version, data);
    Safetensors.write(dir.resolve("predictor.safetensors"), predictor, Map.of("format", "pt"));
    Safetensors.write(dir.resolve("target_encoder.safetensors"), target.toHost(), Map.of("format", "pt"));
    Safetensors.write(dir.resolve("optimizer.safetensors"), adam.state(), Map.of("format", "pt"));
    ObjectNode state = JSON.createObjectNode();
    state.put("format", FORMAT);
    state.put("step", step);
    state.put("adamSteps", adam.steps());
    state.put("randomState", "counter-based: every draw is keyed by (seed, step, sample, purpose)");
    state.put("seed", s.seed());
    state.put("batch", s.batch());
    state.put("steps", s.steps());
    state.set("schedule", JSON.valueToTree(s.schedule()));
    state.put("weightDecay", s.weightDecay());
    state.put("clipNorm", s.clipNorm());
    state.put("emaMomentum", s.emaMomentum());
    state.put("balanceRate", s.balanceRate());
    state.set("config", JSON.readTree(s.config().toJson()));
    ObjectNode sums = state.putObject("sha256");
    for (String f : new String[] {Checkpoint.WEIGHTS, "predictor.safetensors", "target_encoder.safetensors", "optimizer.safetensors"}) {
      sums.put(f, Checkpoint.sha256(dir.resolve(f)));
    }
    Files.writeString(dir.resolve("trainer.json"), JSON.writeValueAsString(state), StandardCharsets.UTF_8);
    Path tmp = root.resolve(LATEST + ".partial");
    Files.writeString(tmp, dirName(step) + "\n", StandardCharsets.UTF_8);
    Files.move(tmp, root.resolve(LATEST), StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    return dir;
  }

  /**
   * Reads the newest checkpoint under {@code out}. Its settings must equal {@code s} (except
   * checkpoint and log intervals); every file's SHA-256 must match trainer.json.
   */
  static Loaded readLatest(Path out, PretrainSettings s, JepaLoss loss) throws IOException {
    Path root = out.resolve(DIR);
    Path latest = root.resolve(LATEST);
    if (!Files.isRegularFile(latest)) {
      throw new java.io.FileNotFoundException("nothing to resume: no " + latest);
    }
    Path dir = root.resolve(Files.readString(latest, StandardCharsets.UTF_8).trim());
    Path stateFile = dir.resolve("trainer.json");
    if (!Files.isRegularFile(stateFile)) {
      throw new CorruptCheckpointException("checkpoint " + dir + " has no trainer.json");
    }
    com.fasterxml.jackson.databind.JsonNode state;
    try {
      state = JSON.readTree(stateFile.toFile());
    } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
      throw new CorruptCheckpointException("invalid " + stateFile + ": " + e.getOriginalMessage());
    }
    if (!FORMAT.equals(state.path("format").asText())) {
      throw new CorruptCheckpointException(stateFile + " is not a " + FORMAT + " file");
    }
    mustEqual("seed", state.path("seed").asLong(), s.seed());
    mustEqual("batch", state.path("batch").asLong(), s.batch());
    mustEqual("steps", state.path("steps").asLong(), s.steps());
    if (!JSON.readTree(s.config().toJson()).equals(state.path("config"))) {
      throw new IllegalArgumentException("the checkpoint was trained with another model config: " + state.path("config"));
    }
    if (!s.schedule().equals(JSON.treeToValue(state.path("schedule"), LearningRateSchedule.class))
        || state.path("weightDecay").asDouble() != s.weightDecay()
        || state.path("clipNorm").asDouble() != s.clipNorm()
        || state.path("emaMomentum").asDouble() != s.emaMomentum()
        || state.path("balanceRate").asDouble() != s.balanceRate()) {
      throw new IllegalArgumentException("the checkpoint's optimisation settings differ from this run's");
    }
    for (String f : new String[] {Checkpoint.WEIGHTS, "predictor.safetensors", "target_encoder.safetensors", "optimizer.safetensors"}) {
      String want = state.path("sha256").path(f).asText();
      String got = Checkpoint.sha256(dir.resolve(f));
      if (!want.equals(got)) {
        throw new CorruptCheckpointException(dir.resolve(f) + " has SHA-256 " + got + " but trainer.json says " + want);
      }
    }
    Checkpoint.Contents model = Checkpoint.read(dir);
    Map<String, HostTensor> online = new LinkedHashMap<>(model.tensors());
    online.putAll(Safetensors.read(dir.resolve("predictor.safetensors")).tensors());
    Map<String, HostTensor> target = Safetensors.read(dir.resolve("target_encoder.safetensors")).tensors();
    Map<String, HostTensor> adam = Safetensors.read(dir.resolve("optimizer.safetensors")).tensors();
    ParameterStore onlineStore = ParameterStore.fromTensors(Pretrainer.onlineSpecs(loss), online, Device.cpu(), DataType.FLOAT32);
    try {
      ParameterStore targetStore = ParameterStore.fromTensors(loss.encoder().specs(), target, Device.cpu(), DataType.FLOAT32);
      long step = state.path("step").asLong();
      if (state.path("adamSteps").asLong() != step) {
        throw new CorruptCheckpointException("trainer.json: adamSteps differs from step");
      }
      return new Loaded(onlineStore, targetStore, adam, step);
    } catch (RuntimeException | IOException e) {
      onlineStore.close();
      throw e;
    }
  }

  private static void mustEqual(String key, long saved, long now) {
    if (saved != now) {
      throw new IllegalArgumentException("cannot resume: the checkpoint has " + key + " " + saved + ", this run " + now);
    }
  }
}
