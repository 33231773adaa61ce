package org.neurojepa.pacs.scu;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.stream.Stream;
import org.neurojepa.pacs.dicom.AeTitle;
import org.neurojepa.pacs.dicom.DicomStatus;
import org.neurojepa.pacs.internal.net.PixelMedQueryRetrieve;
import org.neurojepa.pacs.internal.net.PixelMedScu;

/**
 * A DICOM SCU: C-ECHO, C-STORE of a file or a folder (recursively) on one association, and C-FIND
 * and C-MOVE in the Study Root Query/Retrieve Information Model, each on an association of its
 * own, with TCP_NODELAY on. Backs {@code neurojepa echo}, {@code neurojepa send} and the archive
 * harvest's retrieval from a PACS.
 */
public final class DicomClient {
  public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(60);
  private static final String DICOMDIR = "DICOMDIR";

  private final AeTitle callingAeTitle;
  private final Duration timeout;

  public DicomClient(AeTitle callingAeTitle) {
    this(callingAeTitle, DEFAULT_TIMEOUT);
  }

  /** @param timeout how long to wait for any single read from the peer */
  public DicomClient(AeTitle callingAeTitle, Duration timeout) {
    this.callingAeTitle = Objects.requireNonNull(callingAeTitle, "callingAeTitle");
    this.timeout = Objects.requireNonNull(timeout, "timeout");
    if (timeout.isNegative() || timeout.isZero()) {
      throw new IllegalArgumentException("timeout must be positive");
    }
  }

  public AeTitle callingAeTitle() {
    return callingAeTitle;
  }

  /** Verifies the peer (C-ECHO); returns its status (Success when the peer is up and accepts us). */
  public DicomStatus echo(DicomPeer peer) throws DicomClientException {
    try {
      return DicomStatus.of(PixelMedScu.echo(peer.host(), peer.port(), peer.aeTitle().value(),
          callingAeTitle.value(), timeoutMillis()));
    } catch (Exception e) {
      throw new DicomClientException("C-ECHO to " + peer + " failed: " + e.getMessage(), e);
    }
  }

  /**
   * Sends every DICOM Part 10 file under {@code fileOrDirectory} (files without the "DICM" marker and
   * DICOMDIRs are skipped and reported). Per-file failures are in the result; an association that
   * cannot be opened or breaks throws.
   */
  public StoreResult store(DicomPeer peer, Path fileOrDirectory) throws IOException {
    long start = System.nanoTime();
    List<Path> found;
    try (Stream<Path> walk = Files.walk(fileOrDirectory)) {
      found = walk.filter(Files::isRegularFile).sorted().toList();
    }
    List<FileResult> results = new ArrayList<>();
    List<Path> dicom = new ArrayList<>();
    for (Path f : found) {
      if (f.getFileName().toString().equals(DICOMDIR)) {
        results.add(new FileResult(f, "", FileResult.Outcome.SKIPPED, Files.size(f), "a DICOMDIR is not sent"));
      } else if (!isPart10(f)) {
        results.add(new FileResult(f, "", FileResult.Outcome.SKIPPED, Files.size(f), "not a DICOM Part 10 file"));
      } else {
        dicom.add(f);
      }
    }
    long bytes = 0;
    if (!dicom.isEmpty()) {
      List<PixelMedScu.Attempt> attempts;
      try {
        attempts = PixelMedScu.store(peer.host(), peer.port(), peer.aeTitle().value(), callingAeTitle.value(),
            dicom, timeoutMillis());
      } catch (Exception e) {
        throw new DicomClientException("C-STORE to " + peer + " failed: " + e.getMessage(), e);
      }
      Map<String, PixelMedScu.Attempt> byFile = new HashMap<>();
      attempts.forEach(a -> byFile.put(Path.of(a.fileName()).toAbsolutePath().normalize().toString(), a));
      for (Path f : dicom) {
        PixelMedScu.Attempt a = byFile.get(f.toAbsolutePath().normalize().toString());
        long size = Files.size(f);
        if (a == null) {
          results.add(new FileResult(f, "", FileResult.Outcome.FAILURE, size, "not attempted by the SCU"));
          continue;
        }
        bytes += size;
        FileResult.Outcome outcome = switch (a.outcome()) {
          case SUCCESS -> FileResult.Outcome.SUCCESS;
          case WARNING -> FileResult.Outcome.WARNING;
          case FAILURE -> FileResult.Outcome.FAILURE;
        };
        results.add(new FileResult(f, a.sopInstanceUid(), outcome, size,
            outcome == FileResult.Outcome.FAILURE ? "the peer refused it or it could not be sent (see the log)" : ""));
      }
    }
    results.sort((x, y) -> x.file().compareTo(y.file()));
    return new StoreResult(results, bytes, Duration.ofNanos(System.nanoTime() - start));
  }

