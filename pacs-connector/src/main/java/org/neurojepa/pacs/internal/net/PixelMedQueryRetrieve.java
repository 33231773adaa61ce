package org.neurojepa.pacs.internal.net;

import com.pixelmed.dicom.Attribute;
import com.pixelmed.dicom.AttributeFactory;
import com.pixelmed.dicom.AttributeList;
import com.pixelmed.dicom.AttributeTag;
import com.pixelmed.dicom.DicomDictionary;
import com.pixelmed.dicom.DicomException;
import com.pixelmed.dicom.DicomOutputStream;
import com.pixelmed.dicom.SOPClass;
import com.pixelmed.network.Association;
import com.pixelmed.network.AssociationFactory;
import com.pixelmed.network.CFindRequestCommandMessage;
import com.pixelmed.network.CMoveRequestCommandMessage;
import com.pixelmed.network.CompositeResponseHandler;
import com.pixelmed.network.PresentationContext;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedList;
import java.util.List;
import java.util.Map;
import org.neurojepa.pacs.dicom.TransferSyntax;

/**
 * C-FIND and C-MOVE as an SCU in the Study Root Query/Retrieve Information Model, on PixelMed's
 * association initiator. PixelMed's own FindSOPClassSCU and MoveSOPClassSCU keep neither the
 * final status of a find nor the sub-operation counts of a move, so the requests are sent here
 * and the responses read by our own handlers.
 *
 * <p>Identifiers are given and returned by DICOM keyword (StudyInstanceUID, ModalitiesInStudy …);
 * an empty value asks the peer to return the attribute (universal matching).
 */
public final class PixelMedQueryRetrieve {
  private static final DicomDictionary DICTIONARY = DicomDictionary.StandardDictionary;
  private static final AttributeTag STATUS = new AttributeTag(0x0000, 0x0900);
  private static final AttributeTag COMPLETED = new AttributeTag(0x0000, 0x1021);
  private static final AttributeTag FAILED = new AttributeTag(0x0000, 0x1022);
  private static final AttributeTag WARNING = new AttributeTag(0x0000, 0x1023);
  private static final AttributeTag QUERY_RETRIEVE_LEVEL = new AttributeTag(0x0008, 0x0052);
  /** C-FIND Pending (FF00) and Pending with optional keys unsupported (FF01); C-MOVE Pending (FF00). */
  private static final int PENDING = 0xFF00;
  private static final int PENDING_OPTIONAL_KEYS_UNSUPPORTED = 0xFF01;

  /** The final status of a find and the identifiers that came with its pending responses. */
  public record FindOutcome(int status, List<Map<String, String>> matches) {}

  /** The final status of a move and its sub-operation counts (-1 where the peer gave none). */
  public record MoveOutcome(int status, int completed, int failed, int warning) {}

  private PixelMedQueryRetrieve() {}

  /** Sends one C-FIND at {@code level} and collects every match until the final response. */
  public static FindOutcome find(String host, int port, String calledAe, String callingAe, String level,
      Map<String, String> keys, int timeoutMillis) throws Exception {
    PixelMedSettings.apply();
    String sopClass = SOPClass.StudyRootQueryRetrieveInformationModelFind;
    AttributeList identifier = identifier(level, keys);
    Association association = open(host, port, calledAe, callingAe, sopClass);
    try {
      PixelMedScu.tune(association, timeoutMillis);
      byte id = association.getSuitablePresentationContextID(sopClass);
      FindHandler handler = new FindHandler();
      association.setReceivedDataHandler(handler);
      association.send(id, new CFindRequestCommandMessage(sopClass).getBytes(),
          encode(identifier, association.getTransferSyntaxForPresentationContextID(id)));
      association.waitForPDataPDUsUntilHandlerReportsDone();
      association.release();
      return new FindOutcome(handler.getStatus(), List.copyOf(handler.matches));
    } catch (Exception e) {
      PixelMedScu.abortQuietly(association);
      throw e;
    }
  }

  /**
   * Sends one C-MOVE of what {@code keys} identifies at {@code level} to {@code destinationAe} and
   * waits for the final response, which the peer sends once every sub-operation (a C-STORE on an
   * association of its own to the destination) has finished.
   */
  public static MoveOutcome move(String host, int port, String calledAe, String callingAe, String level,
      Map<String, String> keys, String destinationAe, int timeoutMillis) throws Exception {
    PixelMedSettings.apply();
    String sopClass = SOPClass.StudyRootQueryRetrieveInformationModelMove;
    AttributeList identifier = identifier(level, keys);
    Association association = open(host, port, calledAe, callingAe, sopClass);
    try {
      PixelMedScu.tune(association, timeoutMillis);
      byte id = association.getSuitablePresentationContextID(sopClass);
      MoveHandler handler = new MoveHandler();
      association.setReceivedDataHandler(handler);
      association.send(id, new CMoveRequestCommandMessage(sopClass, destinationAe).getBytes(),
          encode(identifier, association.getTransferSyntaxForPresentationContextID(id)));
      association.waitForPDataPDUsUntilHandlerReportsDone();
      association.release();
      return new MoveOutcome(handler.getStatus(), handler.completed, handler.failed, handler.warning);
    } catch (Exception e) {
      PixelMedScu.abortQuietly(association);
      throw e;
    }
  }

