package org.neurojepa.pacs.dicom;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.neurojepa.pacs.fixtures.MrSeries;
import org.neurojepa.pacs.fixtures.Tool;
import org.neurojepa.pacs.store.InstanceRejection;
import org.neurojepa.pacs.store.InstanceStoredListener;
import org.neurojepa.pacs.store.StoreOutcome;
import org.neurojepa.pacs.store.StoredInstance;

/** C-STORE edge cases with dcmtk's storescu: transfer syntaxes, malformed instances, resends, full disk. */
class DicomNodeStoreTest {
  @TempDir Path tmp;

  private final List<String> outcomes = new CopyOnWriteArrayList<>();
  private final List<InstanceRejection> rejections = new CopyOnWriteArrayList<>();
  private final List<AssociationEvent> associations = new CopyOnWriteArrayList<>();

  private DicomNode node(long watermark) throws Exception {
    DicomNodeConfig config = DicomNodeConfig.builder().aeTitle("NEUROJEPA").port(0)
        .storageDirectory(tmp.resolve("store")).freeDiskWatermarkBytes(watermark).build();
    return DicomNode.builder(config)
        .instanceStoredListener(new InstanceStoredListener() {
          @Override
          public void instanceStored(StoredInstance instance, StoreOutcome outcome) {
            outcomes.add(instance.sopInstanceUid() + "=" + outcome);
          }

          @Override
          public void instanceRejected(InstanceRejection rejection) {
            rejections.add(rejection);
          }
        })
        .associationListener(new AssociationListener() {
          @Override
          public void accepted(AssociationEvent event) {
            associations.add(event);
          }

          @Override
          public void rejected(AssociationEvent event) {}
        })
        .build()
        .start();
  }

  private Tool.Result storescu(DicomNode node, List<String> options, List<Path> files) {
    List<String> cmd = new ArrayList<>(List.of("storescu", "-v", "-aet", "SCANNER1", "-aec", "NEUROJEPA"));
    cmd.addAll(options);
    cmd.add("127.0.0.1");
    cmd.add(Integer.toString(node.port()));
    files.forEach(f -> cmd.add(f.toString()));
    return Tool.run(tmp, cmd);
  }

  private Path convert(Path in, String tsOption) {
    Path out = in.resolveSibling(in.getFileName() + tsOption.replace('+', '_') + ".dcm");
    Tool.Result r = Tool.run(tmp, "dcmconv", tsOption, in.toString(), out.toString());
    assertTrue(r.ok(), r.output());
    return out;
  }

  @Test
  void bigEndianAndDeflatedAreAcceptedAndStoredAsSent() throws Exception {
    MrSeries series = new MrSeries("PAT-TS", 1, "T2", 32, 32);
    List<Path> plain = series.write(tmp.resolve("in"), 2);
    Path big = convert(plain.get(0), "+tb");
    Path deflated = convert(plain.get(1), "+td");
    try (DicomNode node = node(0)) {
      Tool.Result r1 = storescu(node, List.of("-xb"), List.of(big));
      assertTrue(r1.ok(), r1.output());
      Tool.Result r2 = storescu(node, List.of("-xd"), List.of(deflated));
      assertTrue(r2.ok(), r2.output());
      StoredInstance b = node.store().instance(series.sopInstanceUid(0)).orElseThrow();
      StoredInstance d = node.store().instance(series.sopInstanceUid(1)).orElseThrow();
      assertEquals(TransferSyntax.EXPLICIT_VR_BIG_ENDIAN.uid(), b.transferSyntaxUid());
      assertEquals(TransferSyntax.DEFLATED_EXPLICIT_VR_LITTLE_ENDIAN.uid(), d.transferSyntaxUid());
      for (StoredInstance s : List.of(b, d)) {
        Tool.Result dump = Tool.run(tmp, "dcmdump", "+P", "0020,000e", "+P", "0002,0010", s.path().toString());
        assertTrue(dump.ok() && dump.output().contains(series.seriesUid()), dump.output());
      }
      Tool.Result py = Tool.run(tmp, "/usr/bin/python3", "-c",
          "import sys, pydicom\n"
              + "for f in sys.argv[1:]:\n"
              + "    ds = pydicom.dcmread(f)\n"
              + "    assert ds.pixel_array.shape == (32, 32), ds.pixel_array.shape\n"
              + "    print(ds.SOPInstanceUID, ds.file_meta.TransferSyntaxUID)\n",
          b.path().toString(), d.path().toString());
      assertTrue(py.ok(), py.output());
    }
  }

