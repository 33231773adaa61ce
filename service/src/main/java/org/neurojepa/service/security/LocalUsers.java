package org.neurojepa.service.security;

import java.time.Instant;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.security.core.userdetails.User;
import org.springframework.security.core.userdetails.UserDetails;
import org.springframework.security.core.userdetails.UserDetailsService;
import org.springframework.security.core.userdetails.UsernameNotFoundException;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.stereotype.Component;

/** The local users in PostgreSQL, checked by HTTP Basic. Passwords are stored as bcrypt hashes only. */
@Component
public final class LocalUsers implements UserDetailsService {
  static final Pattern NAME = Pattern.compile("[A-Za-z0-9._@-]{1,64}");
  static final int MIN_PASSWORD_LENGTH = 12;

  private final JdbcTemplate jdbc;
  private final PasswordEncoder passwords;

  public LocalUsers(JdbcTemplate jdbc, PasswordEncoder passwords) {
    this.jdbc = jdbc;
    this.passwords = passwords;
  }

  /** A user as the API shows it: no password hash. */
  public record Account(String name, Set<Role> roles, Instant createdAt, boolean disabled) {}

  /**
   * Creates a user; false when the name is taken (the existing user is left as it is).
   *
   * @throws IllegalArgumentException for a bad name, a short password or no roles
   */
  public boolean create(String name, String password, Set<Role> roles) {
    if (name == null || !NAME.matcher(name).matches()) {
      throw new IllegalArgumentException("a user name is 1 to 64 of A-Z a-z 0-9 . _ @ -");
    }
    if (password == null || password.length() < MIN_PASSWORD_LENGTH) {
      throw new IllegalArgumentException("a password has at least " + MIN_PASSWORD_LENGTH + " characters");
    }
    if (roles == null || roles.isEmpty()) {
      throw new IllegalArgumentException("a user needs at least one role (ADMIN, AUDITOR, FEED)");
    }
    String roleList = EnumSet.copyOf(roles).stream().map(Role::name).collect(Collectors.joining(","));
    // ON CONFLICT: replicas starting together race to create the admin; exactly one wins
    return jdbc.update("INSERT INTO users (name, password_hash, roles) VALUES (?, ?, ?) ON CONFLICT (name) DO NOTHING",
        name, passwords.encode(password), roleList) == 1;
  }

  public boolean exists(String name) {
    return Boolean.TRUE.equals(jdbc.queryForObject("SELECT EXISTS (SELECT 1 FROM users WHERE name = ?)", Boolean.class,
        name));
  }

  public List<Account> list() {
    return jdbc.query("SELECT name, roles, created_at, disabled FROM users ORDER BY name",
        (rs, n) -> new Account(rs.getString("name"), roles(rs.getString("roles")),
            rs.getTimestamp("created_at").toInstant(), rs.getBoolean("disabled")));
  }

  public Optional<Account> find(String name) {
    return list().stream().filter(a -> a.name().equals(name)).findFirst();
  }

  @Override
  public UserDetails loadUserByUsername(String name) {
    List<UserDetails> found = jdbc.query("SELECT name, password_hash, roles, disabled FROM users WHERE name = ?",
        (rs, n) -> User.withUsername(rs.getString("name"))
            .password(rs.getString("password_hash"))
            .roles(roles(rs.getString("roles")).stream().map(Role::name).toArray(String[]::new))
            .disabled(rs.getBoolean("disabled"))
            .build(),
        name);
    if (found.isEmpty()) {
      throw new UsernameNotFoundException("no such user");
    }
    return found.get(0);
  }

  private static Set<Role> roles(String list) {
    return Arrays.stream(list.split(",")).map(Role::parse).collect(Collectors.toCollection(() -> EnumSet.noneOf(Role.class)));
  }
}