  /**
   * Queries the peer (C-FIND) at {@code level} and returns every match. Each key is a DICOM
   * keyword with the value to match (single value, wildcard, a date range such as
   * {@code 20240101-20241231}, or a UID list); an empty value asks for the attribute to be
   * returned. A failure status is thrown with the status.
   */
  public List<QueryMatch> find(DicomPeer peer, QueryRetrieveLevel level, Map<String, String> keys)
      throws DicomClientException {
    Objects.requireNonNull(level, "level");
    Objects.requireNonNull(keys, "keys");
    PixelMedQueryRetrieve.FindOutcome outcome;
    try {
      outcome = PixelMedQueryRetrieve.find(peer.host(), peer.port(), peer.aeTitle().value(), callingAeTitle.value(),
          level.code(), keys, timeoutMillis());
    } catch (IllegalArgumentException e) {
      throw e;
    } catch (Exception e) {
      throw new DicomClientException("C-FIND to " + peer + " as " + callingAeTitle + " failed: " + reason(e), e);
    }
    DicomStatus status = DicomStatus.of(outcome.status());
    if (!status.isSuccess()) {
      throw new DicomClientException("C-FIND to " + peer + " answered " + status, status);
    }
    return outcome.matches().stream().map(QueryMatch::new).toList();
  }

  /**
   * Asks the peer to send what {@code identifier} names at {@code level} (by its unique keys:
   * StudyInstanceUID, and SeriesInstanceUID at series level) to the AE titled {@code destination}
   * (C-MOVE), and waits until it has. The peer opens its own association to the destination,
   * which it must know by that AE title. Success and warnings are returned with the counts; a
   * failure status (for one, Move Destination unknown) is thrown.
   */
  public MoveResult move(DicomPeer peer, QueryRetrieveLevel level, Map<String, String> identifier, AeTitle destination)
      throws DicomClientException {
    Objects.requireNonNull(level, "level");
    Objects.requireNonNull(destination, "destination");
    if (identifier.isEmpty()) {
      throw new IllegalArgumentException("a C-MOVE needs the unique keys of what to move");
    }
    PixelMedQueryRetrieve.MoveOutcome outcome;
    try {
      outcome = PixelMedQueryRetrieve.move(peer.host(), peer.port(), peer.aeTitle().value(), callingAeTitle.value(),
          level.code(), identifier, destination.value(), timeoutMillis());
    } catch (IllegalArgumentException e) {
      throw e;
    } catch (Exception e) {
      throw new DicomClientException("C-MOVE from " + peer + " as " + callingAeTitle + " failed: " + reason(e), e);
    }
    DicomStatus status = DicomStatus.of(outcome.status());
    if (status.isFailure()) {
      throw new DicomClientException("C-MOVE from " + peer + " to " + destination + " answered " + status
          + " (" + Math.max(0, outcome.completed()) + " sub-operations completed, "
          + Math.max(0, outcome.failed()) + " failed)", status);
    }
    return new MoveResult(status, outcome.completed(), outcome.failed(), outcome.warning());
  }

  /**
   * PixelMed reports only the abort or rejection; add what usually causes it, since a PACS turns
   * away an AE title it has not been configured with (Orthanc aborts, others reject).
   */
  private String reason(Exception e) {
    String m = String.valueOf(e.getMessage());
    if (m.contains("ABORT") || m.contains("A-ASSOCIATE-RJ") || m.toLowerCase(java.util.Locale.ROOT).contains("reject")) {
      return m + " (the peer turned the association away: is " + callingAeTitle
          + " configured there as a known AE title, and is its own AE title right?)";
    }
    return m;
  }

  private int timeoutMillis() {
    return (int) Math.min(Integer.MAX_VALUE, timeout.toMillis());
  }

  private static boolean isPart10(Path f) throws IOException {
    try (InputStream in = Files.newInputStream(f)) {
      byte[] head = in.readNBytes(132);
      return head.length == 132 && head[128] == 'D' && head[129] == 'I' && head[130] == 'C' && head[131] == 'M';
    }
  }
}
