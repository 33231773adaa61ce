package org.neurojepa.service.security;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
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
@Tag(name = "Users")
public final class UsersController {
  private final LocalUsers users;

  public UsersController(LocalUsers users) {
    this.users = users;
  }

  /** A new user: name, password (at least 12 characters) and roles (ADMIN, AUDITOR, FEED). */
  public record NewUser(String name, String password, List<String> roles) {}

  @GetMapping
  @Operation(summary = "Local users with their roles, creation time and whether disabled (no password hashes)")
  public List<LocalUsers.Account> list() {
    return users.list();
  }

  @PostMapping
  @Operation(summary = "Create a local user",
      description = "Name: 1 to 64 of A-Z a-z 0-9 . _ @ -; password: at least 12 characters; roles: ADMIN, AUDITOR,"
          + " FEED. 201 with the user; 409 when the name is taken; 400 with the reason for a bad name, password or"
          + " role.")
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
