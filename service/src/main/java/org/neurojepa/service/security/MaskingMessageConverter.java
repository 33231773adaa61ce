package org.neurojepa.service.security;

import ch.qos.logback.classic.pattern.MessageConverter;
import ch.qos.logback.classic.spi.ILoggingEvent;

/** Logback's {@code %m} with patient names and identifiers masked (see logback-spring.xml). */
public final class MaskingMessageConverter extends MessageConverter {
  @Override
  public String convert(ILoggingEvent event) {
    return PatientDataMask.mask(super.convert(event));
  }
}
