package org.neurojepa.pacs.dicom;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketException;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.neurojepa.pacs.internal.net.AssociationWorker;
import org.neurojepa.pacs.store.InstanceStore;
import org.neurojepa.pacs.store.InstanceStoredListener;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Our DICOM node: a C-ECHO and C-STORE SCP for the SOP classes in {@link SopClass}, storing into an
 * {@link InstanceStore}. It listens on the configured address only (PixelMed's dispatcher binds
 * every interface, so the accept loop is ours), sets TCP_NODELAY on every connection and serves
 * each association on a bounded pool; more than {@code maxAssociations} at once are rejected.
 *
 * <pre>{@code
 * try (DicomNode node = DicomNode.builder(config).associationListener(l).instanceStoredListener(s).build()) {
 *   node.start();
 *   ...
 * }
 * }</pre>
 */
public final class DicomNode implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(DicomNode.class);
  private static final AtomicInteger NODES = new AtomicInteger();

  private final DicomNodeConfig config;
  private final InstanceStore store;
  private final AssociationListener associationListener;
  private final Set<Socket> connections = ConcurrentHashMap.newKeySet();
  private final int id = NODES.incrementAndGet();
  private ServerSocket server;
  private Thread acceptor;
  private ThreadPoolExecutor workers;
  private volatile boolean closed;

  private DicomNode(DicomNodeConfig config, InstanceStore store, AssociationListener associationListener) {
    this.config = config;
    this.store = store;
    this.associationListener = associationListener;
  }

  public static Builder builder(DicomNodeConfig config) {
    return new Builder(config);
  }

  public DicomNodeConfig config() {
    return config;
  }

  public InstanceStore store() {
    return store;
  }

  /** Binds the configured address and port and starts accepting associations. */
  public synchronized DicomNode start() throws IOException {
    if (server != null) {
      throw new IllegalStateException("already started");
    }
    if (closed) {
      throw new IllegalStateException("closed");
    }
    ServerSocket s = new ServerSocket();
    try {
      s.setReuseAddress(true);
      s.bind(new InetSocketAddress(config.bindAddress(), config.port()), 128);
    } catch (IOException e) {
      s.close();
      throw new IOException("cannot listen on " + config.bindAddress().getHostAddress() + ":" + config.port()
          + ": " + e.getMessage(), e);
    }
    server = s;
    AtomicInteger n = new AtomicInteger();
    workers = new ThreadPoolExecutor(0, config.maxAssociations(), 30, TimeUnit.SECONDS, new SynchronousQueue<>(),
        r -> {
          Thread t = new Thread(r, "dicom-node-" + id + "-association-" + n.incrementAndGet());
          t.setDaemon(true);
          return t;
        });
    acceptor = new Thread(this::acceptLoop, "dicom-node-" + id + "-accept-" + s.getLocalPort());
    acceptor.setDaemon(true);
    acceptor.start();
    LOG.info("DICOM node {} listening on {}:{} (store {}, calling AEs {})", config.aeTitle(),
        config.bindAddress().getHostAddress(), s.getLocalPort(), store.root(),
        config.allowedCallingAeTitles().isEmpty() ? "any" : config.allowedCallingAeTitles());
    return this;
  }

  /** The port listened on; the chosen one when the configuration asked for 0. */
  public synchronized int port() {
    if (server == null) {
      throw new IllegalStateException("not started");
    }
    return server.getLocalPort();
  }

  private void acceptLoop() {
    while (!closed) {
      Socket socket;
      try {
        socket = server.accept();
      } catch (IOException e) {
        if (!closed) {
          LOG.error("accepting connections failed; the node stops listening", e);
        }
        return;
      }
      connections.add(socket);
      try {
        socket.setTcpNoDelay(true);
        AssociationWorker worker = new AssociationWorker(socket, config, store, associationListener);
        workers.execute(() -> {
          try {
            worker.run();
          } finally {
            connections.remove(socket);
          }
        });
      } catch (RejectedExecutionException busy) {
        LOG.warn("rejecting association from {}: {} associations already open",
            socket.getRemoteSocketAddress(), config.maxAssociations());
        AssociationWorker.rejectBusy(socket, associationListener);
        connections.remove(socket);
      } catch (SocketException e) {
        LOG.warn("dropping connection from {}: {}", socket.getRemoteSocketAddress(), e.toString());
        closeQuietly(socket);
        connections.remove(socket);
      }
    }
  }

  /**
   * Stops accepting, closes every open association, waits for their threads to end, and closes the
   * store (its background checkpoint finishes first).
   */
  @Override
  public void close() {
    ServerSocket s;
    synchronized (this) {
      if (closed) {
        return;
      }
      closed = true;
      s = server;
    }
    if (s == null) {
      store.close();
      return;
    }
    try {
      s.close();
    } catch (IOException e) {
      LOG.warn("closing the server socket: {}", e.toString());
    }
    connections.forEach(DicomNode::closeQuietly);
    workers.shutdown();
    try {
      acceptor.join(10_000);
      if (!workers.awaitTermination(10, TimeUnit.SECONDS)) {
        workers.shutdownNow();
        LOG.warn("association threads still running after close");
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    // after the associations: the store finishes making their instances' files durable
    store.close();
    LOG.info("DICOM node {} closed", config.aeTitle());
  }

  private static void safely(Runnable call) {
    try {
      call.run();
    } catch (RuntimeException e) {
      LOG.error("association listener failed", e);
    }
  }

  private static void closeQuietly(Socket socket) {
    try {
      socket.close();
    } catch (IOException ignored) {
      // closing anyway
    }
  }

  /** Builds a node on a configuration; the store is opened (and its index rebuilt) by {@link #build()}. */
  public static final class Builder {
    private final DicomNodeConfig config;
    private final List<AssociationListener> associationListeners = new CopyOnWriteArrayList<>();
    private final List<InstanceStoredListener> storedListeners = new CopyOnWriteArrayList<>();

    private Builder(DicomNodeConfig config) {
      this.config = Objects.requireNonNull(config, "config");
    }

    public Builder associationListener(AssociationListener listener) {
      associationListeners.add(Objects.requireNonNull(listener, "listener"));
      return this;
    }

    public Builder instanceStoredListener(InstanceStoredListener listener) {
      storedListeners.add(Objects.requireNonNull(listener, "listener"));
      return this;
    }

    public DicomNode build() {
      InstanceStore store;
      try {
        store = InstanceStore.open(config.storageDirectory(), config.freeDiskWatermarkBytes());
      } catch (IOException e) {
        throw new UncheckedIOException("cannot open the instance store " + config.storageDirectory(), e);
      }
      storedListeners.forEach(store::addListener);
      List<AssociationListener> listeners = List.copyOf(associationListeners);
      AssociationListener fanOut = new AssociationListener() {
        @Override
        public void accepted(AssociationEvent event) {
          listeners.forEach(l -> safely(() -> l.accepted(event)));
        }

        @Override
        public void rejected(AssociationEvent event) {
          listeners.forEach(l -> safely(() -> l.rejected(event)));
        }
      };
      return new DicomNode(config, store, fanOut);
    }
  }
}
