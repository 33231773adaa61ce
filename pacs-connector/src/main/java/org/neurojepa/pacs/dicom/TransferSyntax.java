package org.neurojepa.pacs.dicom;

import java.util.Arrays;
import java.util.Optional;

/**
 * The transfer syntaxes the node accepts, in the order it prefers them when a presentation context
 * proposes several. Compressed syntaxes (JPEG, JPEG-LS, JPEG 2000, RLE) are refused at
 * negotiation because nothing downstream decodes their pixel data.
 */
public enum TransferSyntax {
  EXPLICIT_VR_LITTLE_ENDIAN("1.2.840.10008.1.2.1", "Explicit VR Little Endian"),
  IMPLICIT_VR_LITTLE_ENDIAN("1.2.840.10008.1.2", "Implicit VR Little Endian"),
  DEFLATED_EXPLICIT_VR_LITTLE_ENDIAN("1.2.840.10008.1.2.1.99", "Deflated Explicit VR Little Endian"),
  EXPLICIT_VR_BIG_ENDIAN("1.2.840.10008.1.2.2", "Explicit VR Big Endian");

  private final String uid;
  private final String description;

  TransferSyntax(String uid, String description) {
    this.uid = uid;
    this.description = description;
  }

  public String uid() {
    return uid;
  }

  public String description() {
    return description;
  }

  public static Optional<TransferSyntax> ofUid(String uid) {
    return Arrays.stream(values()).filter(t -> t.uid.equals(uid)).findFirst();
  }

  @Override
  public String toString() {
    return description + " (" + uid + ")";
  }
}