  @Test
  void compressedOnlyProposalIsRejectedAtNegotiation() throws Exception {
    MrSeries series = new MrSeries("PAT-JPEG", 1, "T1", 32, 32);
    Path plain = series.write(tmp.resolve("in"), 1).get(0);
    Path jpeg = tmp.resolve("in").resolve("jpeg-lossless.dcm");
    Tool.Result c = Tool.run(tmp, "dcmcjpeg", "+e1", plain.toString(), jpeg.toString());
    assertTrue(c.ok(), c.output());
    // storescu's own options always add the uncompressed syntaxes; a profile proposes JPEG Lossless alone
    Path profile = Files.writeString(tmp.resolve("jpeg-only.cfg"), String.join("\n",
        "[[TransferSyntaxes]]", "[JpegLossless]", "TransferSyntax1 = 1.2.840.10008.1.2.4.70", "",
        "[[PresentationContexts]]", "[MrJpegOnly]",
        "PresentationContext1 = " + MrSeries.MR_IMAGE_STORAGE + "\\JpegLossless", "",
        "[[Profiles]]", "[JpegOnly]", "PresentationContexts = MrJpegOnly", ""));
    try (DicomNode node = node(0)) {
      Tool.Result only = storescu(node, List.of("--config-file", profile.toString(), "JpegOnly"), List.of(jpeg));
      assertFalse(only.ok(), only.output());
      assertTrue(only.output().contains("No Acceptable Presentation Contexts"), only.output());
      assertEquals(0, node.store().size());
      // JPEG Lossless proposed next to the uncompressed syntaxes (one context each): the JPEG
      // context is rejected, an uncompressed one accepted, and the instance arrives uncompressed
      Tool.Result mixed = storescu(node, List.of("-xs", "-d"), List.of(plain));
      assertTrue(mixed.ok(), mixed.output());
      String ac = mixed.output().substring(mixed.output().indexOf("BEGIN A-ASSOCIATE-AC"));
      assertTrue(java.util.regex.Pattern.compile(
          "\\(Transfer Syntaxes Not Supported\\)\\s+D:\\s+Abstract Syntax: =MRImageStorage").matcher(ac).find(), ac);
      assertTrue(java.util.regex.Pattern.compile(
          "\\(Accepted\\)\\s+D:\\s+Abstract Syntax: =MRImageStorage").matcher(ac).find(), ac);
      assertEquals(TransferSyntax.EXPLICIT_VR_LITTLE_ENDIAN.uid(),
          node.store().instance(series.sopInstanceUid(0)).orElseThrow().transferSyntaxUid());
    }
  }

