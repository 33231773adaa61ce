package org.neurojepa.service.feed;

import ca.uhn.fhir.interceptor.api.Hook;
import ca.uhn.fhir.interceptor.api.Interceptor;
import ca.uhn.fhir.interceptor.api.Pointcut;
import org.hl7.fhir.instance.model.api.IBaseConformance;
import org.hl7.fhir.r4.model.CapabilityStatement;
import org.hl7.fhir.r4.model.CodeableConcept;
import org.neurojepa.service.security.SecurityProperties;

/**
 * Completes the CapabilityStatement HAPI derives from the resource providers (resource types,
 * interactions, search parameters and their chains): how to authenticate, what each search
 * parameter means here, where the one parameter R4 does not define is described, and what a
 * Subscription may ask for.
 */
@Interceptor
public final class FeedCapabilities {
  private static final String SECURITY_SERVICE = "http://terminology.hl7.org/CodeSystem/restful-security-service";

  private final SecurityProperties security;

  public FeedCapabilities(SecurityProperties security) {
    this.security = security;
  }

  @Hook(Pointcut.SERVER_CAPABILITY_STATEMENT_GENERATED)
  public void complete(IBaseConformance generated) {
    CapabilityStatement statement = (CapabilityStatement) generated;
    statement.setName("NeuroJepaResultFeed").setTitle("NeuroJEPA-PACS FHIR result feed").setPublisher("NeuroJEPA-PACS");
    // HAPI names itself and its own version here
    statement.getSoftware().setName("NeuroJEPA-PACS")
        .setVersion(FeedCapabilities.class.getPackage().getImplementationVersion());
    statement.getImplementation().setDescription("Brain MRI reports of NeuroJEPA-PACS: DiagnosticReports with their"
        + " Observations, ImagingStudies, Patients, Devices and Provenance, read-only; rest-hook Subscriptions on"
        + " DiagnosticReport");
    CapabilityStatement.CapabilityStatementRestComponent rest = statement.getRestFirstRep();
    CapabilityStatement.CapabilityStatementRestSecurityComponent s = rest.getSecurity();
    s.setCors(false);
    s.addService(service("Basic", "Basic"));
    if (security.oidc().enabled()) {
      s.addService(service("OAuth", "OAuth"));
    }
    s.setDescription("Every request, /metadata included, needs HTTP Basic with a local user"
        + (security.oidc().enabled() ? " or an OIDC bearer token" : "")
        + ". Reads: roles FEED, AUDITOR or ADMIN; Subscription (any method): ADMIN.");
    // HAPI lists a read of OperationDefinition (the feed defines no operations) and every
    // _include and _revinclude its providers could take; the feed supports none of these
    rest.getResource().removeIf(r -> r.getType().equals("OperationDefinition"));
    for (CapabilityStatement.CapabilityStatementRestResourceComponent resource : rest.getResource()) {
      resource.getSearchInclude().clear();
      resource.getSearchRevInclude().clear();
      if (FeedSearchParameters.RESOURCE_TYPES.contains(resource.getType())) {
        resource.setVersioning(CapabilityStatement.ResourceVersionPolicy.VERSIONED).setReadHistory(true);
      }
      if (resource.getType().equals("Subscription")) {
        resource.setDocumentation("R4 rest-hook Subscriptions on DiagnosticReport: criteria DiagnosticReport or"
            + " DiagnosticReport?<any DiagnosticReport search of this server>; payload application/fhir+json (the"
            + " report is PUT to <endpoint>/DiagnosticReport/<id>) or none (an empty POST to the endpoint);"
            + " channel.header lines are sent with each notification. Status requested becomes active; after the"
            + " job queue's last failed attempt it becomes error, with the reason.");
      }
      for (CapabilityStatement.CapabilityStatementRestResourceSearchParamComponent p : resource.getSearchParam()) {
        FeedSearchParameters.find(resource.getType(), p.getName()).ifPresent(known -> {
          String chains = known.kind() == FeedSearchParameter.Kind.REFERENCE
              ? " Also chained: " + p.getName() + ".identifier (and " + p.getName() + ":identifier)." : "";
          p.setDocumentation(known.description() + "." + chains);
        });
        if (resource.getType().equals("DiagnosticReport") && p.getName().equals(FeedSearchParameters.IMAGING_STUDY)) {
          p.setDefinition(FeedSearchParameters.IMAGING_STUDY_DEFINITION);
        }
      }
    }
  }

  private static CodeableConcept service(String code, String display) {
    CodeableConcept c = new CodeableConcept();
    c.addCoding().setSystem(SECURITY_SERVICE).setCode(code).setDisplay(display);
    return c.setText(display);
  }
}
