package org.neurojepa.pacs.internal.net;

import com.pixelmed.network.AReleaseException;
import com.pixelmed.network.Association;
import com.pixelmed.network.AssociationFactory;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.time.Instant;
import org.neurojepa.pacs.dicom.AeTitle;
import org.neurojepa.pacs.dicom.AssociationEvent;
import org.neurojepa.pacs.dicom.AssociationListener;
import org.neurojepa.pacs.dicom.DicomNodeConfig;
import org.neurojepa.pacs.store.InstanceStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Serves one accepted TCP connection: checks the A-ASSOCIATE-RQ's called and calling AE titles
 * (rejecting with the standard's reasons), lets PixelMed negotiate the association with our
 * {@link NegotiationPolicy}, then answers DIMSE requests until the peer releases or aborts.
 */
public final class AssociationWorker implements Runnable {
  private static final Logger LOG = LoggerFactory.getLogger(AssociationWorker.class);
  private static final int MAX_ASSOCIATE_RQ_LENGTH = 1 << 20;

  private final Socket socket;
  private final DicomNodeConfig config;
  private final InstanceStore store;
  private final AssociationListener listener;

  public AssociationWorker(Socket socket, DicomNodeConfig config, InstanceStore store, AssociationListener listener) {
    this.socket = socket;
    this.config = config;
    this.store = store;
    this.listener = listener;
    PixelMedSettings.apply();
  }

  /** Rejects a connection the node has no room for (transient, local limit exceeded) and closes it. */
  public static void rejectBusy(Socket socket, AssociationListener listener) {
    // listeners hear of a rejection before the peer does, so they never lag behind what it saw
    tell(listener, false, new AssociationEvent("", "", remote(socket), "too many concurrent associations", Instant.now()));
    try (socket) {
      AssociateRequest.writeReject(socket.getOutputStream(), AssociateRequest.REJECTED_TRANSIENT,
          AssociateRequest.SOURCE_SERVICE_PROVIDER_PRESENTATION, AssociateRequest.REASON_LOCAL_LIMIT_EXCEEDED);
    } catch (IOException e) {
      LOG.debug("could not send the busy rejection to {}: {}", socket.getRemoteSocketAddress(), e.toString());
    }
  }

  @Override
  public void run() {
    DimseReceiver receiver = null;
    Association association = null;
    try (socket) {
      socket.setTcpNoDelay(true);
      socket.setSoTimeout((int) Math.min(Integer.MAX_VALUE, config.associationRequestTimeout().toMillis()));
      AssociateRequest rq = AssociateRequest.read(socket.getInputStream(), MAX_ASSOCIATE_RQ_LENGTH);
      Refusal refusal = refusal(rq);
      if (refusal != null) {
        LOG.warn("association from {} rejected: {} (calling AE '{}', called AE '{}')",
            socket.getRemoteSocketAddress(), refusal.text(), rq.callingAeTitle(), rq.calledAeTitle());
        tell(listener, false, event(rq, refusal.text()));
        AssociateRequest.writeReject(socket.getOutputStream(), AssociateRequest.REJECTED_PERMANENT,
            AssociateRequest.SOURCE_SERVICE_USER, refusal.reason());
        return;
      }
      socket.setSoTimeout((int) Math.min(Integer.MAX_VALUE, config.idleTimeout().toMillis()));
      association = AssociationFactory.createNewAssociation(new ReplayingSocket(socket, rq.pdu()),
          config.aeTitle().value(), config.maxPduLength(), 0, 0, new NegotiationPolicy());
      LOG.info("association accepted from {} ({} -> {})", socket.getRemoteSocketAddress(),
          rq.callingAeTitle(), rq.calledAeTitle());
      tell(listener, true, event(rq, "accepted"));
      while (true) {
        receiver = new DimseReceiver(store, rq.callingAeTitle());
        association.setReceivedDataHandler(receiver);
        association.waitForPDataPDUsUntilHandlerReportsDone();
        association.send(receiver.presentationContextId(), receiver.response(), null);
        receiver = null;
      }
    } catch (AReleaseException released) {
      LOG.debug("association from {} released", socket.getRemoteSocketAddress());
    } catch (Exception e) {
      if (socket.isClosed()) {
        LOG.debug("association from {} closed: {}", socket.getRemoteSocketAddress(), e.toString());
      } else {
        LOG.warn("association from {} ended: {}", socket.getRemoteSocketAddress(), e.toString());
        if (association != null) {
          abortQuietly(association);
        }
      }
    } finally {
      if (receiver != null) {
        receiver.abandon();
      }
    }
  }

  private static void abortQuietly(Association association) {
    try {
      association.abort();
    } catch (Exception e) {
      LOG.debug("A-ABORT not sent: {}", e.toString());
    }
  }

  /** An A-ASSOCIATE-RJ reason (service-user source) and what we log and report. */
  private record Refusal(int reason, String text) {}

  /** Why the request is refused, or null to accept it. */
  private Refusal refusal(AssociateRequest rq) {
    if (!config.aeTitle().value().equals(rq.calledAeTitle())) {
      return new Refusal(AssociateRequest.REASON_CALLED_AE_NOT_RECOGNIZED,
          "called AE title '" + rq.calledAeTitle() + "' is not ours ('" + config.aeTitle() + "')");
    }
    AeTitle calling;
    try {
      calling = new AeTitle(rq.callingAeTitle());
    } catch (IllegalArgumentException e) {
      return new Refusal(AssociateRequest.REASON_CALLING_AE_NOT_RECOGNIZED, "calling AE title is invalid: " + e.getMessage());
    }
    if (!config.allowsCallingAeTitle(calling)) {
      return new Refusal(AssociateRequest.REASON_CALLING_AE_NOT_RECOGNIZED,
          "calling AE title '" + calling + "' is not in the allow-list");
    }
    return null;
  }

  private AssociationEvent event(AssociateRequest rq, String reason) {
    return new AssociationEvent(rq.callingAeTitle(), rq.calledAeTitle(), remote(socket), reason, Instant.now());
  }

  private static InetSocketAddress remote(Socket socket) {
    return socket.getRemoteSocketAddress() instanceof InetSocketAddress a
        ? a
        : new InetSocketAddress(socket.getInetAddress(), socket.getPort());
  }

  private static void tell(AssociationListener listener, boolean accepted, AssociationEvent event) {
    try {
      if (accepted) {
        listener.accepted(event);
      } else {
        listener.rejected(event);
      }
    } catch (RuntimeException e) {
      LOG.error("association listener failed", e);
    }
  }
}
