package org.neurojepa.service.pipeline;

import ca.uhn.fhir.context.FhirContext;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import org.neurojepa.fhir.report.ReportValidator;
import org.neurojepa.model.InferenceEngine;
import org.neurojepa.model.NeuroJepaConfig;
import org.neurojepa.preprocessing.PreprocessorSettings;
import org.neurojepa.preprocessing.SeriesPreprocessing;
import org.neurojepa.preprocessing.registration.Template;
import org.neurojepa.service.audit.AuditEvents;
import org.neurojepa.service.config.FhirProperties;
import org.neurojepa.service.config.PreprocessingProperties;
import org.neurojepa.service.report.ReportAssembly;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Lazy;

/**
 * The analysis parts the stages share: preprocessing with its template, and the report assembly
 * with HAPI's validator. Each is built on first use (the validator takes seconds to load), so a
 * node that only receives starts fast. The model is ModelInstallation's.
 */
@Configuration(proxyBeanMethods = false)
public class AnalysisComponents {

  /** The encoder builder of {@code neurojepa analyze} (the service's model comes from ModelInstallation). */
  public static InferenceEngine.Builder engineBuilder(String variant, Path checkpoint, long seed,
      InferenceEngine.DevicePreference device, int cpuThreads) throws IOException {
    InferenceEngine.Builder b = InferenceEngine.builder().config(NeuroJepaConfig.named(variant)).seed(seed)
        .device(device).cpuThreads(cpuThreads);
    return checkpoint == null ? b : b.weights(checkpoint);
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

  /**
   * The service's one FHIR validator (building one takes seconds): reports are validated with it
   * before they are stored; it also knows the audit-action codes of the AuditEvent export.
   */
  @Bean
  @Lazy
  public ReportValidator reportValidator(FhirContext context) {
    return new ReportValidator(context, List.of(AuditEvents.actionCodeSystem()));
  }

  @Bean
  @Lazy
  public ReportAssembly reportAssembly(ReportValidator validator, FhirProperties fhir) {
    return new ReportAssembly(validator, fhir.patientIdentifierSystem());
  }
}
