package org.neurojepa.pacs.file;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.neurojepa.testkit.junit.ExternalProcess;

/** Reads files written by pydicom and dcmtk: headers, pixel values, multi-frame, and every refusal. */
class DicomFileTest {
  @TempDir static Path dir;

  /** A 4×3 MR image, signed 12-bit stored values, slope 2 and intercept -10. */
  private static final String WRITE = """
      import sys, numpy as np, pydicom
      from pydicom.dataset import Dataset, FileDataset, FileMetaDataset
      from pydicom.uid import ExplicitVRLittleEndian, generate_uid
      out, frames = sys.argv[1], int(sys.argv[2])
      meta = FileMetaDataset(); meta.MediaStorageSOPClassUID = '1.2.840.10008.5.1.4.1.1.4'
      meta.TransferSyntaxUID = ExplicitVRLittleEndian
      ds = FileDataset(None, {}, file_meta=meta, preamble=b'\\0' * 128)
      ds.is_little_endian = True; ds.is_implicit_VR = False
      ds.SOPClassUID = meta.MediaStorageSOPClassUID; ds.SOPInstanceUID = generate_uid()
      meta.MediaStorageSOPInstanceUID = ds.SOPInstanceUID
      ds.Modality = 'MR'; ds.SeriesDescription = 't1_mprage_sag'; ds.ImageType = ['ORIGINAL', 'PRIMARY', 'M', 'ND']
      ds.SeriesInstanceUID = '1.2.3.4'; ds.ImagePositionPatient = [-90.5, 12.25, 3]
      ds.ImageOrientationPatient = [1, 0, 0, 0, 1, 0]; ds.PixelSpacing = [0.9, 1.1]
      ds.RepetitionTime = 2300; ds.add_new(0x00180082, 'DS', 900); ds.add_new(0x00180087, 'DS', 3)
      ds.RescaleSlope = 2; ds.RescaleIntercept = -10
      ds.SamplesPerPixel = 1; ds.PhotometricInterpretation = 'MONOCHROME2'
      ds.Rows, ds.Columns = 3, 4; ds.BitsAllocated = 16; ds.BitsStored = 12; ds.HighBit = 11; ds.PixelRepresentation = 1
      seq = Dataset(); seq.PixelSpacing = [0.5, 0.5]; ds.SharedFunctionalGroupsSequence = [Dataset()]
      ds.SharedFunctionalGroupsSequence[0].PixelMeasuresSequence = [seq]
      v = np.arange(12 * frames, dtype=np.int16).reshape(frames, 3, 4) - 5
      raw = (v.astype(np.int32) & 0x0FFF).astype(np.uint16)   # 12-bit two's complement, upper bits zero
      if frames > 1: ds.NumberOfFrames = frames
      ds.PixelData = raw.tobytes()
      ds.save_as(out, write_like_original=False)
      """;

  private static Path mr;
  private static Path multiFrame;

  @BeforeAll
  static void writeFiles() throws IOException {
    mr = python(dir.resolve("mr.dcm"), 1);
    multiFrame = python(dir.resolve("mf.dcm"), 3);
  }

  private static Path python(Path out, int frames) throws IOException {
    Path script = dir.resolve("write.py");
    Files.writeString(script, WRITE);
    ExternalProcess p = ExternalProcess.start("python", List.of("/usr/bin/python3", script.toString(), out.toString(),
        Integer.toString(frames)), dir);
    try (p) {
      assertEquals(0, p.waitFor(Duration.ofSeconds(60)), p.output());
    }
    return out;
  }

