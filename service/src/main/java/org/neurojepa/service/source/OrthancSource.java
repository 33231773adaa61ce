package org.neurojepa.service.source;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.neurojepa.pacs.orthanc.Change;
import org.neurojepa.pacs.orthanc.ChangeFeed;
import org.neurojepa.pacs.orthanc.ChangeType;
import org.neurojepa.pacs.orthanc.OrthancClient;
import org.neurojepa.pacs.orthanc.OrthancException;
import org.neurojepa.pacs.orthanc.OrthancInstance;
import org.neurojepa.pacs.orthanc.OrthancSeries;
import org.neurojepa.pacs.store.InstanceRejectedException;
import org.neurojepa.pacs.store.InstanceStore;
import org.neurojepa.pacs.store.Part10Ingest;
import org.neurojepa.service.audit.AuditAction;
import org.neurojepa.service.audit.AuditEntry;
import org.neurojepa.service.audit.AuditTrail;
import org.neurojepa.service.config.OrthancSourceProperties;
import org.neurojepa.service.dicom.DicomNodeLifecycle;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * Pulls studies from an Orthanc server: follows its change feed and, for every series Orthanc
 * declares stable, copies its instances into the node's own store, as if a modality had sent them
 * (the same durable store, series assembly and pipeline; Orthanc's AE title as the sender). The
 * feed position is kept in PostgreSQL and advanced after each series is stored, so a restart
 * neither loses a series nor takes more than one again (and storing an instance twice changes
 * nothing). Orthanc being down is retried at the next poll. Of several replicas on one database,
 * one follows a source at a time: it holds the cursor and renews the hold after each series; when
 * it stops or dies, another takes over once the hold has run out.
 */
@Component
public final class OrthancSource implements SmartLifecycle {
  private static final Logger LOG = LoggerFactory.getLogger(OrthancSource.class);

  private final OrthancSourceProperties properties;
  private final DicomNodeLifecycle node;
  private final JdbcTemplate jdbc;
  private final AuditTrail audit;
  private final org.neurojepa.service.pipeline.Replica replica;
  private ScheduledExecutorService poller;
  private OrthancClient client;
  private String senderAet;
  private volatile boolean running;

  public OrthancSource(OrthancSourceProperties properties, DicomNodeLifecycle node, JdbcTemplate jdbc,
      AuditTrail audit, org.neurojepa.service.pipeline.Replica replica) {
    this.replica = replica;
    this.properties = properties;
    this.node = node;
    this.jdbc = jdbc;
    this.audit = audit;
  }

  @Override
  public synchronized void start() {
    if (!properties.enabled()) {
      return;
    }
    OrthancClient.Builder b = OrthancClient.builder(properties.baseUrl());
    if (!properties.username().isBlank()) {
      b.credentials(properties.username(), properties.password());
    }
    client = b.build();
    poller = Executors.newSingleThreadScheduledExecutor(r -> {
      Thread t = new Thread(r, "orthanc-source");
      t.setDaemon(true);
      return t;
    });
    running = true;
    long every = Math.max(100, properties.poll().toMillis());
    poller.scheduleWithFixedDelay(this::poll, 0, every, TimeUnit.MILLISECONDS);
    LOG.info("following the change feed of Orthanc {} every {}", properties.baseUrl(), properties.poll());
  }

  /** One pass: every stable series since the stored position, then the position past the rest. */
  void poll() {
    if (!node.isRunning()) {
      return; // the store this writes to opens with the node (its journal replayed first)
    }
    try {
      Optional<Long> held = cursor();
      if (held.isEmpty()) {
        return; // another replica follows this source now
      }
      long cursor = held.get();
      ChangeFeed feed = client.followChanges(cursor);
      List<Change> changes = feed.poll();
      for (Change c : changes) {
        if (!running || !node.isRunning()) {
          return;
        }
        if (c.type() == ChangeType.STABLE_SERIES) {
          pull(c.resourceId());
        }
        if (!saveCursor(c.seq())) {
          LOG.warn("Orthanc source {}: another replica took over the change feed", properties.baseUrl());
          return;
        }
      }
      saveCursor(feed.cursor());
    } catch (OrthancException | IllegalStateException | IOException e) {
      LOG.warn("Orthanc source {}: {} (retrying in {})", properties.baseUrl(), e.getMessage(), properties.poll());
    } catch (RuntimeException e) {
      LOG.error("Orthanc source {} failed", properties.baseUrl(), e);
    }
  }

  private void pull(String seriesId) throws IOException {
    OrthancSeries series;
    try {
      series = client.series(seriesId);
    } catch (OrthancException e) {
      if (e.httpStatus() == 404) {
        return; // deleted from Orthanc since it became stable
      }
      throw e;
    }
    if (!properties.modality().equalsIgnoreCase(series.modality())) {
      return;
    }
    InstanceStore store = node.store();
    int stored = 0;
    int already = 0;
    int refused = 0;
    String studyUid = null;
    Path tmp = Files.createTempFile("orthanc-source-", ".dcm");
    try {
      // one request lists the series' SOP Instance UIDs, so an instance already here is not fetched
      for (OrthancInstance instance : client.instancesOfSeries(seriesId)) {
        String instanceId = instance.id();
        if (store.instance(instance.sopInstanceUid()).isPresent()) {
          already++;
          continue;
        }
        client.downloadInstance(instanceId, tmp);
        Optional<String> study = store(store, tmp, instanceId);
        if (study.isPresent()) {
          stored++;
          studyUid = study.get();
        } else {
          refused++;
        }
      }
    } finally {
      Files.deleteIfExists(tmp);
    }
    audit.record(AuditEntry.of("orthanc:" + properties.baseUrl(), AuditAction.SERIES_PULLED,
            refused == 0 ? "success" : "partial")
        .withDicomPeer(sender(), null)
        .withStudy(studyUid, series.seriesInstanceUid())
        .withDetail("Orthanc series " + seriesId + " (" + series.modality() + " '" + series.seriesDescription() + "'): "
            + stored + " instances stored, " + already + " already here, " + refused + " refused"));
  }

  /** Stores one Part-10 file through the node's durable path: its study UID, or empty when refused. */
  private Optional<String> store(InstanceStore store, Path file, String instanceId) throws IOException {
    try {
      return Optional.of(new Part10Ingest(store).store(file, sender()).studyInstanceUid());
    } catch (InstanceRejectedException e) {
      LOG.warn("Orthanc instance {} refused: {}", instanceId, e.getMessage());
      return Optional.empty(); // the store audited the refusal with its reason
    }
  }

  private String sender() {
    if (senderAet == null) {
      String aet = client.system().dicomAet();
      senderAet = aet == null || aet.isBlank() ? "ORTHANC" : aet;
    }
    return senderAet;
  }

  /** The stored position, holding the source for this replica; empty while another replica holds it. */
  private Optional<Long> cursor() {
    List<Long> stored = jdbc.queryForList("SELECT seq FROM orthanc_cursor WHERE base_url = ?", Long.class,
        properties.baseUrl());
    if (stored.isEmpty()) {
      long start = "beginning".equals(properties.startFrom()) ? 0 : client.lastChangeSeq();
      jdbc.update("INSERT INTO orthanc_cursor (base_url, seq) VALUES (?, ?) ON CONFLICT (base_url) DO NOTHING",
          properties.baseUrl(), start);
    }
    return jdbc.queryForList("UPDATE orthanc_cursor SET held_by = ?, held_until = now() + ? * interval '1 millisecond'"
            + " WHERE base_url = ? AND (held_by IS NULL OR held_by = ? OR held_until < now()) RETURNING seq",
        Long.class, replica.id(), hold().toMillis(), properties.baseUrl(), replica.id()).stream().findFirst();
  }

  /** Advances the position and renews the hold; false when another replica holds the source now. */
  private boolean saveCursor(long seq) {
    return jdbc.update("UPDATE orthanc_cursor SET seq = greatest(seq, ?), updated_at = now(),"
        + " held_until = now() + ? * interval '1 millisecond' WHERE base_url = ? AND held_by = ?",
        seq, hold().toMillis(), properties.baseUrl(), replica.id()) == 1;
  }

  /** Long enough for one series to be pulled between renewals. */
  private java.time.Duration hold() {
    java.time.Duration fivePolls = properties.poll().multipliedBy(5);
    return fivePolls.compareTo(java.time.Duration.ofMinutes(2)) > 0 ? fivePolls : java.time.Duration.ofMinutes(2);
  }

  @Override
  public synchronized void stop() {
    running = false;
    if (poller != null) {
      poller.shutdownNow();
      try {
        poller.awaitTermination(30, TimeUnit.SECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
      poller = null;
    }
    if (client != null) {
      client.close();
      client = null;
      try {
        // hand the source over at once rather than when the hold runs out
        jdbc.update("UPDATE orthanc_cursor SET held_by = NULL, held_until = NULL WHERE base_url = ? AND held_by = ?",
            properties.baseUrl(), replica.id());
      } catch (RuntimeException e) {
        LOG.debug("could not release Orthanc source {}", properties.baseUrl(), e);
      }
    }
  }

  @Override
  public boolean isRunning() {
    return running;
  }
}
