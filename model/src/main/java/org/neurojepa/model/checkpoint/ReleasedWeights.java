package org.neurojepa.model.checkpoint;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/**
 * Reads the authors' released weights (Hugging Face style {@code model.safetensors}) into our key
 * names. Wrapper prefixes ({@code module.}, {@code _orig_mod.}, {@code backbone.}) are stripped;
 * when the file holds several networks ({@code encoder.}, {@code target_encoder.},
 * {@code predictor.}), the one asked for is taken and its prefix stripped. Shapes are checked later
 * against the model ({@link org.neurojepa.model.ParameterStore#fromTensors}), which names every
 * missing, extra or mis-shaped key. PyTorch pickles ({@code pytorch_model.bin}, training
 * {@code .pth}) are not read: convert them to safetensors first.
 */
public final class ReleasedWeights {
  private static final List<String> WRAPPERS = List.of("module.", "_orig_mod.", "backbone.");
  private static final List<String> NETWORKS = List.of("encoder.", "target_encoder.", "predictor.");

  private ReleasedWeights() {}

  /** Which network of a multi-network file to import. */
  public enum Network {
    ENCODER("encoder."),
    TARGET_ENCODER("target_encoder.");

    private final String prefix;

    Network(String prefix) {
      this.prefix = prefix;
    }
  }

  /** Reads a safetensors file, or the {@code model.safetensors} inside a directory. */
  public static Map<String, HostTensor> read(Path fileOrDir, Network network) throws IOException {
    Path file = fileOrDir;
    if (Files.isDirectory(fileOrDir)) {
      file = fileOrDir.resolve("model.safetensors");
      if (!Files.isRegularFile(file)) {
        if (Files.exists(fileOrDir.resolve("pytorch_model.bin"))) {
          throw new IOException(fileOrDir + " holds only pytorch_model.bin; convert it to model.safetensors first");
        }
        throw new java.io.FileNotFoundException("no model.safetensors in " + fileOrDir);
      }
    }
    return rename(Safetensors.read(file).tensors(), network);
  }

  /** Maps released key names to ours; a name that two keys map to is an error naming both. */
  public static Map<String, HostTensor> rename(Map<String, HostTensor> released, Network network) {
    boolean hasEncoder = released.keySet().stream().map(ReleasedWeights::stripWrappers)
        .anyMatch(k -> k.startsWith(Network.ENCODER.prefix));
    boolean hasTarget = released.keySet().stream().map(ReleasedWeights::stripWrappers)
        .anyMatch(k -> k.startsWith(Network.TARGET_ENCODER.prefix));
    boolean multiNetwork = hasEncoder || hasTarget;
    // A file holding only one of the two encoders is that encoder, whichever was asked for.
    if (network == Network.ENCODER && !hasEncoder && hasTarget) {
      network = Network.TARGET_ENCODER;
    } else if (network == Network.TARGET_ENCODER && !hasTarget && hasEncoder) {
      network = Network.ENCODER;
    }
    Map<String, HostTensor> out = new LinkedHashMap<>();
    Map<String, String> source = new LinkedHashMap<>();
    TreeSet<String> skipped = new TreeSet<>();
    for (Map.Entry<String, HostTensor> e : released.entrySet()) {
      String key = stripWrappers(e.getKey());
      if (multiNetwork) {
        if (!key.startsWith(network.prefix)) {
          String root = NETWORKS.stream().filter(key::startsWith).findFirst().orElse(null);
          if (root != null) {
            skipped.add(root);
            continue;
          }
          // A key outside every network (e.g. a loose "epoch" tensor) is kept so it is reported as extra.
        } else {
          key = stripWrappers(key.substring(network.prefix.length()));
        }
      }
      String previous = source.put(key, e.getKey());
      if (previous != null) {
        throw new IllegalArgumentException(
            "released keys '" + previous + "' and '" + e.getKey() + "' both map to '" + key + "'");
      }
      out.put(key, e.getValue());
    }
    return out;
  }

  private static String stripWrappers(String key) {
    String k = key;
    boolean changed = true;
    while (changed) {
      changed = false;
      for (String w : WRAPPERS) {
        if (k.startsWith(w)) {
          k = k.substring(w.length());
          changed = true;
        }
      }
    }
    return k;
  }
}
