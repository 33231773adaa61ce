package org.neurojepa.pacs.internal.file;

import java.util.Map;

/** Names of transfer syntaxes, so that a refusal can say which encoding it met. */
final class TransferSyntaxNames {
  private static final Map<String, String> NATIVE = Map.of(
      "1.2.840.10008.1.2", "Implicit VR Little Endian",
      "1.2.840.10008.1.2.1", "Explicit VR Little Endian",
      "1.2.840.10008.1.2.2", "Explicit VR Big Endian",
      "1.2.840.10008.1.2.1.99", "Deflated Explicit VR Little Endian");

  private static final Map<String, String> ENCAPSULATED = Map.ofEntries(
      Map.entry("1.2.840.10008.1.2.4.50", "JPEG Baseline (Process 1)"),
      Map.entry("1.2.840.10008.1.2.4.51", "JPEG Extended (Process 2 & 4)"),
      Map.entry("1.2.840.10008.1.2.4.57", "JPEG Lossless, Non-Hierarchical (Process 14)"),
      Map.entry("1.2.840.10008.1.2.4.70", "JPEG Lossless, Non-Hierarchical, First-Order Prediction (Process 14 SV1)"),
      Map.entry("1.2.840.10008.1.2.4.80", "JPEG-LS Lossless"),
      Map.entry("1.2.840.10008.1.2.4.81", "JPEG-LS Lossy (Near-Lossless)"),
      Map.entry("1.2.840.10008.1.2.4.90", "JPEG 2000 (Lossless Only)"),
      Map.entry("1.2.840.10008.1.2.4.91", "JPEG 2000"),
      Map.entry("1.2.840.10008.1.2.4.201", "High-Throughput JPEG 2000 (Lossless Only)"),
      Map.entry("1.2.840.10008.1.2.4.202", "High-Throughput JPEG 2000 with RPCL Options (Lossless Only)"),
      Map.entry("1.2.840.10008.1.2.4.203", "High-Throughput JPEG 2000"),
      Map.entry("1.2.840.10008.1.2.5", "RLE Lossless"),
      Map.entry("1.2.840.10008.1.2.4.100", "MPEG2 Main Profile / Main Level"),
      Map.entry("1.2.840.10008.1.2.4.102", "MPEG-4 AVC/H.264 High Profile"));

  private TransferSyntaxNames() {}

  /** Native (uncompressed) encodings; an empty UID means a file without meta header, read as implicit VR. */
  static boolean isNative(String uid) {
    return uid.isEmpty() || NATIVE.containsKey(uid);
  }

  static String describe(String uid) {
    String name = NATIVE.getOrDefault(uid, ENCAPSULATED.get(uid));
    return name == null ? "transfer syntax " + uid : name + " (" + uid + ")";
  }
}
