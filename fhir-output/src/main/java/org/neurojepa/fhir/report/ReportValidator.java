package org.neurojepa.fhir.report;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.context.support.DefaultProfileValidationSupport;
import ca.uhn.fhir.validation.FhirValidator;
import ca.uhn.fhir.validation.ValidationResult;
import java.util.List;
import java.util.Locale;
import org.hl7.fhir.common.hapi.validation.support.CommonCodeSystemsTerminologyService;
import org.hl7.fhir.common.hapi.validation.support.InMemoryTerminologyServerValidationSupport;
import org.hl7.fhir.common.hapi.validation.support.PrePopulatedValidationSupport;
import org.hl7.fhir.common.hapi.validation.support.SnapshotGeneratingValidationSupport;
import org.hl7.fhir.common.hapi.validation.support.ValidationSupportChain;
import org.hl7.fhir.common.hapi.validation.validator.FhirInstanceValidator;
import org.hl7.fhir.instance.model.api.IBaseResource;
import org.hl7.fhir.r4.model.CodeSystem;

/**
 * Validates resources against base FHIR R4 with HAPI's instance validator, offline: the base
 * definitions come from the classpath, terminology is checked in memory, and the project's own
 * CodeSystems are known so that a misspelt project code is an error. Code systems the validator
 * cannot expand here (LOINC, SNOMED CT, DICOM) give warnings, not errors.
 *
 * <p>Building one takes seconds (the R4 definitions are parsed and snapshots generated on first
 * use): build it once and share it; {@link #validate} is thread-safe.
 */
public final class ReportValidator {
  private final FhirContext context;
  private final FhirValidator validator;

  public ReportValidator(FhirContext context) {
    this(context, List.of());
  }

  /**
   * A validator that also knows {@code moreCodeSystems} (complete CodeSystems of the caller's own,
   * e.g. the service's audit actions), so that their codes are checked like the project's.
   */
  public ReportValidator(FhirContext context, List<CodeSystem> moreCodeSystems) {
    this.context = context;
    PrePopulatedValidationSupport project = new PrePopulatedValidationSupport(context);
    ProjectCodeSystems.all().forEach(project::addCodeSystem);
    moreCodeSystems.forEach(project::addCodeSystem);
    ValidationSupportChain chain = new ValidationSupportChain(
        new DefaultProfileValidationSupport(context),
        project,
        new InMemoryTerminologyServerValidationSupport(context),
        new CommonCodeSystemsTerminologyService(context),
        new SnapshotGeneratingValidationSupport(context));
    FhirInstanceValidator instanceValidator = new FhirInstanceValidator(chain);
    instanceValidator.setAnyExtensionsAllowed(false);
    this.validator = context.newValidator().setValidateAgainstStandardSchema(false)
        .setValidateAgainstStandardSchematron(false);
    validator.registerValidatorModule(instanceValidator);
  }

  public ReportValidator() {
    this(FhirContext.forR4Cached());
  }

  public FhirContext context() {
    return context;
  }

  /** Every message the validator gives for {@code resource}. */
  public List<ValidationIssue> validate(IBaseResource resource) {
    ValidationResult result = validator.validateWithResult(resource);
    return result.getMessages().stream()
        .map(m -> new ValidationIssue(m.getSeverity().name().toLowerCase(Locale.ROOT),
            m.getLocationString(), m.getMessage()))
        .toList();
  }

  /** Only the errors and fatal errors for {@code resource}. */
  public List<ValidationIssue> errors(IBaseResource resource) {
    return validate(resource).stream().filter(ValidationIssue::isError).toList();
  }

  /** Throws {@link IllegalArgumentException} listing the errors when {@code resource} has any. */
  public void requireValid(IBaseResource resource) {
    List<ValidationIssue> errors = errors(resource);
    if (!errors.isEmpty()) {
      throw new IllegalArgumentException(resource.fhirType() + " does not validate against FHIR R4:\n  "
          + String.join("\n  ", errors.stream().map(ValidationIssue::toString).toList()));
    }
  }
}
