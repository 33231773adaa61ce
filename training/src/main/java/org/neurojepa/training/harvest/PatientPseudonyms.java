package org.neurojepa.training.harvest;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.HexFormat;
import java.util.Objects;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * The pseudonymous patient key a dataset carries instead of the PatientID: the first 32 hex
 * digits (128 bits) of HMAC-SHA256 keyed with the site's secret. The same patient gets the same
 * key in every study and every run with that secret, so splits are per patient and labels join;
 * without the secret the key cannot be traced back to the PatientID, not even by trying the IDs
 * a hospital issues (which a plain hash would allow).
 */
public final class PatientPseudonyms {
  public static final int KEY_HEX_DIGITS = 32;
  /** Fewer secret bytes than this would make the keys guessable. */
  public static final int MIN_SECRET_BYTES = 16;
  private static final String ALGORITHM = "HmacSHA256";
  private static final String CHECK_MESSAGE = "neurojepa harvest: secret check";

  private final SecretKeySpec key;

  public PatientPseudonyms(byte[] secret) {
    Objects.requireNonNull(secret, "secret");
    if (secret.length < MIN_SECRET_BYTES) {
      throw new IllegalArgumentException("the pseudonym secret has " + secret.length + " bytes; at least "
          + MIN_SECRET_BYTES + " are needed");
    }
    this.key = new SecretKeySpec(secret.clone(), ALGORITHM);
  }

  /** The key of a DICOM PatientID (surrounding spaces, DICOM's padding, do not count). */
  public String key(String patientId) {
    String id = Objects.requireNonNull(patientId, "patientId").trim();
    if (id.isEmpty()) {
      throw new IllegalArgumentException("an empty PatientID has no pseudonym");
    }
    return hmac(id).substring(0, KEY_HEX_DIGITS);
  }

  /**
   * A value that tells two secrets apart without revealing either (HMAC of a fixed message): a
   * dataset records it, and a later run with another secret, whose keys would not match the
   * dataset's patients, is refused.
   */
  public String secretCheck() {
    return hmac(CHECK_MESSAGE).substring(0, 16);
  }

  private String hmac(String message) {
    try {
      Mac mac = Mac.getInstance(ALGORITHM);
      mac.init(key);
      return HexFormat.of().formatHex(mac.doFinal(message.getBytes(StandardCharsets.UTF_8)));
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("HmacSHA256 is part of every Java runtime", e);
    }
  }

  @Override
  public String toString() {
    return "PatientPseudonyms[HMAC-SHA256, secret check " + secretCheck() + "]";
  }
}
