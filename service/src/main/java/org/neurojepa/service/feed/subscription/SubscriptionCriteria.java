package org.neurojepa.service.feed.subscription;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.model.api.IQueryParameterAnd;
import ca.uhn.fhir.rest.api.QualifiedParamList;
import ca.uhn.fhir.rest.param.DateAndListParam;
import ca.uhn.fhir.rest.param.ReferenceAndListParam;
import ca.uhn.fhir.rest.param.TokenAndListParam;
import ca.uhn.fhir.rest.param.TokenParam;
import ca.uhn.fhir.rest.server.exceptions.InvalidRequestException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.neurojepa.service.feed.FeedQuery;
import org.neurojepa.service.feed.FeedSearchParameter;
import org.neurojepa.service.feed.FeedSearchParameters;
import org.neurojepa.service.feed.FeedStore;

/**
 * A Subscription's criteria: {@code DiagnosticReport}, or {@code DiagnosticReport?} followed by
 * any search the feed answers for DiagnosticReport (e.g. {@code status=final},
 * {@code patient.identifier=urn:neurojepa:patient-id|P1}). A report matches when that search,
 * limited to the report, finds it.
 */
public final class SubscriptionCriteria {
  static final String RESOURCE_TYPE = "DiagnosticReport";

  private final String text;
  private final FhirContext context;
  /** The parameters by name, each occurrence with its qualifier (the AND list HAPI would make). */
  private final Map<String, List<QualifiedParamList>> parameters;

  private SubscriptionCriteria(String text, FhirContext context, Map<String, List<QualifiedParamList>> parameters) {
    this.text = text;
    this.context = context;
    this.parameters = parameters;
  }

  /**
   * @throws IllegalArgumentException naming what is wrong: another resource type, an unknown
   *     parameter, a modifier or chain the feed does not support, a value it cannot read
   */
  public static SubscriptionCriteria parse(String criteria, FhirContext context) {
    String text = criteria == null ? "" : criteria.trim();
    int question = text.indexOf('?');
    String type = question < 0 ? text : text.substring(0, question);
    if (!type.equals(RESOURCE_TYPE)) {
      // the type only: the rest may hold a patient identifier, and refusals are logged
      throw new IllegalArgumentException("criteria must be DiagnosticReport or DiagnosticReport?<search>, not "
          + (type.isEmpty() ? "empty" : "'" + type + "'"));
    }
    Map<String, List<QualifiedParamList>> parameters = new LinkedHashMap<>();
    String query = question < 0 ? "" : text.substring(question + 1);
    for (String pair : query.split("&")) {
      if (pair.isEmpty()) {
        continue;
      }
      int eq = pair.indexOf('=');
      if (eq <= 0) {
        throw new IllegalArgumentException("criteria: each search parameter must be name=value");
      }
      String name = decode(pair.substring(0, eq));
      String value = decode(pair.substring(eq + 1));
      int cut = indexOfAny(name, ':', '.');
      String base = cut < 0 ? name : name.substring(0, cut);
      String qualifier = cut < 0 ? null : name.substring(cut);
      if (!base.equals("_id") && FeedSearchParameters.find(RESOURCE_TYPE, base).isEmpty()) {
        throw new IllegalArgumentException("criteria: DiagnosticReport has no search parameter '" + base + "' here");
      }
      parameters.computeIfAbsent(base, k -> new ArrayList<>())
          .add(QualifiedParamList.splitQueryStringByCommasIgnoreEscape(qualifier, value));
    }
    SubscriptionCriteria parsed = new SubscriptionCriteria(text, context, parameters);
    try {
      parsed.query(); // reads every value as a search would
    } catch (InvalidRequestException | IllegalArgumentException e) {
      throw new IllegalArgumentException("criteria: " + e.getMessage(), e);
    }
    return parsed;
  }

  public String text() {
    return text;
  }

  /** The criteria as a DiagnosticReport search. */
  public FeedQuery query() {
    FeedQuery q = FeedQuery.of(RESOURCE_TYPE);
    parameters.forEach((name, lists) -> {
      IQueryParameterAnd<?> and = name.equals("_id") ? new TokenAndListParam() : switch (kind(name)) {
        case TOKEN -> new TokenAndListParam();
        case REFERENCE -> new ReferenceAndListParam();
        case DATE -> new DateAndListParam();
      };
      and.setValuesAsQueryTokens(context, name, lists);
      q.add(name, and);
    });
    return q;
  }

  /** Whether the DiagnosticReport {@code id} of the feed meets the criteria. */
  public boolean matches(String reportId, FeedStore store) {
    return store.count(query().add("_id", new TokenAndListParam().addAnd(new TokenParam(reportId)))) > 0;
  }

  private static FeedSearchParameter.Kind kind(String name) {
    return FeedSearchParameters.find(RESOURCE_TYPE, name).orElseThrow().kind();
  }

  private static String decode(String s) {
    return URLDecoder.decode(s, StandardCharsets.UTF_8);
  }

  private static int indexOfAny(String s, char a, char b) {
    int i = s.indexOf(a);
    int j = s.indexOf(b);
    return i < 0 ? j : j < 0 ? i : Math.min(i, j);
  }
}
