package org.neurojepa.pacs.store;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.neurojepa.pacs.dicom.DicomStatus;
import org.neurojepa.pacs.internal.net.FileMetaWriter;

/**
 * Puts a DICOM Part 10 file obtained otherwise than by C-STORE (pulled from an archive over REST)
 * into an {@link InstanceStore}, as if {@code sourceAeTitle} had sent it: the file's meta
 * information is read for the SOP class, instance and transfer syntax, then written anew naming
 * that sender, exactly as a C-STORE's would be, followed by the data set as it was. The store's
 * durable path, duplicate handling and listeners apply unchanged, so the index and the audit say
 * where the instance came from.
 */
public final class Part10Ingest {
  private final InstanceStore store;

  public Part10Ingest(InstanceStore store) {
    this.store = store;
  }

  /** The file's meta information: what a C-STORE request would have said. */
  record Meta(String sopClassUid, String sopInstanceUid, String transferSyntaxUid) {}

  public StoredInstance store(Path file, String sourceAeTitle) throws IOException, InstanceRejectedException {
    try (InputStream in = new BufferedInputStream(Files.newInputStream(file), 1 << 16)) {
      Meta meta;
      try {
        meta = readMeta(in);
      } catch (IOException e) {
        throw store.reject(sourceAeTitle, "", "", DicomStatus.CANNOT_UNDERSTAND,
            file.getFileName() + " is not a DICOM Part 10 file: " + e.getMessage(), e);
      }
      try (IncomingInstance incoming = store.begin(sourceAeTitle, meta.sopClassUid(), meta.sopInstanceUid())) {
        FileMetaWriter.write(incoming.stream(), meta.sopClassUid(), meta.sopInstanceUid(), meta.transferSyntaxUid(),
            sourceAeTitle);
        in.transferTo(incoming.stream());
        return incoming.commit();
      }
    }
  }

  /** Reads the preamble and group 0002 (explicit VR little endian, its group length first). */
  static Meta readMeta(InputStream in) throws IOException {
    byte[] head = in.readNBytes(132);
    if (head.length < 132 || !"DICM".equals(new String(head, 128, 4, StandardCharsets.US_ASCII))) {
      throw new IOException("no DICM marker after the 128-byte preamble");
    }
    byte[] first = in.readNBytes(12);
    if (first.length < 12 || u16(first, 0) != 0x0002 || u16(first, 2) != 0x0000
        || first[4] != 'U' || first[5] != 'L' || u16(first, 6) != 4) {
      throw new IOException("the file meta information does not start with its group length (0002,0000) UL");
    }
    long groupLength = u32(first, 8);
    if (groupLength < 0 || groupLength > 1 << 20) {
      throw new IOException("file meta group length " + groupLength + " is not plausible");
    }
    byte[] group = in.readNBytes((int) groupLength);
    if (group.length < groupLength) {
      throw new IOException("the file ends inside its meta information");
    }
    String sopClass = null;
    String sopInstance = null;
    String transferSyntax = null;
    int p = 0;
    while (p + 8 <= group.length) {
      int groupNumber = u16(group, p);
      int element = u16(group, p + 2);
      String vr = new String(group, p + 4, 2, StandardCharsets.US_ASCII);
      long length;
      int header;
      if (vr.equals("OB") || vr.equals("OW") || vr.equals("UN") || vr.equals("SQ") || vr.equals("UT")) {
        if (p + 12 > group.length) {
          break;
        }
        length = u32(group, p + 8);
        header = 12;
      } else {
        length = u16(group, p + 6);
        header = 8;
      }
      if (groupNumber != 0x0002 || p + header + length > group.length) {
        throw new IOException("malformed file meta element at offset " + p);
      }
      String value = new String(group, p + header, (int) length, StandardCharsets.US_ASCII).replace("\0", "").trim();
      switch (element) {
        case 0x0002 -> sopClass = value;
        case 0x0003 -> sopInstance = value;
        case 0x0010 -> transferSyntax = value;
        default -> {
          // other meta elements (implementation, source AE) are ours to write again
        }
      }
      p += header + (int) length;
    }
    if (sopClass == null || sopInstance == null || transferSyntax == null
        || sopClass.isEmpty() || sopInstance.isEmpty() || transferSyntax.isEmpty()) {
      throw new IOException("the file meta information lacks the SOP class, SOP instance or transfer syntax UID");
    }
    return new Meta(sopClass, sopInstance, transferSyntax);
  }

  private static int u16(byte[] b, int i) {
    return (b[i] & 0xff) | (b[i + 1] & 0xff) << 8;
  }

  private static long u32(byte[] b, int i) {
    return (b[i] & 0xffL) | (b[i + 1] & 0xffL) << 8 | (b[i + 2] & 0xffL) << 16 | (b[i + 3] & 0xffL) << 24;
  }
}
