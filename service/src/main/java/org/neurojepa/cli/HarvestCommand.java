package org.neurojepa.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.Optional;
import java.util.concurrent.Callable;
import org.neurojepa.pacs.dicom.AeTitle;
import org.neurojepa.pacs.orthanc.OrthancClient;
import org.neurojepa.pacs.scu.DicomPeer;
import org.neurojepa.preprocessing.Contrast;
import org.neurojepa.preprocessing.PreprocessorSettings;
import org.neurojepa.service.config.PreprocessingProperties;
import org.neurojepa.service.pipeline.AnalysisComponents;
import org.neurojepa.training.harvest.ConsoleProgress;
import org.neurojepa.training.harvest.Harvest;
import org.neurojepa.training.harvest.HarvestException;
import org.neurojepa.training.harvest.HarvestSource;
import org.neurojepa.training.harvest.HarvestSummary;
import org.neurojepa.training.harvest.OrthancRestSource;
import org.neurojepa.training.harvest.QueryRetrieveSource;
import org.neurojepa.training.harvest.SiteSecret;
import org.neurojepa.training.harvest.StudySelection;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code neurojepa harvest}: archived MR studies (from Orthanc over REST, or from any PACS by
 * C-FIND and C-MOVE into a node of our own) → a dataset of model inputs with a manifest, made by
 * the service's own classification, preprocessing and QC.
 */
@Command(name = "harvest", mixinStandardHelpOptions = true, sortOptions = false,
    description = {
      "Builds a training dataset from the archive: selects MR studies (date range, body part), fetches each series "
          + "once, keeps T1w, T2w and FLAIR series that pass the service's preprocessing and QC, and writes their "
          + "96x108x96 model inputs to DATASET/shard-NNNN/ with DATASET/manifest.jsonl (pseudonymous patient, study, "
          + "series, sequence type, train/validation/test split per patient, SHA-256, QC); every other series goes to "
          + "DATASET/rejections.jsonl with its reason.",
      "Resumable: what the manifest and the rejection log list is never fetched again, so a second run fetches "
          + "nothing and an interrupted one continues. Patients are keyed by HMAC-SHA256 of the PatientID with the "
          + "site's secret: the environment variable NEUROJEPA_HARVEST_SECRET, or the secret file (default "
          + "DATASET.secret beside the dataset, created 0600 at the first run). Keep it for every later harvest.",
      "Exit 0 when every selected series is in the dataset or rejected (also when nothing matches), 1 when some "
          + "series failed (run again to retry them), 2 on bad input: the archive down, wrong credentials, an AE "
          + "title the PACS does not know, a dataset made with other settings."})
public final class HarvestCommand implements Callable<Integer> {
  @Option(names = "--out", required = true, paramLabel = "DATASET", description = "The dataset directory (created).")
  Path out;

  @ArgGroup(exclusive = true, multiplicity = "1", heading = "Where the archive is (one of):%n")
  Source source;

  /** Orthanc over REST, or a PACS by DICOM. */
  static final class Source {
    @ArgGroup(exclusive = false, heading = "Orthanc's REST API:%n")
    OrthancOptions orthanc;

    @ArgGroup(exclusive = false, heading = "A PACS by C-FIND and C-MOVE:%n")
    PacsOptions pacs;
  }

  static final class OrthancOptions {
    @Option(names = "--orthanc", required = true, paramLabel = "URL", description = "e.g. http://127.0.0.1:8042/")
    String url;

    @Option(names = "--orthanc-user", paramLabel = "USER", description = "HTTP Basic user.")
    String user;

    @Option(names = "--orthanc-password", paramLabel = "PASSWORD", defaultValue = "${env:NEUROJEPA_ORTHANC_PASSWORD}",
        description = "Its password (default: the environment variable NEUROJEPA_ORTHANC_PASSWORD).")
    String password;
  }

  static final class PacsOptions {
    @Option(names = "--pacs", required = true, paramLabel = "HOST:PORT", description = "The PACS's DICOM address.")
    String address;

    @Option(names = "--pacs-aet", required = true, paramLabel = "AE", description = "The PACS's AE title.")
    String aeTitle;

    @Option(names = "--local-aet", required = true, paramLabel = "AE",
        description = "Our AE title: the PACS must know it as a caller and as a move destination.")
    String localAeTitle;

    @Option(names = "--local-port", required = true, paramLabel = "PORT",
        description = "Where our node listens for what the PACS moves to us.")
    int localPort;

    @Option(names = "--local-bind", paramLabel = "ADDRESS", defaultValue = "0.0.0.0",
        description = "Our node's listening address (default ${DEFAULT-VALUE}; only the PACS's AE title may store).")
    String localBind;
  }

  @Option(names = "--from", paramLabel = "YYYYMMDD", description = "Studies dated from this day on.")
  String from;

  @Option(names = "--to", paramLabel = "YYYYMMDD", description = "Studies dated up to this day.")
  String to;

  @Option(names = "--body-part", paramLabel = "PART", description = "Only studies with series of this Body Part Examined (e.g. BRAIN, HEAD).")
  String bodyPart;

  @Option(names = "--limit", paramLabel = "N", defaultValue = "0",
      description = "At most N studies, the earliest first (default: all).")
  int limit;

  @Option(names = "--shard-size", paramLabel = "N", defaultValue = "1000",
      description = "Model inputs per shard folder (default ${DEFAULT-VALUE}).")
  int shardSize;

  @Option(names = "--secret-file", paramLabel = "FILE",
      description = "The pseudonym secret (default DATASET.secret beside the dataset; created 0600 when absent). "
          + "Not with NEUROJEPA_HARVEST_SECRET.")
  Path secretFile;

