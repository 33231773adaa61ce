package org.neurojepa.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import org.neurojepa.pacs.file.DicomTag;
import org.neurojepa.preprocessing.convert.DicomSeries;
import org.neurojepa.preprocessing.convert.DirectoryScan;
import org.neurojepa.preprocessing.convert.SeriesConverter;
import org.neurojepa.preprocessing.series.Classification;
import org.neurojepa.preprocessing.series.SeriesClassifier;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code neurojepa classify DIR}: one JSON object per line for every series found under DIR. */
@Command(
    name = "classify",
    mixinStandardHelpOptions = true,
    description = {
      "Finds the DICOM series under DIR (recursively, grouped by SeriesInstanceUID) and prints, one",
      "JSON object per line, whether each is T1w, T2w or FLAIR (post-contrast or not) or why it is",
      "rejected, with the confidence and the header evidence. Files that are not DICOM images are",
      "listed on standard error. Exit code 0, or 1 when DIR holds no series."
    })
public final class ClassifyCommand implements Callable<Integer> {
  private static final ObjectMapper JSON = new ObjectMapper();

  @Parameters(index = "0", paramLabel = "DIR", description = "Directory of DICOM files.")
  Path dir;

  @Option(names = "--min-slices", defaultValue = "" + SeriesClassifier.DEFAULT_MIN_SLICES,
      description = "Fewest images a usable series has (default ${DEFAULT-VALUE}).")
  int minSlices;

  @Spec CommandSpec spec;

  @Override
  public Integer call() throws IOException {
    PrintWriter out = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    DirectoryScan scan = DirectoryScan.of(dir);
    for (DirectoryScan.SkippedFile s : scan.skipped()) {
      err.println("skipped " + s.file() + ": " + s.reason());
    }
    SeriesClassifier classifier = new SeriesClassifier(minSlices);
    for (DicomSeries series : scan.series()) {
      out.println(JSON.writeValueAsString(toJson(series, classifier.classify(series))));
    }
    out.flush();
    err.flush();
    if (scan.series().isEmpty()) {
      err.println("no DICOM series under " + dir);
      return 1;
    }
    return 0;
  }

  static ObjectNode toJson(DicomSeries series, Classification c) {
    ObjectNode o = JSON.createObjectNode();
    o.put("seriesInstanceUid", series.seriesInstanceUid());
    series.firstHeader().intValue(DicomTag.SERIES_NUMBER).ifPresent(n -> o.put("seriesNumber", n));
    o.put("seriesDescription", series.firstHeader().string(DicomTag.SERIES_DESCRIPTION).orElse(""));
    o.put("files", series.files().size());
    o.put("images", SeriesConverter.frameCount(series.headers()));
    o.put("type", c.type().label());
    o.put("postContrast", c.postContrast());
    o.put("confidence", c.confidence());
    c.rejection().ifPresent(r -> o.put("rejection", r.name()));
    o.put("reason", c.explanation());
    ArrayNode evidence = o.putArray("evidence");
    c.evidence().forEach(evidence::add);
    return o;
  }
}
