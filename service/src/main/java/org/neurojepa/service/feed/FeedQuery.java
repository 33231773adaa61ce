package org.neurojepa.service.feed;

import ca.uhn.fhir.model.api.IQueryParameterAnd;
import ca.uhn.fhir.model.api.IQueryParameterOr;
import ca.uhn.fhir.model.api.IQueryParameterType;
import ca.uhn.fhir.model.api.TemporalPrecisionEnum;
import ca.uhn.fhir.rest.param.BaseParam;
import ca.uhn.fhir.rest.param.DateParam;
import ca.uhn.fhir.rest.param.ParamPrefixEnum;
import ca.uhn.fhir.rest.param.ReferenceParam;
import ca.uhn.fhir.rest.param.TokenParam;
import ca.uhn.fhir.rest.server.exceptions.InvalidRequestException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;

/**
 * A search of one resource type as SQL over the feed's index. Each {@link #add} is one parameter
 * as HAPI parsed it: every element of its AND list must match, one value of each OR list suffices.
 *
 * <p>Semantics, as R4 search: a token {@code system|value}, {@code value} (any system),
 * {@code |value} (no system) or {@code system|} (any value); a reference {@code Type/id} or
 * {@code id}, with {@code :Type} to restrict the type, or chained {@code .identifier} (a token on
 * the referenced resource's identifier; the modifier {@code :identifier} means the same, since the
 * feed's references are literal and the referenced resources carry the identifiers); a date with
 * the prefixes eq (default), ne, lt, le, gt, ge, sa and eb, comparing the value's whole precision
 * with the resource's. Modifiers, chains and prefixes beyond these are refused (HTTP 400).
 */
public final class FeedQuery {
  private final String resourceType;
  private final List<String> conditions = new ArrayList<>();
  private final List<Object> args = new ArrayList<>();

  private FeedQuery(String resourceType) {
    this.resourceType = resourceType;
  }

  public static FeedQuery of(String resourceType) {
    return new FeedQuery(resourceType);
  }

  public String resourceType() {
    return resourceType;
  }

  /** Adds the search parameter {@code name}; a null value (not in the request) adds nothing. */
  public FeedQuery add(String name, IQueryParameterAnd<?> values) {
    if (values == null) {
      return this;
    }
    if ("_id".equals(name)) {
      for (IQueryParameterOr<?> or : values.getValuesAsQueryTokens()) {
        List<String> ids = new ArrayList<>();
        for (IQueryParameterType t : or.getValuesAsQueryTokens()) {
          ids.add(as(TokenParam.class, t, name).getValue());
        }
        conditions.add("r.id IN (" + String.join(",", ids.stream().map(i -> "?").toList()) + ")");
        args.addAll(ids);
      }
      return this;
    }
    FeedSearchParameter parameter = FeedSearchParameters.find(resourceType, name)
        .orElseThrow(() -> new InvalidRequestException(resourceType + " has no search parameter '" + name + "'"));
    for (IQueryParameterOr<?> or : values.getValuesAsQueryTokens()) {
      List<String> alternatives = new ArrayList<>();
      for (IQueryParameterType value : or.getValuesAsQueryTokens()) {
        noMissing(value, name);
        alternatives.add(switch (parameter.kind()) {
          case TOKEN -> token(name, as(TokenParam.class, value, name));
          case REFERENCE -> reference(name, as(ReferenceParam.class, value, name));
          case DATE -> date(name, as(DateParam.class, value, name));
        });
      }
      conditions.add(alternatives.size() == 1 ? alternatives.get(0) : "(" + String.join(" OR ", alternatives) + ")");
    }
    return this;
  }

  /** The conditions on the resource row {@code r}, joined by AND; {@code TRUE} when there are none. */
  public String where() {
    return conditions.isEmpty() ? "TRUE" : String.join(" AND ", conditions);
  }

  /** The values of the {@code ?} in {@link #where()}, in order. */
  public List<Object> args() {
    return List.copyOf(args);
  }

  private String token(String name, TokenParam t) {
    if (t.getModifier() != null) {
      throw new InvalidRequestException("the modifier :" + t.getModifier().getValue() + " of '" + name
          + "' is not supported");
    }
    args.add(name);
    return "EXISTS (SELECT 1 FROM fhir_search a WHERE a.resource_type = r.resource_type AND a.id = r.id"
        + " AND a.param = ? AND " + tokenMatch("a", t) + ")";
  }

