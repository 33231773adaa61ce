package org.neurojepa.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.Callable;
import org.neurojepa.fhir.report.ReportValidator;
import org.neurojepa.fhir.report.SequenceType;
import org.neurojepa.model.InferenceEngine;
import org.neurojepa.pacs.file.DicomDataset;
import org.neurojepa.pacs.file.DicomTag;
import org.neurojepa.preprocessing.Contrast;
import org.neurojepa.preprocessing.PreprocessOutcome;
import org.neurojepa.preprocessing.SeriesPreprocessing;
import org.neurojepa.preprocessing.convert.DicomSeries;
import org.neurojepa.preprocessing.convert.DirectoryScan;
import org.neurojepa.preprocessing.series.Classification;
import org.neurojepa.preprocessing.series.SeriesClassifier;
import org.neurojepa.service.config.PreprocessingProperties;
import org.neurojepa.service.pipeline.AnalysisComponents;
import org.neurojepa.service.pipeline.EmbeddingOutcome;
import org.neurojepa.service.model.ServedModel;
import org.neurojepa.service.pipeline.SeriesEmbedding;
import org.neurojepa.service.report.ComposedReport;
import org.neurojepa.service.report.ReportAssembly;
import org.neurojepa.service.report.SeriesOutcome;
import org.neurojepa.training.registry.ModelRegistry;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code neurojepa analyze}: the service's stages (classify → preprocess → embed → report) in this
 * process, without the network or the database, on one study's DICOM files. It calls the same
 * classes as the stage beans.
 */
@Command(name = "analyze", mixinStandardHelpOptions = true,
    description = "Classifies, preprocesses and embeds every series of one study under STUDY_DIR, prints what "
        + "it decided per series, and writes the FHIR R4 transaction Bundle of the report.")
