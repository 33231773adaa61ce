package org.neurojepa.fhir.report.internal;

import org.hl7.fhir.r4.model.CodeableConcept;
import org.hl7.fhir.r4.model.Coding;
import org.hl7.fhir.r4.model.Quantity;
import org.hl7.fhir.r4.model.Reference;
import java.math.BigDecimal;
import java.math.RoundingMode;
import org.neurojepa.fhir.report.FhirNames;

/** Small constructors for the coded values and quantities the resources repeat. */
public final class Codings {
  private Codings() {}

  public static CodeableConcept concept(String system, String code, String display) {
    return new CodeableConcept().addCoding(new Coding(system, code, display)).setText(display);
  }

  public static CodeableConcept technical(String code, String display) {
    return concept(FhirNames.TECHNICAL, code, display);
  }

  /** A dimensionless UCUM quantity (unit "1"), rounded to {@code scale} decimals. */
  public static Quantity unity(double value, int scale) {
    return new Quantity().setValue(decimal(value, scale)).setUnit("1").setSystem(FhirNames.UCUM).setCode("1");
  }

  public static Quantity decibel(double value) {
    return new Quantity().setValue(decimal(value, 2)).setUnit("dB").setSystem(FhirNames.UCUM).setCode("dB");
  }

  /** Mutual information in nats: UCUM has no nat, so the unit is text only. */
  public static Quantity nats(double value) {
    return new Quantity().setValue(decimal(value, 4)).setUnit("nat");
  }

  public static BigDecimal decimal(double value, int scale) {
    return BigDecimal.valueOf(value).setScale(scale, RoundingMode.HALF_EVEN);
  }

  public static Reference ref(String fullUrl, String display) {
    Reference r = new Reference(fullUrl);
    if (display != null) {
      r.setDisplay(display);
    }
    return r;
  }
}
