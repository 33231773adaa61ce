package org.neurojepa.pacs.dicom;

import java.util.Arrays;
import java.util.EnumSet;
import java.util.Optional;
import java.util.Set;

/**
 * The SOP classes the node accepts. Anything else is rejected at negotiation: its presentation
 * context gets "abstract syntax not supported". MR Spectroscopy, CT and the rest are deliberately
 * absent: the model reads MR images only.
 */
public enum SopClass {
  VERIFICATION("1.2.840.10008.1.1", "Verification"),
  MR_IMAGE_STORAGE("1.2.840.10008.5.1.4.1.1.4", "MR Image Storage"),
  ENHANCED_MR_IMAGE_STORAGE("1.2.840.10008.5.1.4.1.1.4.1", "Enhanced MR Image Storage");

  private final String uid;
  private final String description;

  SopClass(String uid, String description) {
    this.uid = uid;
    this.description = description;
  }

  public String uid() {
    return uid;
  }

  public String description() {
    return description;
  }

  public boolean isStorage() {
    return this != VERIFICATION;
  }

  public static Optional<SopClass> ofUid(String uid) {
    return Arrays.stream(values()).filter(s -> s.uid.equals(uid)).findFirst();
  }

  /** The storage SOP classes accepted by C-STORE. */
  public static Set<SopClass> storage() {
    return EnumSet.of(MR_IMAGE_STORAGE, ENHANCED_MR_IMAGE_STORAGE);
  }

  @Override
  public String toString() {
    return description + " (" + uid + ")";
  }
}