public final class AnalyzeCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Parameters(index = "0", paramLabel = "STUDY_DIR", description = "Folder with the study's DICOM files (searched recursively).")
  Path studyDir;

  @Option(names = "--fhir-out", paramLabel = "FILE", description = "Where to write the transaction Bundle (JSON).")
  Path fhirOut;

  @Option(names = "--model-variant", defaultValue = "base",
      description = "base or tiny, for released or untrained weights (default: ${DEFAULT-VALUE}).")
  String variant;

  @Option(names = "--checkpoint", paramLabel = "PATH",
      description = "Our checkpoint directory or the released model.safetensors; without it the model is untrained.")
  Path checkpoint;

  @Option(names = "--seed", defaultValue = "0", description = "Seed of an untrained model (default: ${DEFAULT-VALUE}).")
  long seed;

  @Option(names = "--device", defaultValue = "AUTO", description = "AUTO, CPU or GPU (default: ${DEFAULT-VALUE}).")
  InferenceEngine.DevicePreference device;

  @Option(names = "--threads", defaultValue = "0", description = "CPU intra-op threads, 0 = PyTorch default.")
  int threads;

  @Option(names = "--artefacts", paramLabel = "DIR",
      description = "Keep the preprocessing artefacts and token features here (default: a temporary folder, removed).")
  Path artefacts;

  @Option(names = "--patient-identifier-system", defaultValue = "urn:neurojepa:patient-id",
      description = "Identifier system of the DICOM PatientID in the report (default: ${DEFAULT-VALUE}).")
  String patientIdentifierSystem;

  @Option(names = "--registry", paramLabel = "DIR",
      description = "Run the active version of this model registry (encoder and findings heads) instead of "
          + "--checkpoint/--model-variant.")
  Path registry;

  private ServedModel servedModel() throws IOException {
    if (registry != null) {
      ModelRegistry r = ModelRegistry.open(registry);
      String active = r.active().orElseThrow(() -> new IllegalArgumentException("registry " + registry
          + " has no active model version (neurojepa models promote)")).version();
      return ServedModel.fromRegistry(r, active, b -> b.device(device).cpuThreads(threads));
    }
    return ServedModel.encoderOnly(AnalysisComponents.engineBuilder(variant, checkpoint, seed, device, threads).build());
  }

  @Override
  public Integer call() {
    PrintWriter out = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    try {
      return analyze(out, err);
    } catch (IllegalArgumentException | IllegalStateException | IOException e) {
      err.println("analyze: " + e.getMessage());
      return 2;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      err.println("analyze: interrupted");
      return 2;
    } finally {
      out.flush();
      err.flush();
    }
  }

  private int analyze(PrintWriter out, PrintWriter err) throws IOException, InterruptedException {
    DirectoryScan scan = DirectoryScan.of(studyDir);
    if (scan.series().isEmpty()) {
      err.println("analyze: no DICOM image under " + studyDir);
      return 2;
    }
    List<String> studies = scan.series().stream()
        .map(s -> s.firstHeader().string(DicomTag.STUDY_INSTANCE_UID).orElse("")).distinct().toList();
    if (studies.size() != 1 || studies.get(0).isEmpty()) {
      err.println("analyze: " + studyDir + " holds " + studies.size() + " studies " + studies + "; give one study");
      return 2;
    }
    String studyUid = studies.get(0);
    boolean temporary = artefacts == null;
    Path root = temporary ? Files.createTempDirectory("neurojepa-analyze-") : artefacts;
    try {
      List<SeriesOutcome> outcomes = new ArrayList<>();
      SeriesClassifier classifier = new SeriesClassifier();
      SeriesPreprocessing preprocessing = null;
      ServedModel model = null;
      SeriesEmbedding embedding = null;
      try {
        for (DicomSeries series : scan.series()) {
          DicomDataset h = series.firstHeader();
          String uid = series.seriesInstanceUid();
          Optional<Integer> number = h.intValue(DicomTag.SERIES_NUMBER).isPresent()
              ? Optional.of(h.intValue(DicomTag.SERIES_NUMBER).getAsInt()) : Optional.empty();
          Optional<String> description = h.string(DicomTag.SERIES_DESCRIPTION);
          String modality = h.string(DicomTag.MODALITY).orElse("MR");
          int instances = series.files().size();
          String label = number.map(n -> "#" + n + " ").orElse("") + description.map(d -> "'" + d + "' ").orElse("")
              + uid;
          Classification c = classifier.classify(series);
          if (!c.isAccepted()) {
            String reason = SeriesOutcome.classificationRejection(c.rejection().orElseThrow().name(), c.explanation());
            out.printf("%s: rejected (%s)%n", label, reason);
            outcomes.add(SeriesOutcome.rejected(uid, number, description, modality, instances, reason));
            continue;
          }
          if (preprocessing == null) {
            preprocessing = new SeriesPreprocessing(AnalysisComponents.preprocessorSettings(
                new PreprocessingProperties("", "", Contrast.T1W, true)));
          }
          PreprocessOutcome p = preprocessing.preprocess(series, Contrast.valueOf(c.type().name()),
              root.resolve(uid).resolve("g1"));
          String qc = p.qc().map(q -> ", QC " + q).orElse("");
          if (!p.accepted()) {
            out.printf("%s: %s, refused at preprocessing (%s)%s%n", label, c.type().label(), p.reason().orElseThrow(), qc);
            outcomes.add(SeriesOutcome.rejected(uid, number, description, modality, instances, p.reason().orElseThrow()));
            continue;
          }
          if (model == null) {
            model = servedModel();
            embedding = new SeriesEmbedding(model);
          }
          EmbeddingOutcome e = embedding.embed(p.input(), p.artefacts().orElseThrow());
          out.printf(Locale.ROOT, "%s: %s%s%s, model %s %s (%.0f ms)%n", label, c.type().label(),
              c.postContrast() ? " post-contrast" : "", qc, e.modelName(), e.version().id(), e.millis());
          e.findings().forEach(f -> out.printf(Locale.ROOT, "    %s %.3f (operating point %.3f)%n", f.label(),
              f.probability(), f.operatingPoint()));
          outcomes.add(SeriesOutcome.kept(uid, number, description, modality, instances,
              SequenceType.valueOf(c.type().name()), p.qc().orElseThrow(), e.findings()));
        }
        if (model == null) {
          model = servedModel();
        }
        ReportAssembly assembly = new ReportAssembly(new ReportValidator(), patientIdentifierSystem);
        ComposedReport report = assembly.assemble(scan.series().get(0).firstHeader(), studyUid, outcomes,
            model.name(), model.version(), model.validated(), Optional.empty(), Instant.now());
        long used = outcomes.stream().filter(o -> o.kept().isPresent()).count();
        out.printf("report %s: %d of %d series used, %d validator warnings%n", report.identifier(), used,
            outcomes.size(), report.warnings().size());
        if (fhirOut != null) {
          Path parent = fhirOut.toAbsolutePath().getParent();
          Files.createDirectories(parent);
          Path part = parent.resolve("." + fhirOut.getFileName() + ".part");
          Files.writeString(part, report.bundleJson());
          Files.move(part, fhirOut, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
          out.println("wrote " + fhirOut);
        }
        return 0;
      } finally {
        if (model != null) {
          model.close();
        }
      }
    } finally {
      if (temporary) {
        deleteTree(root);
      }
    }
  }

  private static void deleteTree(Path dir) throws IOException {
    try (var walk = Files.walk(dir)) {
      for (Path p : walk.sorted(java.util.Comparator.reverseOrder()).toList()) {
        Files.deleteIfExists(p);
      }
    }
  }
}
