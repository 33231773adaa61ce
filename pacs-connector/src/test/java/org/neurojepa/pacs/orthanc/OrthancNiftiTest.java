package org.neurojepa.pacs.orthanc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.neurojepa.pacs.orthanc.OrthancException.Kind;
import org.neurojepa.testkit.orthanc.OrthancServer;
import org.neurojepa.testkit.orthanc.SyntheticMrSeries;

/** A series as NIfTI through Orthanc's neuro plugin, and the error when the plugin is absent. */
class OrthancNiftiTest {
  @TempDir Path tmp;

  @Test
  void theNeuroPluginServesASeriesAsNifti() throws IOException {
    SyntheticMrSeries s = SyntheticMrSeries.builder().size(8, 6).slices(3).build();
    try (OrthancServer orthanc = OrthancServer.builder().plugin(OrthancServer.NEURO_PLUGIN).syncStorage(false).start();
        OrthancClient client = OrthancClient.builder(orthanc.baseUrl()).build()) {
      String seriesId = null;
      for (Path f : s.writeTo(tmp.resolve("s"))) {
        seriesId = client.upload(f).seriesId();
      }
      Path nii = client.downloadSeriesNifti(seriesId, tmp.resolve("series.nii"));
      ByteBuffer header = ByteBuffer.wrap(Files.readAllBytes(nii)).order(ByteOrder.LITTLE_ENDIAN);
      assertEquals(348, header.getInt(0), "sizeof_hdr");
      assertEquals(3, header.getShort(40), "dim[0]");
      // NIfTI's i runs along DICOM columns, j along rows, k across slices.
      assertEquals(6, header.getShort(42));
      assertEquals(8, header.getShort(44));
      assertEquals(3, header.getShort(46));
      // pixdim[8] starts at byte 76: 1 mm pixels, 1 mm between slices.
      assertEquals(1.0f, header.getFloat(76 + 4), 1e-4, "pixdim[1]");
      assertEquals(1.0f, header.getFloat(76 + 8), 1e-4, "pixdim[2]");
      assertEquals(1.0f, header.getFloat(76 + 12), 1e-4, "slice spacing pixdim[3]");
      assertEquals(352 + 6 * 8 * 3 * 2, Files.size(nii), "header, extension flag and 16-bit voxels");
    }
  }

  @Test
  void withoutThePluginTheRouteIsNotFound() {
    SyntheticMrSeries s = SyntheticMrSeries.builder().size(4, 4).slices(1).build();
    try (OrthancServer orthanc = OrthancServer.builder().syncStorage(false).start();
        OrthancClient client = OrthancClient.builder(orthanc.baseUrl()).build()) {
      String seriesId = client.upload(s.writeTo(tmp.resolve("s")).get(0)).seriesId();
      OrthancException e = assertThrows(OrthancException.class,
          () -> client.downloadSeriesNifti(seriesId, tmp.resolve("series.nii")));
      assertEquals(Kind.NOT_FOUND, e.kind());
      assertTrue(Files.notExists(tmp.resolve("series.nii")));
    }
  }
}
