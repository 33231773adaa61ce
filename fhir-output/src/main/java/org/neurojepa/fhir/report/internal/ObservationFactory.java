package org.neurojepa.fhir.report.internal;

import java.util.Date;
import java.util.Locale;
import org.hl7.fhir.r4.model.CodeableConcept;
import org.hl7.fhir.r4.model.DateTimeType;
import org.hl7.fhir.r4.model.Identifier;
import org.hl7.fhir.r4.model.Observation;
import org.hl7.fhir.r4.model.Reference;
import org.hl7.fhir.r4.model.StringType;
import org.neurojepa.fhir.report.AnalysedSeries;
import org.neurojepa.fhir.report.FhirNames;
import org.neurojepa.fhir.report.Finding;
import org.neurojepa.fhir.report.SequenceType;
import org.neurojepa.fhir.report.UsedSequence;

/**
 * Builds the report's Observations: one per finding, and technical ones for the sequences used,
 * their registration QC and the series left out. All share subject, times, status, the model as
 * method and device, and derive from the ImagingStudy.
 */
public final class ObservationFactory {
  private final String reportIdentifier;
  private final Observation.ObservationStatus status;
  private final Reference subject;
  private final Reference imagingStudy;
  private final Reference device;
  private final CodeableConcept method;
  private final DateTimeType effective;
  private final Date issued;

  public ObservationFactory(String reportIdentifier, Observation.ObservationStatus status, Reference subject,
      Reference imagingStudy, Reference device, CodeableConcept method, DateTimeType effective, Date issued) {
    this.reportIdentifier = reportIdentifier;
    this.status = status;
    this.subject = subject;
    this.imagingStudy = imagingStudy;
    this.device = device;
    this.method = method;
    this.effective = effective;
    this.issued = issued;
  }

  /** The identifier value of the Observation {@code key} of this report. */
  public String identifierValue(String key) {
    return reportIdentifier + "/" + key;
  }

  public Observation finding(Finding f) {
    Observation o = base("finding-" + f.code().code(), "imaging", "Imaging");
    o.setCode(Codings.concept(f.code().system(), f.code().code(), f.code().display()));
    o.setValue(Codings.unity(f.probability(), 4));
    o.addInterpretation(f.positive()
        ? Codings.concept(FhirNames.V3_INTERPRETATION, "H", "High")
        : Codings.concept(FhirNames.V3_INTERPRETATION, "N", "Normal"));
    o.addComponent()
        .setCode(Codings.technical("operating-point", "Operating point"))
        .setValue(Codings.unity(f.operatingPoint(), 4));
    o.addNote().setText(String.format(Locale.ROOT,
        "Probability %.4f; at or above the operating point %.4f counts as positive (H).",
        f.probability(), f.operatingPoint()));
    return o;
  }

  public Observation sequencesUsed(java.util.List<UsedSequence> used, java.util.List<AnalysedSeries> series) {
    Observation o = base("sequences-used", "imaging", "Imaging");
    o.setCode(Codings.technical("sequences-used", "MR sequences used by the model"));
    StringBuilder text = new StringBuilder();
    for (UsedSequence u : used) {
      if (text.length() > 0) {
        text.append(", ");
      }
      text.append(u.type().display());
      series.stream().filter(s -> s.seriesInstanceUid().equals(u.seriesInstanceUid())).findFirst()
          .flatMap(AnalysedSeries::seriesNumber).ifPresent(n -> text.append(" (series ").append(n).append(')'));
      o.addComponent().setCode(sequenceType(u.type())).setValue(new StringType(u.seriesInstanceUid()));
    }
    o.setValue(new StringType(used.isEmpty() ? "none" : text.toString()));
    return o;
  }

  public Observation registrationQc(UsedSequence u) {
    Observation o = base("registration-qc-" + u.type().code(), "imaging", "Imaging");
    CodeableConcept code = Codings.technical("registration-qc", "Registration quality against the template");
    code.setText("Registration quality, " + u.type().display());
    o.setCode(code);
    o.addComponent().setCode(Codings.technical("sequence-type", "Sequence type")).setValue(sequenceType(u.type()));
    o.addComponent().setCode(Codings.technical("series-instance-uid", "Series Instance UID"))
        .setValue(new StringType(u.seriesInstanceUid()));
    o.addComponent().setCode(Codings.technical("mutual-information", "Mutual information"))
        .setValue(Codings.nats(u.mutualInformation()));
    o.addComponent().setCode(Codings.technical("psnr", "Peak signal-to-noise ratio"))
        .setValue(Codings.decibel(u.psnrDb()));
    o.addComponent().setCode(Codings.technical("pearson-r", "Pearson correlation"))
        .setValue(Codings.unity(u.pearsonR(), 4));
    return o;
  }

  public Observation seriesRejected(AnalysedSeries s) {
    Observation o = base("series-rejected-" + s.seriesInstanceUid(), "imaging", "Imaging");
    o.setCode(Codings.technical("series-rejected", "Series not used by the model"));
    o.setValue(new StringType(s.rejectionReason().orElseThrow()));
    o.addComponent().setCode(Codings.technical("series-instance-uid", "Series Instance UID"))
        .setValue(new StringType(s.seriesInstanceUid()));
    s.description().ifPresent(d -> o.addComponent()
        .setCode(Codings.technical("series-description", "Series description")).setValue(new StringType(d)));
    return o;
  }

  private static CodeableConcept sequenceType(SequenceType t) {
    return Codings.concept(FhirNames.SEQUENCE_TYPES, t.code(), t.display());
  }

  private Observation base(String key, String category, String categoryDisplay) {
    Observation o = new Observation();
    o.addIdentifier(new Identifier().setSystem(FhirNames.OBSERVATION_IDENTIFIER).setValue(identifierValue(key)));
    o.setStatus(status);
    o.addCategory(Codings.concept(FhirNames.OBSERVATION_CATEGORY, category, categoryDisplay));
    o.setSubject(subject.copy());
    o.setEffective(effective.copy());
    o.setIssued(issued);
    o.setMethod(method.copy());
    o.setDevice(device.copy());
    o.addDerivedFrom(imagingStudy.copy());
    return o;
  }
}
