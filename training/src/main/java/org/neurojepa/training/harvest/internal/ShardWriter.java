package org.neurojepa.training.harvest.internal;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.security.DigestOutputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Locale;
import java.util.Set;
import java.util.UUID;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.neurojepa.training.dataset.DatasetEntry;
import org.neurojepa.training.dataset.DatasetManifest;

/**
 * Puts model inputs into a dataset's {@code shard-NNNN/} folders, at most {@code shardSize} per
 * shard, counted from the manifest. A file is copied to a hidden temporary name, forced, renamed
 * into place and its folder forced; only then does the caller append its manifest line. So a
 * crash leaves at worst a temporary file or an input no manifest line names, and {@link #open}
 * removes both before a run starts: a dataset never lists a half-written input.
 */
public final class ShardWriter {
  private static final Pattern SHARD = Pattern.compile("shard-[0-9]{4,}");
  private static final String INPUT_SUFFIX = ".nii.gz";
  private static final String PART_SUFFIX = ".part";

  /** Where an input went, relative to the dataset, and its SHA-256. */
  public record Placed(String file, String sha256) {}

  private final Path dataset;
  private final int shardSize;
  private final int removedAtOpen;
  private int entries;

  private ShardWriter(Path dataset, int shardSize, int entries, int removedAtOpen) {
    this.dataset = dataset;
    this.shardSize = shardSize;
    this.entries = entries;
    this.removedAtOpen = removedAtOpen;
  }

  /** Opens the shards of {@code manifest}'s dataset, removing what an interrupted run left. */
  public static ShardWriter open(DatasetManifest manifest, int shardSize) throws IOException {
    if (shardSize < 1) {
      throw new IllegalArgumentException("the shard size must be ≥ 1: " + shardSize);
    }
    Set<String> listed = manifest.entries().stream().map(DatasetEntry::file).collect(Collectors.toSet());
    int removed = 0;
    try (DirectoryStream<Path> shards = Files.newDirectoryStream(manifest.dir(),
        p -> Files.isDirectory(p) && SHARD.matcher(p.getFileName().toString()).matches())) {
      for (Path shard : shards) {
        try (DirectoryStream<Path> files = Files.newDirectoryStream(shard)) {
          for (Path f : files) {
            String name = f.getFileName().toString();
            String relative = shard.getFileName() + "/" + name;
            boolean partial = name.startsWith(".") && name.endsWith(PART_SUFFIX);
            boolean unlisted = name.endsWith(INPUT_SUFFIX) && !listed.contains(relative);
            if (partial || unlisted) {
              Files.delete(f);
              removed++;
            }
          }
        }
      }
    }
    return new ShardWriter(manifest.dir(), shardSize, manifest.entries().size(), removed);
  }

  /** How many temporary or unlisted files {@link #open} removed. */
  public int removedAtOpen() {
    return removedAtOpen;
  }

  /** Copies the model input of {@code seriesUid} into the current shard, durably; returns where and its hash. */
  public Placed place(Path input, String seriesUid) throws IOException {
    String shardName = String.format(Locale.ROOT, "shard-%04d", entries / shardSize);
    Path shard = Files.createDirectories(dataset.resolve(shardName));
    String name = seriesUid + INPUT_SUFFIX;
    Path target = shard.resolve(name);
    if (!target.normalize().getParent().equals(shard)) {
      throw new IllegalArgumentException("not a series UID: '" + seriesUid + "'");
    }
    Path partial = shard.resolve("." + name + "-" + UUID.randomUUID() + PART_SUFFIX);
    MessageDigest digest = sha256();
    try {
      try (InputStream in = Files.newInputStream(input);
          FileChannel ch = FileChannel.open(partial, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
          OutputStream out = new DigestOutputStream(Channels.newOutputStream(ch), digest)) {
        in.transferTo(out);
        out.flush();
        ch.force(true);
      }
      Files.move(partial, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    } finally {
      Files.deleteIfExists(partial);
    }
    try (FileChannel dir = FileChannel.open(shard, StandardOpenOption.READ)) {
      dir.force(true);
    }
    return new Placed(shardName + "/" + name, HexFormat.of().formatHex(digest.digest()));
  }

  /** The input placed last is now listed in the manifest: the next one counts after it. */
  public void committed() {
    entries++;
  }

  private static MessageDigest sha256() {
    try {
      return MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is part of every Java runtime", e);
    }
  }
}