  private String reference(String name, ReferenceParam ref) {
    String chain = ref.getChain() == null ? "" : ref.getChain();
    // HAPI reads the modifier :identifier as a resource type; here it means what .identifier means
    boolean identifierModifier = chain.isEmpty() && "identifier".equals(ref.getResourceType());
    if (chain.isEmpty() && !identifierModifier) {
      if (ref.getIdPart() == null || ref.getIdPart().isBlank()) {
        throw new InvalidRequestException("'" + name + "' needs a reference such as Type/id");
      }
      args.add(name);
      args.add(ref.getIdPart());
      String sql = "EXISTS (SELECT 1 FROM fhir_search a WHERE a.resource_type = r.resource_type AND a.id = r.id"
          + " AND a.param = ? AND a.ref_id = ?";
      if (ref.hasResourceType()) {
        args.add(ref.getResourceType());
        sql += " AND a.ref_type = ?";
      }
      return sql + ")";
    }
    if (!identifierModifier && !chain.equals("identifier")) {
      throw new InvalidRequestException("'" + name + "' supports the chain .identifier only, not ." + chain);
    }
    TokenParam identifier = new TokenParam();
    identifier.setValueAsQueryToken(null, "identifier", null, ref.getValue());
    args.add(name);
    String sql = "EXISTS (SELECT 1 FROM fhir_search a JOIN fhir_search b ON b.resource_type = a.ref_type"
        + " AND b.id = a.ref_id AND b.param = 'identifier'"
        + " WHERE a.resource_type = r.resource_type AND a.id = r.id AND a.param = ?";
    if (!identifierModifier && ref.hasResourceType()) {
      args.add(ref.getResourceType());
      sql += " AND a.ref_type = ?";
    }
    return sql + " AND " + tokenMatch("b", identifier) + ")";
  }

  private String tokenMatch(String alias, TokenParam t) {
    String system = t.getSystem();
    String value = t.getValue() == null ? "" : t.getValue();
    if (system == null) {
      args.add(value);
      return alias + ".token_value = ?";
    }
    if (system.isEmpty()) {
      args.add(value);
      return "(" + alias + ".token_system IS NULL AND " + alias + ".token_value = ?)";
    }
    args.add(system);
    if (value.isEmpty()) {
      return alias + ".token_system = ?";
    }
    args.add(value);
    return "(" + alias + ".token_system = ? AND " + alias + ".token_value = ?)";
  }

  private String date(String name, DateParam d) {
    if (d.getValue() == null) {
      throw new InvalidRequestException("'" + name + "' needs a date");
    }
    Instant low = d.getValue().toInstant();
    TemporalPrecisionEnum precision = d.getPrecision();
    Instant high = precision.add(d.getValue(), 1).toInstant().minusMillis(1);
    ParamPrefixEnum prefix = d.getPrefix() == null ? ParamPrefixEnum.EQUAL : d.getPrefix();
    args.add(name); // the values the match adds come after it
    String match = switch (prefix) {
      case EQUAL -> between(low, high);
      case NOT_EQUAL -> "NOT " + between(low, high);
      case GREATERTHAN -> compare("a.date_high > ?", high);
      case LESSTHAN -> compare("a.date_low < ?", low);
      case GREATERTHAN_OR_EQUALS -> compare("a.date_high >= ?", low);
      case LESSTHAN_OR_EQUALS -> compare("a.date_low <= ?", high);
      case STARTS_AFTER -> compare("a.date_low > ?", high);
      case ENDS_BEFORE -> compare("a.date_high < ?", low);
      case APPROXIMATE -> throw new InvalidRequestException("the prefix ap of '" + name + "' is not supported");
    };
    return "EXISTS (SELECT 1 FROM fhir_search a WHERE a.resource_type = r.resource_type AND a.id = r.id"
        + " AND a.param = ? AND " + match + ")";
  }

  private String between(Instant low, Instant high) {
    args.add(timestamp(low));
    args.add(timestamp(high));
    return "(a.date_low >= ? AND a.date_high <= ?)";
  }

  private String compare(String sql, Instant bound) {
    args.add(timestamp(bound));
    return sql;
  }

  private static OffsetDateTime timestamp(Instant i) {
    return OffsetDateTime.ofInstant(i, ZoneOffset.UTC);
  }

  private static void noMissing(IQueryParameterType value, String name) {
    if (value instanceof BaseParam b && b.getMissing() != null) {
      throw new InvalidRequestException("the modifier :missing of '" + name + "' is not supported");
    }
  }

  private static <T> T as(Class<T> type, IQueryParameterType value, String name) {
    if (!type.isInstance(value)) {
      throw new InvalidRequestException("'" + name + "' takes a " + type.getSimpleName().replace("Param", "").toLowerCase()
          + " value");
    }
    return type.cast(value);
  }
}
