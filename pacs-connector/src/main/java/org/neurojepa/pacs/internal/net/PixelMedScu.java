package org.neurojepa.pacs.internal.net;

import com.pixelmed.dicom.Attribute;
import com.pixelmed.dicom.AttributeList;
import com.pixelmed.dicom.AttributeTag;
import com.pixelmed.dicom.SetOfDicomFiles;
import com.pixelmed.network.Association;
import com.pixelmed.network.AssociationFactory;
import com.pixelmed.network.CEchoRequestCommandMessage;
import com.pixelmed.network.CompositeResponseHandler;
import com.pixelmed.network.MultipleInstanceTransferStatusHandlerWithFileName;
import com.pixelmed.network.PresentationContext;
import com.pixelmed.network.PresentationContextListFactory;
import com.pixelmed.network.StorageSOPClassSCU;
import java.lang.reflect.Field;
import java.net.Socket;
import java.net.SocketException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedList;
import java.util.List;
import org.neurojepa.pacs.dicom.SopClass;
import org.neurojepa.pacs.dicom.TransferSyntax;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * C-ECHO and C-STORE as an SCU on PixelMed's association initiator. PixelMed opens the socket
 * itself and leaves Nagle on and no read timeout, so both are set on its socket right after the
 * association is negotiated (the A-ASSOCIATE exchange is one write each way, unaffected).
 */
public final class PixelMedScu {
  private static final Logger LOG = LoggerFactory.getLogger(PixelMedScu.class);
  private static final AttributeTag STATUS = new AttributeTag(0x0000, 0x0900);

  /** Per-file outcome reported by PixelMed's storage SCU. */
  public enum Outcome {
    SUCCESS,
    WARNING,
    FAILURE
  }

  /** One file PixelMed attempted. */
  public record Attempt(String fileName, String sopInstanceUid, Outcome outcome) {}

  private PixelMedScu() {}

  /** Sends one C-ECHO and returns its DIMSE status. */
  public static int echo(String host, int port, String calledAe, String callingAe, int timeoutMillis) throws Exception {
    PixelMedSettings.apply();
    LinkedList<PresentationContext> contexts = new LinkedList<>();
    contexts.add(new PresentationContext((byte) 1, SopClass.VERIFICATION.uid(), TransferSyntax.IMPLICIT_VR_LITTLE_ENDIAN.uid()));
    Association association = AssociationFactory.createNewAssociation(host, port, calledAe, callingAe, contexts, null, false);
    try {
      tune(association, timeoutMillis);
      byte id = association.getSuitablePresentationContextID(SopClass.VERIFICATION.uid());
      StatusHandler handler = new StatusHandler();
      association.setReceivedDataHandler(handler);
      association.send(id, new CEchoRequestCommandMessage().getBytes(), null);
      association.waitForCommandPDataPDUs();
      association.release();
      return handler.getStatus();
    } catch (Exception e) {
      abortQuietly(association);
      throw e;
    }
  }

  /**
   * Stores the files on one association; PixelMed proposes a presentation context per SOP class
   * and transfer syntax found in the files and converts to the accepted syntax where needed.
   */
  public static List<Attempt> store(String host, int port, String calledAe, String callingAe, List<Path> files,
      int timeoutMillis) throws Exception {
    PixelMedSettings.apply();
    SetOfDicomFiles set = new SetOfDicomFiles();
    for (Path f : files) {
      set.add(f.toString());
    }
    @SuppressWarnings("rawtypes")
    LinkedList contexts = PresentationContextListFactory.createNewPresentationContextList(set, 0);
    Association association = AssociationFactory.createNewAssociation(host, port, calledAe, callingAe, contexts, null, false);
    List<Attempt> attempts = new ArrayList<>();
    try {
      tune(association, timeoutMillis);
      int[] last = new int[3];
      MultipleInstanceTransferStatusHandlerWithFileName status = new MultipleInstanceTransferStatusHandlerWithFileName() {
        @Override
        public void updateStatus(int remaining, int completed, int failed, int warning, String sopInstanceUid,
            String fileName, boolean success) {
          Outcome outcome = failed > last[1] || !success ? Outcome.FAILURE
              : warning > last[2] ? Outcome.WARNING : Outcome.SUCCESS;
          last[0] = completed;
          last[1] = failed;
          last[2] = warning;
          attempts.add(new Attempt(fileName, sopInstanceUid == null ? "" : sopInstanceUid, outcome));
        }
      };
      new StorageSOPClassSCU(association, set, status);
      association.release();
      return attempts;
    } catch (Exception e) {
      abortQuietly(association);
      throw e;
    }
  }

  static void tune(Association association, int timeoutMillis) throws ReflectiveOperationException, SocketException {
    Field f = Association.class.getDeclaredField("socket");
    f.setAccessible(true);
    Socket socket = (Socket) f.get(association);
    socket.setTcpNoDelay(true);
    socket.setSoTimeout(timeoutMillis);
  }

  static void abortQuietly(Association association) {
    try {
      association.abort();
    } catch (Exception e) {
      LOG.debug("abort failed: {}", e.toString());
    }
  }

  /** Reads the Status of a DIMSE response. */
  private static final class StatusHandler extends CompositeResponseHandler {
    @Override
    protected void evaluateStatusAndSetSuccess(AttributeList list) {
      status = Attribute.getSingleIntegerValueOrDefault(list, STATUS, 0xFFFF);
      success = status == 0x0000;
    }
  }
}
