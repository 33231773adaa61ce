package org.neurojepa.service.security;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import org.springframework.core.convert.converter.Converter;
import org.springframework.security.authentication.AbstractAuthenticationToken;
import org.springframework.security.core.GrantedAuthority;
import org.springframework.security.core.authority.SimpleGrantedAuthority;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.server.resource.authentication.JwtAuthenticationToken;

/**
 * Turns a verified token into an authentication: the roles come from the configured claim, the
 * name from the configured user-name claim, prefixed {@code oidc:} so that the audit trail tells
 * a provider's user from a local one of the same name. Role names other than ours are ignored.
 */
final class TokenAuthentication implements Converter<Jwt, AbstractAuthenticationToken> {
  private final SecurityProperties.Oidc oidc;

  TokenAuthentication(SecurityProperties.Oidc oidc) {
    this.oidc = oidc;
  }

  @Override
  public AbstractAuthenticationToken convert(Jwt jwt) {
    List<GrantedAuthority> authorities = new ArrayList<>();
    for (String name : roleNames(claim(jwt.getClaims(), oidc.rolesClaim()))) {
      for (Role role : Role.values()) {
        if (role.name().equalsIgnoreCase(name.trim())) {
          authorities.add(new SimpleGrantedAuthority(role.authority()));
        }
      }
    }
    Object user = claim(jwt.getClaims(), oidc.usernameClaim());
    String name = user instanceof String s && !s.isBlank() ? s : jwt.getSubject();
    return new JwtAuthenticationToken(jwt, authorities, "oidc:" + name);
  }

  /** Follows a dotted path through nested JSON objects; null when any step is missing. */
  static Object claim(Map<String, Object> claims, String path) {
    Object value = claims;
    for (String step : path.split("\\.")) {
      if (!(value instanceof Map<?, ?> map)) {
        return null;
      }
      value = map.get(step);
    }
    return value;
  }

  private static List<String> roleNames(Object value) {
    if (value instanceof Collection<?> list) {
      return list.stream().map(String::valueOf).toList();
    }
    if (value instanceof String text) {
      return List.of(text.split("[\\s,]+"));
    }
    return List.of();
  }
}
