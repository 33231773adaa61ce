package org.neurojepa.pacs.internal.net;

import com.pixelmed.network.Association;
import java.lang.reflect.Field;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Process-wide adjustments of PixelMed that its API does not expose.
 *
 * <p>After answering an A-RELEASE-RQ, PixelMed's Association waits a fixed 5 s (a private static
 * "release to transport close" timeout) before it closes the connection, whether or not the peer
 * has already closed it. That would hold an association thread for 5 s after every release and make
 * a burst of short associations exhaust the pool, so the wait is shortened; the peer has the
 * A-RELEASE-RP by then and closing right after it is what other SCPs do.
 */
final class PixelMedSettings {
  private static final Logger LOG = LoggerFactory.getLogger(PixelMedSettings.class);
  private static final int RELEASE_TO_CLOSE_MILLIS = 20;
  private static volatile boolean applied;

  private PixelMedSettings() {}

  static void apply() {
    if (applied) {
      return;
    }
    synchronized (PixelMedSettings.class) {
      if (applied) {
        return;
      }
      applied = true;
      try {
        Field f = Association.class.getDeclaredField("associationReleaseToTransportConnectionCloseTimeoutInMilliseconds");
        f.setAccessible(true);
        f.setInt(null, RELEASE_TO_CLOSE_MILLIS);
      } catch (ReflectiveOperationException | RuntimeException e) {
        LOG.warn("cannot shorten PixelMed's wait after A-RELEASE-RP ({}); each release holds its thread 5 s", e.toString());
      }
    }
  }
}
