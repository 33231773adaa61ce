package org.neurojepa.pacs.internal.net;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;

/**
 * Writes the DICOM Part 10 preamble and file meta information (group 0002, explicit VR little
 * endian, group length first) ahead of a data set received over the network, so the data set bytes
 * can be stored exactly as they arrived.
 */
public final class FileMetaWriter {
  /** Our Implementation Class UID (a UUID-derived 2.25 UID fixed for this implementation). */
  public static final String IMPLEMENTATION_CLASS_UID = "2.25.208937144573262346473536154937401817214";
  public static final String IMPLEMENTATION_VERSION_NAME = "NEUROJEPA_01";

  private FileMetaWriter() {}

  public static void write(OutputStream out, String sopClassUid, String sopInstanceUid,
      String transferSyntaxUid, String sourceAeTitle) throws IOException {
    ByteArrayOutputStream group = new ByteArrayOutputStream(256);
    element(group, 0x0001, "OB", new byte[] {0, 1});
    element(group, 0x0002, "UI", uid(sopClassUid));
    element(group, 0x0003, "UI", uid(sopInstanceUid));
    element(group, 0x0010, "UI", uid(transferSyntaxUid));
    element(group, 0x0012, "UI", uid(IMPLEMENTATION_CLASS_UID));
    element(group, 0x0013, "SH", text(IMPLEMENTATION_VERSION_NAME));
    element(group, 0x0016, "AE", text(sourceAeTitle));
    out.write(new byte[128]);
    out.write(new byte[] {'D', 'I', 'C', 'M'});
    byte[] length = new byte[4];
    int n = group.size();
    length[0] = (byte) n;
    length[1] = (byte) (n >>> 8);
    length[2] = (byte) (n >>> 16);
    length[3] = (byte) (n >>> 24);
    out.write(new byte[] {0x02, 0x00, 0x00, 0x00, 'U', 'L', 0x04, 0x00});
    out.write(length);
    group.writeTo(out);
  }

  private static void element(ByteArrayOutputStream out, int element, String vr, byte[] value) {
    out.write(0x02);
    out.write(0x00);
    out.write(element & 0xFF);
    out.write((element >>> 8) & 0xFF);
    out.write(vr.charAt(0));
    out.write(vr.charAt(1));
    if (vr.equals("OB")) {
      out.write(0);
      out.write(0);
      out.write(value.length & 0xFF);
      out.write((value.length >>> 8) & 0xFF);
      out.write((value.length >>> 16) & 0xFF);
      out.write((value.length >>> 24) & 0xFF);
    } else {
      out.write(value.length & 0xFF);
      out.write((value.length >>> 8) & 0xFF);
    }
    out.write(value, 0, value.length);
  }

  private static byte[] uid(String uid) {
    byte[] b = uid.trim().getBytes(StandardCharsets.US_ASCII);
    return b.length % 2 == 0 ? b : java.util.Arrays.copyOf(b, b.length + 1); // padded with NUL
  }

  private static byte[] text(String s) {
    String t = s.trim();
    return (t.length() % 2 == 0 ? t : t + " ").getBytes(StandardCharsets.US_ASCII);
  }
}
