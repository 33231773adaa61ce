package org.neurojepa.service.security;

import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/** Local users: ADMIN creates them (POST), ADMIN and AUDITOR list them. */
@RestController
@RequestMapping("/api/users")
public final class UsersController {
  private final LocalUsers users;

  public UsersController(LocalUsers users) {
    this.users = users;
  }

  /** A new user: name, password (at least 12 characters) and roles (ADMIN, AUDITOR, FEED). */
  public record NewUser(String name, String password, List<String> roles) {}

  @GetMapping
  public List<LocalUsers.Account> list() {
    return users.list();
  }

  @PostMapping
  public ResponseEntity<?> create(@RequestBody NewUser request) {
    Set<Role> roles = EnumSet.noneOf(Role.class);
    try {
      if (request.roles() != null) {
        request.roles().forEach(r -> roles.add(Role.parse(String.valueOf(r))));
      }
      if (!users.create(request.name(), request.password(), roles)) {
        return ResponseEntity.status(HttpStatus.CONFLICT).body(Map.of("error", "user '" + request.name() + "' exists"));
      }
    } catch (IllegalArgumentException e) {
      return ResponseEntity.badRequest().body(Map.of("error", e.getMessage()));
    }
    return ResponseEntity.status(HttpStatus.CREATED).body(users.find(request.name()).orElseThrow());
  }
}