  @Test
  void readsHeaderValuesByTagAndKeyword() throws IOException {
    DicomDataset ds = DicomFile.read(mr);
    assertEquals("t1_mprage_sag", ds.string(DicomTag.SERIES_DESCRIPTION).orElseThrow());
    assertEquals("t1_mprage_sag", ds.string("SeriesDescription").orElseThrow());
    assertEquals(List.of("ORIGINAL", "PRIMARY", "M", "ND"), ds.strings(DicomTag.IMAGE_TYPE));
    assertArrayEquals(new double[] {-90.5, 12.25, 3}, ds.doubles("ImagePositionPatient"));
    assertEquals(900, ds.doubleValue(DicomTag.INVERSION_TIME).orElseThrow());
    assertEquals(3, ds.doubleValue(DicomTag.MAGNETIC_FIELD_STRENGTH).orElseThrow());
    assertEquals(12, ds.intValue(DicomTag.BITS_STORED).orElseThrow());
    assertEquals("1.2.840.10008.1.2.1", ds.transferSyntaxUid());
    DicomDataset measures = ds.item(DicomTag.SHARED_FUNCTIONAL_GROUPS_SEQUENCE).orElseThrow()
        .item(DicomTag.PIXEL_MEASURES_SEQUENCE).orElseThrow();
    assertArrayEquals(new double[] {0.5, 0.5}, measures.doubles(DicomTag.PIXEL_SPACING));
    assertTrue(ds.string(DicomTag.CONTRAST_BOLUS_AGENT).isEmpty());
  }

  @Test
  void decodesSignedTwelveBitPixelsAndRescales() throws IOException {
    PixelData px = DicomFile.read(mr).pixelData().orElseThrow();
    assertEquals(3, px.rows());
    assertEquals(4, px.columns());
    assertEquals(-5, px.stored(0, 0, 0));
    assertEquals(6, px.stored(0, 2, 3));
    float[] physical = px.frame(0, 2, -10);
    assertEquals(-20f, physical[0]);
    assertEquals(2f, physical[11]);
    assertArrayEquals(physical, DicomFile.read(mr).physicalFrame(0));
    assertArrayEquals(new double[] {2, -10}, DicomFile.read(mr).rescale(0));
  }

  @Test
  void readsAllFramesOfAMultiFrameImage() throws IOException {
    PixelData px = DicomFile.read(multiFrame).pixelData().orElseThrow();
    assertEquals(3, px.frames());
    assertEquals(-5 + 12, px.stored(1, 0, 0));
    assertEquals(30, px.stored(2, 2, 3));
  }

  @org.junit.jupiter.params.ParameterizedTest(name = "{0}")
  @org.junit.jupiter.params.provider.ValueSource(strings = {"+ti", "+te", "+tb", "+td"})
  void readsEveryNativeTransferSyntaxAlike(String dcmconvOption) throws IOException {
    for (Path original : List.of(mr, multiFrame)) {
      Path converted = dir.resolve(original.getFileName() + dcmconvOption.replace('+', '-') + ".dcm");
      assertEquals(0, ExternalProcess.run("dcmconv", List.of("dcmconv", dcmconvOption, original.toString(),
          converted.toString()), dir, Duration.ofSeconds(30)));
      DicomDataset a = DicomFile.read(original);
      DicomDataset b = DicomFile.read(converted);
      assertEquals(a.strings(DicomTag.SERIES_DESCRIPTION), b.strings(DicomTag.SERIES_DESCRIPTION));
      assertEquals(a.strings(DicomTag.IMAGE_TYPE), b.strings(DicomTag.IMAGE_TYPE));
      assertArrayEquals(a.doubles(DicomTag.IMAGE_POSITION_PATIENT), b.doubles(DicomTag.IMAGE_POSITION_PATIENT));
      assertEquals(a.intValue(DicomTag.BITS_STORED), b.intValue(DicomTag.BITS_STORED));
      assertEquals(a.doubleValue(DicomTag.INVERSION_TIME), b.doubleValue(DicomTag.INVERSION_TIME));
      assertArrayEquals(new double[] {0.5, 0.5}, b.item(DicomTag.SHARED_FUNCTIONAL_GROUPS_SEQUENCE).orElseThrow()
          .item(DicomTag.PIXEL_MEASURES_SEQUENCE).orElseThrow().doubles(DicomTag.PIXEL_SPACING));
      PixelData pa = a.pixelData().orElseThrow(), pb = b.pixelData().orElseThrow();
      assertEquals(pa.frames(), pb.frames());
      for (int f = 0; f < pa.frames(); f++) {
        assertArrayEquals(pa.frame(f, 1, 0), pb.frame(f, 1, 0));
      }
    }
  }

