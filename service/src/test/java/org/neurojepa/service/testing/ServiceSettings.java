package org.neurojepa.service.testing;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import org.springframework.test.context.DynamicPropertyRegistry;

/**
 * The settings a test starts the service with, by their Spring names. Two starting points: the
 * {@linkplain #node node's} (a data directory of the test's own, a free DICOM port, no free-disk
 * watermark) and the {@linkplain #pipeline pipeline's} (the node's, the admin password, a quiet
 * period of one second and the tiny model, so that a study reaches its report in a test's time). A
 * test adds or replaces its own with {@link #with}; the same settings go into a Spring test's
 * context ({@link #register}), an application started by hand or a {@code neurojepa serve}
 * process ({@link #arguments}).
 */
public final class ServiceSettings {
  private final Map<String, String> values;

  private ServiceSettings(Map<String, String> values) {
    this.values = values;
  }

  /** None yet. */
  public static ServiceSettings none() {
    return new ServiceSettings(Map.of());
  }

  /** The DICOM node on a free port, storing under {@code dataDir}, whatever the disk's free space. */
  public static ServiceSettings node(Path dataDir) {
    return none()
        .with("neurojepa.dicom.port", 0)
        .with("neurojepa.dicom.data-dir", dataDir)
        .with("neurojepa.dicom.free-disk-watermark-bytes", 0);
  }

  /** The node's, the user {@code admin} with {@code adminPassword}, a quiet period of 1 s and the tiny model. */
  public static ServiceSettings pipeline(Path dataDir, String adminPassword) {
    return node(dataDir)
        .adminPassword(adminPassword)
        .with("neurojepa.dicom.quiet-period", "1s")
        .with("neurojepa.model.variant", "tiny");
  }

  /** The first start creates the user {@code admin} with this password. */
  public ServiceSettings adminPassword(String password) {
    return with("neurojepa.security.admin-password", password);
  }

  /** These settings with {@code key} set to {@code value} (in its place if it was set already). */
  public ServiceSettings with(String key, Object value) {
    Map<String, String> more = new LinkedHashMap<>(values);
    more.put(Objects.requireNonNull(key, "key"), Objects.requireNonNull(value, key).toString());
    return new ServiceSettings(more);
  }

  /** For a Spring test's {@code @DynamicPropertySource}. */
  public void register(DynamicPropertyRegistry registry) {
    values.forEach((key, value) -> registry.add(key, () -> value));
  }

  /** As command-line arguments, {@code --key=value}. */
  public String[] arguments() {
    return values.entrySet().stream().map(e -> "--" + e.getKey() + "=" + e.getValue()).toArray(String[]::new);
  }
}
