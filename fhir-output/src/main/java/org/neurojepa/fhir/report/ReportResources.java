package org.neurojepa.fhir.report;

import java.util.ArrayList;
import java.util.List;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.Device;
import org.hl7.fhir.r4.model.DiagnosticReport;
import org.hl7.fhir.r4.model.ImagingStudy;
import org.hl7.fhir.r4.model.Observation;
import org.hl7.fhir.r4.model.Patient;
import org.hl7.fhir.r4.model.Provenance;

/**
 * The resources of one analysed study, in the order a transaction creates them, and the
 * transaction Bundle that creates each one only if its identifier is not on the server yet.
 */
public record ReportResources(String reportIdentifier, List<ReportEntry> entries) {

  public ReportResources {
    entries = List.copyOf(entries);
  }

  public Patient patient() {
    return only(Patient.class);
  }

  public ImagingStudy imagingStudy() {
    return only(ImagingStudy.class);
  }

  public Device device() {
    return only(Device.class);
  }

  public DiagnosticReport report() {
    return only(DiagnosticReport.class);
  }

  public Provenance provenance() {
    return only(Provenance.class);
  }

  public List<Observation> observations() {
    return all(Observation.class);
  }

  /** A transaction of conditional creates: delivering it twice leaves the server as once. */
  public Bundle transaction() {
    Bundle bundle = new Bundle().setType(Bundle.BundleType.TRANSACTION);
    for (ReportEntry e : entries) {
      bundle.addEntry()
          .setFullUrl(e.fullUrl())
          .setResource(e.resource().copy())
          .getRequest()
          .setMethod(Bundle.HTTPVerb.POST)
          .setUrl(e.resource().fhirType())
          .setIfNoneExist(e.ifNoneExist());
    }
    return bundle;
  }

  private <T> T only(Class<T> type) {
    List<T> found = all(type);
    if (found.size() != 1) {
      throw new IllegalStateException("expected one " + type.getSimpleName() + ", found " + found.size());
    }
    return found.get(0);
  }

  private <T> List<T> all(Class<T> type) {
    List<T> found = new ArrayList<>();
    for (ReportEntry e : entries) {
      if (type.isInstance(e.resource())) {
        found.add(type.cast(e.resource()));
      }
    }
    return found;
  }
}
