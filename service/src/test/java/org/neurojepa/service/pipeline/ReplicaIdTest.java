package org.neurojepa.service.pipeline;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A replica's id outlives its host name: it is kept in the data directory at the first start. */
class ReplicaIdTest {
  @TempDir Path root;

  @Test
  void theFirstStartKeepsTheIdAndLaterStartsReadItBack() throws Exception {
    Path dataDir = root.resolve("data");
    String first = Replica.stored(dataDir);
    assertTrue(first.endsWith(":" + dataDir), first);
    assertEquals(first + "\n", Files.readString(dataDir.resolve(Replica.FILE), StandardCharsets.UTF_8));

    // a container restarted with another host name on the same volume: the kept id wins
    Files.writeString(dataDir.resolve(Replica.FILE), "pod-7f9c:/data\n", StandardCharsets.UTF_8);
    assertEquals("pod-7f9c:/data", Replica.stored(dataDir));

    assertNotEquals(first, Replica.stored(root.resolve("other")), "another data directory is another replica");
  }
}
