package org.neurojepa.service.security;

import ch.qos.logback.classic.spi.IThrowableProxy;
import org.springframework.boot.logging.logback.ExtendedWhitespaceThrowableProxyConverter;

/** Spring Boot's {@code %wEx} with patient names and identifiers masked in exception messages. */
public final class MaskingThrowableConverter extends ExtendedWhitespaceThrowableProxyConverter {
  @Override
  protected String throwableProxyToString(IThrowableProxy proxy) {
    return PatientDataMask.mask(super.throwableProxyToString(proxy));
  }
}
