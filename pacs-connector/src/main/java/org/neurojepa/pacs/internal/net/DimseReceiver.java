package org.neurojepa.pacs.internal.net;

import com.pixelmed.dicom.Attribute;
import com.pixelmed.dicom.AttributeList;
import com.pixelmed.dicom.AttributeTag;
import com.pixelmed.dicom.DicomException;
import com.pixelmed.network.Association;
import com.pixelmed.network.CEchoResponseCommandMessage;
import com.pixelmed.network.CStoreResponseCommandMessage;
import com.pixelmed.network.CompositeResponseHandler;
import com.pixelmed.network.DicomNetworkException;
import com.pixelmed.network.PDataPDU;
import com.pixelmed.network.PresentationDataValue;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import org.neurojepa.pacs.dicom.DicomStatus;
import org.neurojepa.pacs.dicom.SopClass;
import org.neurojepa.pacs.store.IncomingInstance;
import org.neurojepa.pacs.store.InstanceRejectedException;
import org.neurojepa.pacs.store.InstanceStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Receives one DIMSE request (C-ECHO or C-STORE) of an association and prepares its response.
 *
 * <p>PixelMed's own StorageSOPClassSCP always answers C-STORE with Success, whatever its handler
 * does, and ends the association when the handler throws. So the request loop is ours: this class
 * plugs into PixelMed's Association as its received-data handler (PixelMed's only public
 * subclassable handler is CompositeResponseHandler), streams a C-STORE's data set straight into the
 * store's temporary file, and commits it durably <em>before</em> it reports done; the caller sends
 * the response only after that, with the status the store gave.
 */
final class DimseReceiver extends CompositeResponseHandler {
  private static final Logger LOG = LoggerFactory.getLogger(DimseReceiver.class);
  private static final AttributeTag AFFECTED_SOP_CLASS_UID = new AttributeTag(0x0000, 0x0002);
  private static final AttributeTag COMMAND_FIELD = new AttributeTag(0x0000, 0x0100);
  private static final AttributeTag MESSAGE_ID = new AttributeTag(0x0000, 0x0110);
  private static final AttributeTag COMMAND_DATA_SET_TYPE = new AttributeTag(0x0000, 0x0800);
  private static final AttributeTag AFFECTED_SOP_INSTANCE_UID = new AttributeTag(0x0000, 0x1000);
  private static final int C_STORE_RQ = 0x0001;
  private static final int C_ECHO_RQ = 0x0030;
  private static final int NO_DATA_SET = 0x0101;
  private static final String IMPLICIT_VR_LE = "1.2.840.10008.1.2";

  private final InstanceStore store;
  private final String callingAeTitle;
  private final ByteArrayOutputStream command = new ByteArrayOutputStream(256);
  private byte presentationContextId;
  private int messageId;
  private String sopClassUid = "";
  private String sopInstanceUid = "";
  private IncomingInstance incoming;
  private DicomStatus storeStatus;
  private byte[] response;

  DimseReceiver(InstanceStore store, String callingAeTitle) {
    this.store = store;
    this.callingAeTitle = callingAeTitle;
  }

  @Override
  public void sendPDataIndication(PDataPDU pdu, Association association)
      throws DicomNetworkException, DicomException, IOException {
    for (Object o : pdu.getPDVList()) {
      PresentationDataValue pdv = (PresentationDataValue) o;
      if (pdv.isCommand()) {
        presentationContextId = pdv.getPresentationContextID();
        command.write(pdv.getValue());
        if (pdv.isLastFragment()) {
          onCommand(association);
        }
      } else {
        onData(pdv.getValue(), pdv.isLastFragment());
      }
    }
  }

  private void onCommand(Association association) throws DicomNetworkException, DicomException, IOException {
    AttributeList list = CompositeResponseHandler.getAttributeListFromCommandOrData(command.toByteArray(), IMPLICIT_VR_LE);
    int field = Attribute.getSingleIntegerValueOrDefault(list, COMMAND_FIELD, -1);
    messageId = Attribute.getSingleIntegerValueOrDefault(list, MESSAGE_ID, 0);
    sopClassUid = NegotiationPolicy.trim(Attribute.getSingleStringValueOrEmptyString(list, AFFECTED_SOP_CLASS_UID));
    int dataSetType = Attribute.getSingleIntegerValueOrDefault(list, COMMAND_DATA_SET_TYPE, NO_DATA_SET);
    if (field == C_ECHO_RQ) {
      response = new CEchoResponseCommandMessage(
          sopClassUid.isEmpty() ? SopClass.VERIFICATION.uid() : sopClassUid, messageId, DicomStatus.SUCCESS.code()).getBytes();
      setDone(true);
    } else if (field == C_STORE_RQ) {
      sopInstanceUid = NegotiationPolicy.trim(Attribute.getSingleStringValueOrEmptyString(list, AFFECTED_SOP_INSTANCE_UID));
      if (dataSetType == NO_DATA_SET) {
        respondToStore(DicomStatus.CANNOT_UNDERSTAND);
        return;
      }
      String transferSyntax = NegotiationPolicy.trim(association.getTransferSyntaxForPresentationContextID(presentationContextId));
      try {
        incoming = store.begin(callingAeTitle, sopClassUid, sopInstanceUid);
        FileMetaWriter.write(incoming.stream(), sopClassUid, sopInstanceUid, transferSyntax, callingAeTitle);
      } catch (InstanceRejectedException e) {
        storeStatus = e.status();
      } catch (IOException e) {
        failWrite(e);
      }
    } else {
      throw new DicomNetworkException(String.format(
          "command 0x%04X is not supported here (only C-ECHO and C-STORE)", field));
    }
  }

  private void onData(byte[] value, boolean last) {
    if (incoming != null) {
      try {
        incoming.stream().write(value);
      } catch (IOException e) {
        failWrite(e);
      }
    }
    if (!last) {
      return;
    }
    if (incoming != null) {
      try {
        incoming.commit();
        storeStatus = DicomStatus.SUCCESS;
      } catch (InstanceRejectedException e) {
        storeStatus = e.status();
      } finally {
        incoming.close();
        incoming = null;
      }
    }
    respondToStore(storeStatus == null ? DicomStatus.PROCESSING_FAILURE : storeStatus);
  }

  private void failWrite(IOException e) {
    LOG.warn("writing instance {} from {} failed: {}", sopInstanceUid, callingAeTitle, e.toString());
    storeStatus = DicomStatus.PROCESSING_FAILURE;
    if (incoming != null) {
      incoming.close();
      incoming = null;
    }
  }

  private void respondToStore(DicomStatus status) {
    try {
      response = new CStoreResponseCommandMessage(sopClassUid, sopInstanceUid, messageId, status.code()).getBytes();
    } catch (DicomException | IOException e) {
      throw new IllegalStateException("cannot build a C-STORE response", e);
    }
    setDone(true);
  }

  /** The response to send on {@link #presentationContextId()}; valid once {@link #isDone()}. */
  byte[] response() {
    return response;
  }

  byte presentationContextId() {
    return presentationContextId;
  }

  /** Throws away a half-received instance when the association ends inside it. */
  void abandon() {
    if (incoming != null) {
      incoming.close();
      incoming = null;
    }
  }

  @Override
  protected void evaluateStatusAndSetSuccess(AttributeList list) {
    // only used by PixelMed for responses; we receive requests
  }
}
