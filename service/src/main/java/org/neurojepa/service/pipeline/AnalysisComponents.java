package org.neurojepa.service.pipeline;

import java.io.IOException;
import java.nio.file.Path;
import org.neurojepa.fhir.report.ReportValidator;
import org.neurojepa.model.InferenceEngine;
import org.neurojepa.model.NeuroJepaConfig;
import org.neurojepa.preprocessing.PreprocessorSettings;
import org.neurojepa.preprocessing.SeriesPreprocessing;
import org.neurojepa.preprocessing.registration.Template;
import org.neurojepa.service.config.FhirProperties;
import org.neurojepa.service.config.ModelProperties;
import org.neurojepa.service.config.PreprocessingProperties;
import org.neurojepa.service.report.ReportAssembly;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Lazy;

/**
 * The analysis parts the stages share: the one model, preprocessing with its template, and the
 * report assembly with HAPI's validator. Each is built on first use (the model and the validator
 * take seconds to load), so a node that only receives starts fast.
 */
@Configuration(proxyBeanMethods = false)
public class AnalysisComponents {

  @Bean(destroyMethod = "close")
  @Lazy
  public InferenceEngine inferenceEngine(ModelProperties p) throws IOException {
    return engineBuilder(p.variant(), p.checkpointDir().isBlank() ? null : Path.of(p.checkpointDir()), p.seed(),
        p.device(), p.cpuThreads()).build();
  }

  /** The builder both the service and {@code neurojepa analyze} use. */
  public static InferenceEngine.Builder engineBuilder(String variant, Path checkpoint, long seed,
      InferenceEngine.DevicePreference device, int cpuThreads) throws IOException {
    InferenceEngine.Builder b = InferenceEngine.builder().config(NeuroJepaConfig.named(variant)).seed(seed)
        .device(device).cpuThreads(cpuThreads);
    return checkpoint == null ? b : b.weights(checkpoint);
  }

  @Bean
  @Lazy
  public SeriesEmbedding seriesEmbedding(InferenceEngine engine) {
    return new SeriesEmbedding(engine);
  }

  @Bean
  @Lazy
  public SeriesPreprocessing seriesPreprocessing(PreprocessingProperties p) throws IOException {
    return new SeriesPreprocessing(preprocessorSettings(p));
  }

  public static PreprocessorSettings preprocessorSettings(PreprocessingProperties p) throws IOException {
    Template template;
    if (p.templateImage().isBlank()) {
      template = Template.colin27();
    } else {
      if (p.templateBrain().isBlank()) {
        throw new IllegalArgumentException("neurojepa.preprocessing.template-brain is required with template-image");
      }
      template = Template.load(Path.of(p.templateImage()).getFileName().toString(), Path.of(p.templateImage()),
          Path.of(p.templateBrain()), p.templateContrast());
    }
    return PreprocessorSettings.builder(template).biasCorrection(p.biasCorrection()).build();
  }

  @Bean
  @Lazy
  public ReportAssembly reportAssembly(FhirProperties fhir) {
    return new ReportAssembly(new ReportValidator(), fhir.patientIdentifierSystem());
  }
}
