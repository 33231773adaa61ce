package org.neurojepa.training.harvest;

import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.HexFormat;
import java.util.Optional;
import org.neurojepa.pacs.orthanc.OrthancClient;
import org.neurojepa.preprocessing.PreprocessorSettings;
import org.neurojepa.preprocessing.registration.Template;

/**
 * A harvest in a JVM of its own, for {@link HarvestOrthancTest} to kill in the middle:
 * {@code HarvestRun ORTHANC_URL USER PASSWORD DATASET SECRET_HEX FROM TO SHARD_SIZE SEED TRAIN VALIDATION}.
 */
public final class HarvestRun {
  private HarvestRun() {}

  public static void main(String[] args) throws Exception {
    PrintWriter out = new PrintWriter(System.out, true, StandardCharsets.UTF_8);
    try (OrthancRestSource source = new OrthancRestSource(
        OrthancClient.builder(args[0]).credentials(args[1], args[2]).build())) {
      Harvest.builder(Path.of(args[3]), source, PreprocessorSettings.builder(Template.colin27()).build(),
              new PatientPseudonyms(HexFormat.of().parseHex(args[4])))
          .selection(new StudySelection(Optional.of(LocalDate.parse(args[5])), Optional.of(LocalDate.parse(args[6])),
              Optional.empty(), 0))
          .shardSize(Integer.parseInt(args[7]))
          .splits(Long.parseLong(args[8]), Double.parseDouble(args[9]), Double.parseDouble(args[10]))
          .progress(new ConsoleProgress(out))
          .build().run();
    }
  }
}
