package org.neurojepa.preprocessing;

import java.util.EnumMap;
import java.util.EnumSet;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import org.neurojepa.preprocessing.bias.BiasFieldOptions;
import org.neurojepa.preprocessing.qc.QcThresholds;
import org.neurojepa.preprocessing.registration.Metric;
import org.neurojepa.preprocessing.registration.RegistrationOptions;
import org.neurojepa.preprocessing.registration.Template;

/** Everything {@link Preprocessor} can be told; build with {@link #builder(Template)}. */
public final class PreprocessorSettings {
  private final Template template;
  private final boolean biasCorrection;
  private final BiasFieldOptions bias;
  private final RegistrationOptions registration;
  private final Map<Contrast, Metric> metrics;
  private final Set<Contrast> rotationSearch;
  private final Map<Contrast, QcThresholds> qc;

  private PreprocessorSettings(Builder b) {
    this.template = b.template;
    this.biasCorrection = b.biasCorrection;
    this.bias = b.bias;
    this.registration = b.registration;
    this.metrics = Map.copyOf(b.metrics);
    this.rotationSearch = Set.copyOf(b.rotationSearch);
    this.qc = Map.copyOf(b.qc);
  }

  /**
   * Defaults: bias correction on (N4-like, 4 mm grid, degree 3); registration 4/2/1 mm; metric
   * correlation ratio when the scan's contrast is the template's, else Mattes MI; rotation search
   * ±90° for T2w and FLAIR (as the release); QC thresholds from {@link QcThresholds#defaults}.
   */
  public static Builder builder(Template template) {
    return new Builder(template);
  }

  public Template template() {
    return template;
  }

  public boolean biasCorrection() {
    return biasCorrection;
  }

  public BiasFieldOptions bias() {
    return bias;
  }

  /** Registration options for a contrast: the configured metric (or the automatic choice) and rotation search. */
  public RegistrationOptions registration(Contrast contrast) {
    Metric m = metrics.getOrDefault(contrast,
        contrast == template.contrast() ? Metric.CORRELATION_RATIO : Metric.MUTUAL_INFORMATION);
    return registration.withMetric(m).withRotationSearch(rotationSearch.contains(contrast));
  }

  public QcThresholds qc(Contrast contrast) {
    return qc.getOrDefault(contrast, QcThresholds.defaults(contrast, template.contrast()));
  }

  public static final class Builder {
    private final Template template;
    private boolean biasCorrection = true;
    private BiasFieldOptions bias = BiasFieldOptions.defaults();
    private RegistrationOptions registration = RegistrationOptions.defaults();
    private final Map<Contrast, Metric> metrics = new EnumMap<>(Contrast.class);
    private final Set<Contrast> rotationSearch = EnumSet.of(Contrast.T2W, Contrast.FLAIR);
    private final Map<Contrast, QcThresholds> qc = new EnumMap<>(Contrast.class);

    private Builder(Template template) {
      this.template = Objects.requireNonNull(template, "template");
    }

    public Builder biasCorrection(boolean on) {
      this.biasCorrection = on;
      return this;
    }

    public Builder bias(BiasFieldOptions options) {
      this.bias = Objects.requireNonNull(options);
      return this;
    }

    /** Levels, samples, iterations, bins and seed; metric and rotation search are set per contrast. */
    public Builder registration(RegistrationOptions options) {
      this.registration = Objects.requireNonNull(options);
      return this;
    }

    public Builder metric(Contrast contrast, Metric metric) {
      metrics.put(contrast, Objects.requireNonNull(metric));
      return this;
    }

    public Builder rotationSearch(Contrast contrast, boolean on) {
      if (on) {
        rotationSearch.add(contrast);
      } else {
        rotationSearch.remove(contrast);
      }
      return this;
    }

    public Builder qc(Contrast contrast, QcThresholds thresholds) {
      qc.put(contrast, Objects.requireNonNull(thresholds));
      return this;
    }

    public PreprocessorSettings build() {
      return new PreprocessorSettings(this);
    }
  }
}