  @Test
  void headerOnlyReadSkipsPixels() throws IOException {
    DicomDataset ds = DicomFile.readHeader(mr);
    assertFalse(ds.pixelData().isPresent());
    assertEquals("1.2.3.4", ds.string(DicomTag.SERIES_INSTANCE_UID).orElseThrow());
  }

  @Test
  void refusesAFileThatIsNotDicom() throws IOException {
    Path text = Files.writeString(dir.resolve("notes.txt"), "this is not a DICOM file at all, just some text\n".repeat(5));
    DicomFileException e = assertThrows(DicomFileException.class, () -> DicomFile.read(text));
    assertEquals(DicomFileException.Reason.NOT_DICOM, e.reason());
    Path empty = Files.write(dir.resolve("empty.dcm"), new byte[0]);
    assertEquals(DicomFileException.Reason.NOT_DICOM,
        assertThrows(DicomFileException.class, () -> DicomFile.read(empty)).reason());
  }

  @Test
  void refusesATruncatedFile() throws IOException {
    byte[] all = Files.readAllBytes(mr);
    Path cut = Files.write(dir.resolve("cut.dcm"), java.util.Arrays.copyOf(all, all.length - 7));
    DicomFileException e = assertThrows(DicomFileException.class, () -> DicomFile.read(cut));
    assertEquals(DicomFileException.Reason.TRUNCATED, e.reason(), e.getMessage());
    Path cutHeader = Files.write(dir.resolve("cut-header.dcm"), java.util.Arrays.copyOf(all, 300));
    DicomFileException e2 = assertThrows(DicomFileException.class, () -> DicomFile.read(cutHeader));
    assertEquals(DicomFileException.Reason.TRUNCATED, e2.reason(), e2.getMessage());
  }

  @Test
  void refusesAnImageWithoutPixelData() throws IOException {
    Path noPixels = dir.resolve("nopixels.dcm");
    ExternalProcess p = ExternalProcess.start("dcmodify",
        List.of("dcmodify", "-nb", "-ea", "(7fe0,0010)", "-of", "", "-o", noPixels.toString(), mr.toString()), dir);
    try (p) {
      p.waitFor(Duration.ofSeconds(30));
    }
    if (!Files.exists(noPixels)) {
      Files.copy(mr, noPixels);
      assertEquals(0, ExternalProcess.run("dcmodify", List.of("dcmodify", "-nb", "-ea", "(7fe0,0010)",
          noPixels.toString()), dir, Duration.ofSeconds(30)));
    }
    DicomFileException e = assertThrows(DicomFileException.class, () -> DicomFile.read(noPixels));
    assertEquals(DicomFileException.Reason.NO_PIXEL_DATA, e.reason());
    assertEquals("t1_mprage_sag", DicomFile.readHeader(noPixels).string(DicomTag.SERIES_DESCRIPTION).orElseThrow());
  }

  @Test
  void namesTheCompressedTransferSyntaxItCannotDecode() throws IOException {
    Path jpeg = dir.resolve("jpeg-lossless.dcm");
    assertEquals(0, ExternalProcess.run("dcmcjpeg", List.of("dcmcjpeg", "+e1", mr.toString(), jpeg.toString()), dir,
        Duration.ofSeconds(30)));
    DicomFileException e = assertThrows(DicomFileException.class, () -> DicomFile.read(jpeg));
    assertEquals(DicomFileException.Reason.UNSUPPORTED_TRANSFER_SYNTAX, e.reason(), e.getMessage());
    assertTrue(e.getMessage().contains("JPEG Lossless"), e.getMessage());
    assertTrue(e.getMessage().contains("1.2.840.10008.1.2.4.70"), e.getMessage());
    // The header of the same file is still readable: classification does not need the pixels.
    assertEquals("t1_mprage_sag", DicomFile.readHeader(jpeg).string(DicomTag.SERIES_DESCRIPTION).orElseThrow());
  }
}
