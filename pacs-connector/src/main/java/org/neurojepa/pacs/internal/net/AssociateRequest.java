package org.neurojepa.pacs.internal.net;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.ProtocolException;
import java.nio.charset.StandardCharsets;

/**
 * An A-ASSOCIATE-RQ PDU read off a new connection before PixelMed sees it, so that the called and
 * calling AE titles can be checked and the association rejected with the right reason: PixelMed's
 * acceptor checks the called AE title only and offers no hook for the calling one.
 *
 * @param pdu the whole PDU as read, replayed to PixelMed when the association is accepted
 */
record AssociateRequest(byte[] pdu, String calledAeTitle, String callingAeTitle) {
  private static final int A_ASSOCIATE_RQ = 0x01;
  private static final int A_ASSOCIATE_RJ = 0x03;

  /** Result / source / reason values of A-ASSOCIATE-RJ (PS3.8 9.3.4). */
  static final int REJECTED_PERMANENT = 1;
  static final int REJECTED_TRANSIENT = 2;
  static final int SOURCE_SERVICE_USER = 1;
  static final int SOURCE_SERVICE_PROVIDER_PRESENTATION = 3;
  static final int REASON_CALLING_AE_NOT_RECOGNIZED = 3;
  static final int REASON_CALLED_AE_NOT_RECOGNIZED = 7;
  static final int REASON_LOCAL_LIMIT_EXCEEDED = 2;

  static AssociateRequest read(InputStream in, int maxLength) throws IOException {
    byte[] header = in.readNBytes(6);
    if (header.length < 6) {
      throw new ProtocolException("connection closed before an A-ASSOCIATE-RQ");
    }
    if ((header[0] & 0xFF) != A_ASSOCIATE_RQ) {
      throw new ProtocolException(String.format("expected an A-ASSOCIATE-RQ PDU, got type 0x%02X", header[0] & 0xFF));
    }
    long length = ((header[2] & 0xFFL) << 24) | ((header[3] & 0xFFL) << 16) | ((header[4] & 0xFFL) << 8) | (header[5] & 0xFFL);
    if (length < 68 || length > maxLength) {
      throw new ProtocolException("A-ASSOCIATE-RQ length " + length + " outside 68.." + maxLength);
    }
    byte[] pdu = new byte[6 + (int) length];
    System.arraycopy(header, 0, pdu, 0, 6);
    int n = in.readNBytes(pdu, 6, (int) length);
    if (n < length) {
      throw new ProtocolException("connection closed inside the A-ASSOCIATE-RQ");
    }
    String called = new String(pdu, 10, 16, StandardCharsets.US_ASCII).trim();
    String calling = new String(pdu, 26, 16, StandardCharsets.US_ASCII).trim();
    return new AssociateRequest(pdu, called, calling);
  }

  static void writeReject(OutputStream out, int result, int source, int reason) throws IOException {
    out.write(new byte[] {A_ASSOCIATE_RJ, 0, 0, 0, 0, 4, 0, (byte) result, (byte) source, (byte) reason});
    out.flush();
  }
}
