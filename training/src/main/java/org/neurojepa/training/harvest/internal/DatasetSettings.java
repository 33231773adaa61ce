package org.neurojepa.training.harvest.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * {@code harvest.json}: what a dataset's entries depend on, written by its first harvest and
 * compared by every later one. A run with another secret (other patient keys), other split
 * fractions or seed (a patient could land in two splits) or other preprocessing (inputs made two
 * ways) would quietly spoil the dataset, so it is refused instead.
 *
 * @param secretCheck {@code PatientPseudonyms.secretCheck()} of the secret, not the secret
 * @param input the model input's dimensions, e.g. "96x108x96"
 */
public record DatasetSettings(
    int format, String secretCheck, long splitSeed, double trainFraction, double validationFraction,
    String template, String templateContrast, boolean biasCorrection, String input) {
  public static final String FILE_NAME = "harvest.json";
  public static final int FORMAT = 1;
  private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

  /** The settings {@code dataset} was made with; empty for a new dataset. */
  public static Optional<DatasetSettings> read(Path dataset) throws IOException {
    Path file = dataset.resolve(FILE_NAME);
    if (!Files.exists(file)) {
      return Optional.empty();
    }
    try {
      JsonNode n = JSON.readTree(file.toFile());
      JsonNode split = required(n, "split");
      JsonNode pre = required(n, "preprocessing");
      return Optional.of(new DatasetSettings(required(n, "format").asInt(),
          required(required(n, "pseudonym"), "secret_check").asText(), required(split, "seed").asLong(),
          required(split, "train").asDouble(), required(split, "validation").asDouble(),
          required(pre, "template").asText(), required(pre, "template_contrast").asText(),
          required(pre, "bias_correction").asBoolean(), required(pre, "input").asText()));
    } catch (IOException | IllegalArgumentException e) {
      throw new IOException(file + " is not a harvest settings file: " + e.getMessage(), e);
    }
  }

  /** Writes the settings next to the manifest: temporary file, forced, renamed into place. */
  public void write(Path dataset) throws IOException {
    ObjectNode n = JSON.createObjectNode();
    n.put("format", format);
    ObjectNode p = n.putObject("pseudonym");
    p.put("scheme", "HMAC-SHA256 of the PatientID with the site secret, first 32 hex digits");
    p.put("secret_check", secretCheck);
    ObjectNode s = n.putObject("split");
    s.put("seed", splitSeed);
    s.put("train", trainFraction);
    s.put("validation", validationFraction);
    // rounded: 1 - 0.8 - 0.1 is 0.09999999999999995 in binary floating point
    s.put("test", Math.max(0, Math.round((1 - trainFraction - validationFraction) * 1e9) / 1e9));
    ObjectNode pre = n.putObject("preprocessing");
    pre.put("template", template);
    pre.put("template_contrast", templateContrast);
    pre.put("bias_correction", biasCorrection);
    pre.put("input", input);
    Path file = dataset.resolve(FILE_NAME);
    Path tmp = dataset.resolve("." + FILE_NAME + ".part");
    Files.write(tmp, JSON.writeValueAsBytes(n));
    try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.WRITE)) {
      ch.force(true);
    }
    Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
  }

  /** What differs from {@code asked} (this being the dataset's), in words; empty when nothing does. */
  public List<String> differences(DatasetSettings asked) {
    List<String> d = new ArrayList<>();
    if (format != asked.format) {
      d.add("format " + format + " (this build writes " + asked.format + ")");
    }
    if (!secretCheck.equals(asked.secretCheck)) {
      d.add("another pseudonym secret (the dataset's check is " + secretCheck + ", this secret's " + asked.secretCheck
          + "): every patient would get another key");
    }
    if (splitSeed != asked.splitSeed || trainFraction != asked.trainFraction
        || validationFraction != asked.validationFraction) {
      d.add(String.format(Locale.ROOT, "split %s/%s seed %d, asked %s/%s seed %d: a patient could land in two splits",
          trainFraction, validationFraction, splitSeed, asked.trainFraction, asked.validationFraction, asked.splitSeed));
    }
    if (!template.equals(asked.template) || !templateContrast.equals(asked.templateContrast)
        || biasCorrection != asked.biasCorrection || !input.equals(asked.input)) {
      d.add("preprocessing " + describe() + ", asked " + asked.describe() + ": inputs would be made two ways");
    }
    return d;
  }

  private String describe() {
    return "template " + template + " (" + templateContrast + "), bias correction " + (biasCorrection ? "on" : "off")
        + ", input " + input;
  }

  private static JsonNode required(JsonNode n, String field) {
    JsonNode v = n.get(field);
    if (v == null || v.isNull()) {
      throw new IllegalArgumentException("missing \"" + field + "\"");
    }
    return v;
  }
}