  @Test
  void malformedInstancesFailWhileTheAssociationGoesOn() throws Exception {
    MrSeries series = new MrSeries("PAT-BAD", 2, "FLAIR", 16, 16);
    Path in = tmp.resolve("in");
    Path good1 = series.slice(0).write(in.resolve("good1.dcm"));
    Path noSeries = series.slice(1).remove(0x0020, 0x000E).write(in.resolve("no-series.dcm"));
    Path badUid = series.slice(2).put(0x0008, 0x0018, "UI", "1.2.3.ABC").write(in.resolve("bad-uid.dcm"));
    Path good2 = series.slice(3).write(in.resolve("good2.dcm"));
    try (DicomNode node = node(0)) {
      Tool.Result r = storescu(node, List.of("-nh"), List.of(good1, noSeries, badUid, good2));
      assertEquals(1, associations.size(), "one association for all four files:\n" + r.output());
      assertEquals(2, node.store().size(), r.output());
      assertTrue(node.store().instance(series.sopInstanceUid(0)).isPresent());
      assertTrue(node.store().instance(series.sopInstanceUid(3)).isPresent());
      assertEquals(2, rejections.size(), rejections.toString());
      for (InstanceRejection rej : rejections) {
        assertEquals(DicomStatus.CANNOT_UNDERSTAND, rej.status());
      }
      assertTrue(rejections.get(0).reason().contains("Series Instance UID"), rejections.get(0).reason());
      assertTrue(rejections.get(1).reason().contains("not a valid UID"), rejections.get(1).reason());
      assertEquals(2, count(r.output(), "Error: CannotUnderstand"), r.output());
      assertEquals(2, count(r.output(), "Received Store Response (Success)"), r.output());
      assertIncomingEmpty();
    }
  }

  @Test
  void resendIsIdempotentAndChangedContentReplaces() throws Exception {
    MrSeries series = new MrSeries("PAT-DUP", 4, "T1", 16, 16);
    Path first = series.slice(0).write(tmp.resolve("a/IMG1.dcm"));
    Path changed = series.slice(0).put(0x0008, 0x103E, "LO", "T1 corrected").write(tmp.resolve("b/IMG1.dcm"));
    try (DicomNode node = node(0)) {
      assertTrue(storescu(node, List.of(), List.of(first)).ok());
      StoredInstance original = node.store().instance(series.sopInstanceUid(0)).orElseThrow();
      byte[] originalBytes = Files.readAllBytes(original.path());
      assertTrue(storescu(node, List.of(), List.of(first)).ok());
      assertEquals(1, node.store().size());
      assertTrue(Arrays.equals(originalBytes, Files.readAllBytes(original.path())));
      assertTrue(storescu(node, List.of(), List.of(changed)).ok());
      assertEquals(1, node.store().size());
      StoredInstance replaced = node.store().instance(series.sopInstanceUid(0)).orElseThrow();
      assertEquals("T1 corrected", replaced.seriesDescription());
      assertNotEquals(Arrays.hashCode(originalBytes), Arrays.hashCode(Files.readAllBytes(replaced.path())));
      String uid = series.sopInstanceUid(0);
      assertEquals(List.of(uid + "=STORED", uid + "=DUPLICATE", uid + "=REPLACED"), outcomes);
      try (Stream<Path> files = Files.walk(tmp.resolve("store"))) {
        assertEquals(1, files.filter(p -> p.toString().endsWith(".dcm")).count());
      }
    }
  }

  @Test
  void belowTheWatermarkTheNodeAnswersOutOfResourcesAndStoresNothing() throws Exception {
    MrSeries series = new MrSeries("PAT-FULL", 1, "T1", 16, 16);
    List<Path> files = series.write(tmp.resolve("in"), 2);
    try (DicomNode node = node(Long.MAX_VALUE)) {
      Tool.Result r = storescu(node, List.of("-nh"), files);
      assertEquals(2, count(r.output(), "Refused: OutOfResources"), r.output());
      assertEquals(0, node.store().size());
      assertEquals(2, rejections.size());
      assertEquals(DicomStatus.OUT_OF_RESOURCES, rejections.get(0).status());
      assertTrue(rejections.get(0).reason().contains("watermark"), rejections.get(0).reason());
      try (Stream<Path> stored = Files.walk(tmp.resolve("store"))) {
        assertEquals(0, stored.filter(Files::isRegularFile).count());
      }
    }
  }

  private void assertIncomingEmpty() throws Exception {
    try (Stream<Path> left = Files.list(tmp.resolve("store").resolve(".incoming"))) {
      assertEquals(0, left.count(), "temporary files left in .incoming");
    }
  }

  private static int count(String haystack, String needle) {
    int n = 0;
    for (int i = haystack.indexOf(needle); i >= 0; i = haystack.indexOf(needle, i + 1)) {
      n++;
    }
    return n;
  }
}
