package org.neurojepa.service.api;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.neurojepa.service.config.NodeProperties;
import org.neurojepa.service.pipeline.SeriesResults;
import org.springframework.stereotype.Component;

/**
 * The files preprocessing and the model wrote for a series generation (registered.nii.gz,
 * mask.nii.gz, input.nii.gz, preprocess.json, embedding.safetensors …), served read-only. A file
 * is served only when it is a regular file directly in the folder the pipeline recorded for that
 * generation, and that folder (links resolved) lies under {@code <data-dir>/artefacts}: a name
 * with a path in it, a link pointing elsewhere, or a recorded folder outside the artefact root
 * is refused as if it did not exist.
 */
@Component
final class Artefacts {
  /** A plain file name: no separators, not "." or "..", no hidden files (the pipeline's scratch folders). */
  private static final Pattern NAME = Pattern.compile("[A-Za-z0-9_-][A-Za-z0-9._-]{0,127}");

  private final Path root;

  Artefacts(NodeProperties node) {
    this.root = node.dataDir().toAbsolutePath().normalize().resolve("artefacts");
  }

  /** The files of {@code result}'s generation, by name; none when it has no artefact folder. */
  List<ArtefactLink> list(SeriesResults.SeriesResult result) {
    Optional<Path> dir = folder(result);
    if (dir.isEmpty()) {
      return List.of();
    }
    try (Stream<Path> files = Files.list(dir.get())) {
      return files.filter(f -> NAME.matcher(f.getFileName().toString()).matches())
          .filter(f -> Files.isRegularFile(f, LinkOption.NOFOLLOW_LINKS))
          .sorted()
          .map(f -> new ArtefactLink(result.generation(), f.getFileName().toString(), size(f),
              "/api/series/" + result.seriesUid() + "/artefacts/" + result.generation() + "/" + f.getFileName()))
          .toList();
    } catch (NoSuchFileException e) {
      return List.of();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The file {@code name} of {@code result}'s generation, if it may be served. */
  Optional<Path> file(SeriesResults.SeriesResult result, String name) {
    if (!NAME.matcher(name).matches()) {
      return Optional.empty();
    }
    return folder(result).map(dir -> dir.resolve(name))
        .filter(f -> Files.isRegularFile(f, LinkOption.NOFOLLOW_LINKS));
  }

  /** The generation's folder with links resolved, when it exists under the artefact root. */
  private Optional<Path> folder(SeriesResults.SeriesResult result) {
    if (result.artefactDir() == null) {
      return Optional.empty();
    }
    try {
      Path realRoot = root.toRealPath();
      Path dir = Path.of(result.artefactDir()).toRealPath();
      return dir.startsWith(realRoot) && !dir.equals(realRoot) && Files.isDirectory(dir)
          ? Optional.of(dir) : Optional.empty();
    } catch (IOException e) {
      return Optional.empty(); // no artefact root yet, or the folder is gone
    }
  }

  private static long size(Path f) {
    try {
      return Files.size(f);
    } catch (IOException e) {
      return -1;
    }
  }
}
