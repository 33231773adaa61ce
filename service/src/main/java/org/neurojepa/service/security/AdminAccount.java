package org.neurojepa.service.security;

import java.io.PrintStream;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.EnumSet;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.InitializingBean;
import org.springframework.stereotype.Component;

/**
 * Makes sure the user {@code admin} exists. At the first start it is created with the configured
 * password, or with a generated one that is printed once to the console (standard output, not the
 * log, so that it never lands in a log file); later starts find it and print nothing.
 */
@Component
public final class AdminAccount implements InitializingBean {
  public static final String NAME = "admin";
  private static final Logger LOG = LoggerFactory.getLogger(AdminAccount.class);

  private final LocalUsers users;
  private final SecurityProperties properties;
  private final PrintStream console;

  public AdminAccount(LocalUsers users, SecurityProperties properties) {
    this.users = users;
    this.properties = properties;
    this.console = System.out;
  }

  @Override
  public void afterPropertiesSet() {
    ensureAdmin();
  }

  /** Creates the admin unless it exists; true when this call created it. */
  public boolean ensureAdmin() {
    String configured = properties.adminPassword();
    if (users.exists(NAME)) {
      if (!configured.isEmpty()) {
        LOG.info("user '{}' exists; neurojepa.security.admin-password applies only to the first start", NAME);
      }
      return false;
    }
    if (!configured.isEmpty() && configured.length() < LocalUsers.MIN_PASSWORD_LENGTH) {
      throw new IllegalStateException("neurojepa.security.admin-password (NEUROJEPA_ADMIN_PASSWORD) must have at least "
          + LocalUsers.MIN_PASSWORD_LENGTH + " characters");
    }
    String password = configured.isEmpty() ? generate() : configured;
    if (!users.create(NAME, password, EnumSet.of(Role.ADMIN))) {
      return false; // another replica created it first
    }
    if (configured.isEmpty()) {
      console.println();
      console.println("=====================================================================");
      console.println(" NeuroJEPA created the API user 'admin' (role ADMIN). Its password:");
      console.println();
      console.println("     " + password);
      console.println();
      console.println(" This is shown only now and is not stored anywhere in plain text.");
      console.println(" To choose it instead, set NEUROJEPA_ADMIN_PASSWORD before the first start.");
      console.println("=====================================================================");
      console.println();
      console.flush();
      LOG.info("created user '{}' with a generated password (printed once to the console)", NAME);
    } else {
      LOG.info("created user '{}' with the configured password", NAME);
    }
    return true;
  }

  private static String generate() {
    byte[] bytes = new byte[18];
    new SecureRandom().nextBytes(bytes);
    return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
  }
}