  private static Association open(String host, int port, String calledAe, String callingAe, String sopClass)
      throws Exception {
    LinkedList<PresentationContext> contexts = new LinkedList<>();
    contexts.add(new PresentationContext((byte) 1, sopClass, TransferSyntax.EXPLICIT_VR_LITTLE_ENDIAN.uid()));
    contexts.add(new PresentationContext((byte) 3, sopClass, TransferSyntax.IMPLICIT_VR_LITTLE_ENDIAN.uid()));
    return AssociationFactory.createNewAssociation(host, port, calledAe, callingAe, contexts, null, false);
  }

  /** The identifier: QueryRetrieveLevel and each key by its keyword. */
  static AttributeList identifier(String level, Map<String, String> keys) throws DicomException {
    AttributeList list = new AttributeList();
    Attribute l = AttributeFactory.newAttribute(QUERY_RETRIEVE_LEVEL);
    l.addValue(level);
    list.put(l);
    for (Map.Entry<String, String> k : keys.entrySet()) {
      AttributeTag tag = DICTIONARY.getTagFromName(k.getKey());
      if (tag == null) {
        throw new IllegalArgumentException("'" + k.getKey() + "' is not a DICOM keyword");
      }
      if (tag.equals(QUERY_RETRIEVE_LEVEL)) {
        throw new IllegalArgumentException("the QueryRetrieveLevel is given as the level, not as a key");
      }
      Attribute a = AttributeFactory.newAttribute(tag);
      if (!k.getValue().isEmpty()) {
        a.addValue(k.getValue());
      }
      list.put(a);
    }
    return list;
  }

  /** The identifier as a data set in the negotiated transfer syntax (PixelMed's IdentifierMessage is not public). */
  private static byte[] encode(AttributeList identifier, String transferSyntax) throws IOException, DicomException {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    DicomOutputStream out = new DicomOutputStream(bytes, null, transferSyntax);
    identifier.write(out);
    out.flush();
    if (bytes.size() % 2 != 0) {
      bytes.write(0);
    }
    return bytes.toByteArray();
  }

  /** Every attribute of a returned identifier by keyword (or (gggg,eeee) when the dictionary has none), trimmed. */
  static Map<String, String> values(AttributeList list) {
    Map<String, String> values = new LinkedHashMap<>();
    for (Object o : list.values()) {
      Attribute a = (Attribute) o;
      String name = DICTIONARY.getNameFromTag(a.getTag());
      String key = name != null ? name
          : String.format("(%04X,%04X)", a.getTag().getGroup(), a.getTag().getElement());
      values.put(key, Attribute.getDelimitedStringValuesOrEmptyString(a).trim());
    }
    return values;
  }

  private static boolean pending(int status) {
    return status == PENDING || status == PENDING_OPTIONAL_KEYS_UNSUPPORTED;
  }

  /** Collects the identifiers of C-FIND pending responses; done at the first other status. */
  private static final class FindHandler extends CompositeResponseHandler {
    private final List<Map<String, String>> matches = new ArrayList<>();

    FindHandler() {
      allowData = true;
    }

    @Override
    protected void evaluateStatusAndSetSuccess(AttributeList list) {
      status = Attribute.getSingleIntegerValueOrDefault(list, STATUS, 0xFFFF);
      success = status == 0x0000;
      if (!pending(status)) {
        setDone(true);
      }
    }

    @Override
    protected void makeUseOfDataSet(AttributeList list) {
      // only pending responses carry a match; a failure may carry an error comment instead
      if (pending(status)) {
        matches.add(values(list));
      }
    }
  }

  /** Reads the sub-operation counts of C-MOVE responses; done at the first status that is not pending. */
  private static final class MoveHandler extends CompositeResponseHandler {
    private int completed = -1;
    private int failed = -1;
    private int warning = -1;

    MoveHandler() {
      allowData = true; // a failed move may carry the Failed SOP Instance UID List
    }

    @Override
    protected void evaluateStatusAndSetSuccess(AttributeList list) {
      status = Attribute.getSingleIntegerValueOrDefault(list, STATUS, 0xFFFF);
      success = status == 0x0000;
      completed = Attribute.getSingleIntegerValueOrDefault(list, COMPLETED, completed);
      failed = Attribute.getSingleIntegerValueOrDefault(list, FAILED, failed);
      warning = Attribute.getSingleIntegerValueOrDefault(list, WARNING, warning);
      if (status != PENDING) {
        setDone(true);
      }
    }
  }
}
