package org.neurojepa.pacs.internal.net;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.neurojepa.pacs.fixtures.DicomFileBuilder;
import org.neurojepa.pacs.fixtures.MrSeries;
import org.neurojepa.pacs.fixtures.Tool;

/**
 * The structural check accepts what dcmtk writes in every transfer syntax we accept, with nested
 * sequences of defined and undefined length, and refuses truncated data sets.
 */
class DatasetStructureTest {
  @TempDir Path tmp;

  /** A slice with a two-level sequence, written by our builder with defined lengths. */
  private Path withSequences() throws Exception {
    byte[] inner = item(element(0x0008, 0x0100, "SH", "T1"));
    byte[] innerSq = element(0x0040, 0xA043, "SQ", inner);
    byte[] outer = item(concat(element(0x0008, 0x1150, "UI", "1.2.840.10008.5.1.4.1.1.4"),
        element(0x0008, 0x1155, "UI", "1.2.3.4.5.6\0"), innerSq));
    DicomFileBuilder b = new MrSeries("PAT-SQ", 1, "T1", 16, 16).slice(0).putBytes(0x0008, 0x1140, "SQ", outer);
    return b.write(tmp.resolve("sq.dcm"));
  }

  private Path convert(Path in, String... options) {
    Path out = tmp.resolve(in.getFileName() + String.join("", options).replace('+', 'p').replace('-', 'm') + ".dcm");
    List<String> cmd = new java.util.ArrayList<>(List.of("dcmconv"));
    cmd.addAll(Arrays.asList(options));
    cmd.add(in.toString());
    cmd.add(out.toString());
    Tool.Result r = Tool.run(tmp, cmd);
    assertTrue(r.ok(), r.output());
    return out;
  }

  private static String ts(Path f) throws Exception {
    return DicomHeaderReader.read(f, false).transferSyntaxUid();
  }

  @Test
  void acceptsEveryAcceptedSyntaxWithDefinedAndUndefinedLengths() throws Exception {
    Path source = withSequences();
    DatasetStructure.verify(source, ts(source));
    for (String syntax : List.of("+te", "+ti", "+tb", "+td")) {
      for (String lengths : List.of("+e", "-e")) {
        Path f = convert(source, syntax, lengths, "+g");
        DatasetStructure.verify(f, ts(f));
      }
    }
  }

  @Test
  void refusesTruncatedDataSets() throws Exception {
    Path source = withSequences();
    for (String syntax : List.of("+te", "+ti", "+tb", "+td")) {
      Path f = convert(source, syntax, "-e", "+g");
      byte[] whole = Files.readAllBytes(f);
      for (int cut : new int[] {1, 7, 300, whole.length / 2}) {
        Path cutFile = Files.write(tmp.resolve("cut" + cut + syntax.substring(1) + ".dcm"), Arrays.copyOf(whole, whole.length - cut));
        String syntaxUid = ts(f);
        MalformedDicomException e = assertThrows(MalformedDicomException.class,
            () -> DatasetStructure.verify(cutFile, syntaxUid), "cut " + cut + " bytes of " + syntax);
        assertTrue(e.getMessage().contains("truncated") || e.getMessage().contains("cannot be read")
            || e.getMessage().contains("past the end"), e.getMessage());
      }
    }
  }

  private static byte[] item(byte[] content) {
    ByteBuffer b = ByteBuffer.allocate(8 + content.length).order(ByteOrder.LITTLE_ENDIAN);
    b.putShort((short) 0xFFFE).putShort((short) 0xE000).putInt(content.length).put(content);
    return b.array();
  }

  private static byte[] element(int group, int element, String vr, String value) {
    byte[] v = value.getBytes(StandardCharsets.US_ASCII);
    if (v.length % 2 == 1) {
      v = Arrays.copyOf(v, v.length + 1);
      v[v.length - 1] = ' ';
    }
    return element(group, element, vr, v);
  }

  private static byte[] element(int group, int element, String vr, byte[] value) {
    boolean longForm = vr.equals("SQ");
    ByteBuffer b = ByteBuffer.allocate((longForm ? 12 : 8) + value.length).order(ByteOrder.LITTLE_ENDIAN);
    b.putShort((short) group).putShort((short) element).put(vr.getBytes(StandardCharsets.US_ASCII));
    if (longForm) {
      b.putShort((short) 0).putInt(value.length);
    } else {
      b.putShort((short) value.length);
    }
    return b.put(value).array();
  }

  private static byte[] concat(byte[]... parts) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    for (byte[] p : parts) {
      out.writeBytes(p);
    }
    return out.toByteArray();
  }
}
