package org.neurojepa.preprocessing.series;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.neurojepa.preprocessing.convert.DicomSeries;
import org.neurojepa.preprocessing.convert.DirectoryScan;
import org.neurojepa.testkit.junit.ExternalProcess;

/** Header facts read from real files, including Enhanced MR that keeps timing in functional groups. */
class SeriesHeaderTest {
  @TempDir Path work;

  private DicomSeries write(String name, String specJson) throws Exception {
    Path script = work.resolve("make_series.py");
    if (!java.nio.file.Files.exists(script)) {
      try (var in = getClass().getResourceAsStream("/org/neurojepa/preprocessing/convert/make_series.py")) {
        java.nio.file.Files.copy(java.util.Objects.requireNonNull(in), script);
      }
    }
    Path spec = java.nio.file.Files.writeString(work.resolve(name + ".json"),
        specJson.replace("OUT", work.resolve(name).toString()));
    try (ExternalProcess p = ExternalProcess.start(name, List.of("/usr/bin/python3", script.toString(), spec.toString()), work)) {
      assertEquals(0, p.waitFor(java.time.Duration.ofMinutes(1)), p.output());
    }
    DirectoryScan scan = DirectoryScan.of(work.resolve(name));
    assertEquals(1, scan.series().size());
    return scan.series().get(0);
  }

  @Test
  void enhancedMrTimingComesFromFunctionalGroups() throws Exception {
    DicomSeries s = write("enhanced-flair", """
        {"out": "OUT", "source": "synthetic", "shape": [16, 20, 24], "multiframe": true, "enhanced_timing_only": true,
         "header": {"SeriesDescription": "", "ProtocolName": "", "ScanningSequence": ["SE", "IR"],
                    "RepetitionTime": 9000, "EchoTime": 81, "InversionTime": 2500}}
        """);
    assertTrue(s.firstHeader().doubles("RepetitionTime").length == 0, "TR must only be in the functional groups");
    SeriesHeader h = SeriesHeader.of(s.firstHeader(), 24, "");
    assertEquals(9000, h.repetitionTime());
    assertEquals(81, h.echoTime());
    assertEquals(2500, h.inversionTime());
    assertEquals(List.of("SE", "IR"), h.scanningSequence());
    Classification c = new SeriesClassifier().classify(s);
    assertEquals(SequenceType.FLAIR, c.type(), c.evidence().toString());
  }

  @Test
  void classicHeaderAndSliceCountFromFiles() throws Exception {
    DicomSeries s = write("classic-t2", """
        {"out": "OUT", "source": "synthetic", "shape": [16, 20, 24],
         "header": {"SeriesDescription": "Ax T2 FRFSE", "ScanningSequence": ["SE"], "SequenceVariant": ["SK"],
                    "MRAcquisitionType": "2D", "RepetitionTime": 4500, "EchoTime": 102, "InversionTime": null,
                    "ContrastBolusAgent": "Gadavist"}}
        """);
    Classification c = new SeriesClassifier().classify(s);
    assertEquals(SequenceType.T2W, c.type(), c.evidence().toString());
    assertTrue(c.postContrast());
    assertTrue(c.evidence().stream().anyMatch(e -> e.contains("ContrastBolusAgent=Gadavist")), c.evidence().toString());
  }
}
