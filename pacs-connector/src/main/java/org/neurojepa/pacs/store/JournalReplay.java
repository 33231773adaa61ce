package org.neurojepa.pacs.store;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.neurojepa.pacs.internal.store.Journal;
import org.neurojepa.pacs.internal.store.JournalRecord;

/**
 * Puts each journal record's file in place durably: a file with other content (or none) is
 * rewritten through a forced temporary file, an identical one is forced (after a process crash
 * it may still be only in the page cache); the directories are forced once at the end.
 */
final class JournalReplay implements Journal.Replayer {
  private final Path root;
  private final TemporaryFiles names;
  private final Set<Path> directories = new LinkedHashSet<>();

  JournalReplay(Path root, TemporaryFiles names) {
    this.root = root;
    this.names = names;
  }

  @Override
  public void replay(JournalRecord record) throws IOException {
    Path target = root.resolve(record.target()).normalize();
    if (!target.startsWith(root) || root.relativize(target).getNameCount() != 3
        || !target.getFileName().toString().endsWith(InstanceStore.SUFFIX)) {
      InstanceStore.LOG.warn("ignoring journal record for {}: not an instance path of this store", record.target());
      return;
    }
    Path seriesDir = target.getParent();
    List<Path> created = new ArrayList<>();
    InstanceStore.createDirectory(seriesDir.getParent(), created);
    InstanceStore.createDirectory(seriesDir, created);
    directories.addAll(created);
    if (Files.isRegularFile(target) && InstanceStore.sameContent(target, record.data(), record.length())) {
      try (FileChannel ch = FileChannel.open(target, StandardOpenOption.READ)) {
        ch.force(true);
      }
    } else {
      InstanceStore.LOG.info("replaying journal record: writing {}", target);
      Path temporary = names.name();
      try (FileChannel ch = FileChannel.open(temporary, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
        ByteBuffer b = ByteBuffer.wrap(record.data(), 0, record.length());
        while (b.hasRemaining()) {
          ch.write(b);
        }
        ch.force(true);
      }
      Files.move(temporary, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    }
    directories.add(seriesDir);
    if (!record.previous().isEmpty()) {
      Path previous = root.resolve(record.previous()).normalize();
      if (previous.startsWith(root) && !previous.equals(target) && Files.deleteIfExists(previous)) {
        directories.add(previous.getParent());
      }
    }
  }

  @Override
  public void replayed() throws IOException {
    for (Path d : directories) {
      InstanceStore.syncDirectory(d);
    }
    directories.clear();
  }
}
