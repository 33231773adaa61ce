package org.neurojepa.training.harvest.internal;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;

/**
 * A folder of one harvest run for what is fetched and preprocessed before it goes into the
 * dataset. It holds DICOM files, PatientIDs included, so it lives outside the dataset (in the
 * system's temporary folder unless told otherwise) and is removed with everything in it.
 */
public final class ScratchSpace implements AutoCloseable {
  private final Path root;

  private ScratchSpace(Path root) {
    this.root = root;
  }

  /** A fresh folder under {@code parent}, or under the system's temporary folder when null. */
  public static ScratchSpace create(Path parent, String prefix) throws IOException {
    if (parent == null) {
      return new ScratchSpace(Files.createTempDirectory(prefix));
    }
    Files.createDirectories(parent);
    return new ScratchSpace(Files.createTempDirectory(parent, prefix));
  }

  public Path root() {
    return root;
  }

  /** Removes {@code dir} and everything in it; nothing when it does not exist. */
  public static void deleteTree(Path dir) throws IOException {
    if (!Files.exists(dir)) {
      return;
    }
    try (Stream<Path> walk = Files.walk(dir)) {
      walk.sorted(Comparator.reverseOrder()).forEach(p -> {
        try {
          Files.deleteIfExists(p);
        } catch (IOException e) {
          throw new UncheckedIOException(e);
        }
      });
    } catch (UncheckedIOException e) {
      throw e.getCause();
    }
  }

  @Override
  public void close() throws IOException {
    deleteTree(root);
  }
}