  @Option(names = "--train", defaultValue = "0.8", description = "Train fraction of the patients (default ${DEFAULT-VALUE}).")
  double train;

  @Option(names = "--validation", defaultValue = "0.1",
      description = "Validation fraction (default ${DEFAULT-VALUE}); the test split gets the rest.")
  double validation;

  @Option(names = "--split-seed", defaultValue = "0", description = "Seed of the patient split (default ${DEFAULT-VALUE}).")
  long splitSeed;

  @Option(names = "--scratch", paramLabel = "DIR",
      description = "Where fetched series wait, outside the dataset (default: the system's temporary folder).")
  Path scratch;

  @Option(names = "--template", paramLabel = "IMG", defaultValue = "${env:NEUROJEPA_PREPROCESSING_TEMPLATEIMAGE:-}",
      description = "Registration template, as the service's neurojepa.preprocessing.template-image (default: Colin27).")
  String templateImage;

  @Option(names = "--template-mask", paramLabel = "MASK", defaultValue = "${env:NEUROJEPA_PREPROCESSING_TEMPLATEBRAIN:-}",
      description = "Its brain, as neurojepa.preprocessing.template-brain.")
  String templateBrain;

  @Option(names = "--template-contrast", defaultValue = "${env:NEUROJEPA_PREPROCESSING_TEMPLATECONTRAST:-T1W}",
      description = "The template's contrast (default ${DEFAULT-VALUE}).")
  Contrast templateContrast;

  @Option(names = "--bias-correction", negatable = true, fallbackValue = "true",
      defaultValue = "${env:NEUROJEPA_PREPROCESSING_BIASCORRECTION:-true}",
      description = "Bias-field correction, as the service (default ${DEFAULT-VALUE}).")
  boolean biasCorrection;

  @Spec CommandSpec spec;

  @Override
  public Integer call() {
    PrintWriter console = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    try {
      StudySelection selection = new StudySelection(date(from, "--from"), date(to, "--to"),
          Optional.ofNullable(bodyPart), limit);
      SiteSecret secret = secret();
      PreprocessorSettings preprocessing = AnalysisComponents.preprocessorSettings(
          new PreprocessingProperties(templateImage, templateBrain, templateContrast, biasCorrection));
      console.println("harvest into " + out.toAbsolutePath().normalize() + "; pseudonym secret from " + secret.origin());
      try (HarvestSource archive = open()) {
        HarvestSummary summary = Harvest.builder(out, archive, preprocessing, secret.pseudonyms()).selection(selection)
            .splits(splitSeed, train, validation).shardSize(shardSize).scratchParent(scratch)
            .progress(new ConsoleProgress(console)).build().run();
        return summary.complete() ? 0 : 1;
      }
    } catch (HarvestException | IOException | IllegalArgumentException | IllegalStateException e) {
      err.println("harvest: " + e.getMessage());
      return 2;
    } finally {
      console.flush();
      err.flush();
    }
  }

  private HarvestSource open() throws HarvestException, IOException {
    if (source.orthanc != null) {
      OrthancOptions o = source.orthanc;
      OrthancClient.Builder b = OrthancClient.builder(o.url);
      if (o.user != null) {
        if (o.password == null) {
          throw new IllegalArgumentException("--orthanc-user needs --orthanc-password (or NEUROJEPA_ORTHANC_PASSWORD)");
        }
        b.credentials(o.user, o.password);
      }
      return new OrthancRestSource(b.build());
    }
    PacsOptions p = source.pacs;
    int colon = p.address.lastIndexOf(':');
    int port;
    try {
      port = Integer.parseInt(p.address.substring(colon + 1));
    } catch (NumberFormatException | IndexOutOfBoundsException e) {
      throw new IllegalArgumentException("--pacs takes HOST:PORT, got '" + p.address + "'");
    }
    if (colon < 1) {
      throw new IllegalArgumentException("--pacs takes HOST:PORT, got '" + p.address + "'");
    }
    InetAddress bind;
    try {
      bind = InetAddress.getByName(p.localBind);
    } catch (UnknownHostException e) {
      throw new IllegalArgumentException("--local-bind: unknown address '" + p.localBind + "'");
    }
    return QueryRetrieveSource.builder(DicomPeer.of(p.address.substring(0, colon), port, p.aeTitle),
        new AeTitle(p.localAeTitle)).localPort(p.localPort).bindAddress(bind).scratchParent(scratch).start();
  }

  private SiteSecret secret() throws IOException {
    String fromEnvironment = System.getenv(SiteSecret.ENVIRONMENT);
    if (fromEnvironment != null && !fromEnvironment.isBlank()) {
      if (secretFile != null) {
        throw new IllegalArgumentException("the secret comes from " + SiteSecret.ENVIRONMENT + " or --secret-file, not both");
      }
      return SiteSecret.fromEnvironmentValue(fromEnvironment);
    }
    return SiteSecret.fromFile(secretFile != null ? secretFile : SiteSecret.defaultFile(out), out);
  }

  private static Optional<LocalDate> date(String value, String option) {
    if (value == null) {
      return Optional.empty();
    }
    try {
      return Optional.of(LocalDate.parse(value.trim(),
          value.contains("-") ? DateTimeFormatter.ISO_LOCAL_DATE : DateTimeFormatter.BASIC_ISO_DATE));
    } catch (DateTimeParseException e) {
      throw new IllegalArgumentException(option + " takes a date as YYYYMMDD, got '" + value + "'");
    }
  }
}
