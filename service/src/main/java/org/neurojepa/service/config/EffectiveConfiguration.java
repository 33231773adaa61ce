package org.neurojepa.service.config;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.RecordComponent;
import java.nio.file.Path;
import java.time.Duration;
import java.time.temporal.ChronoUnit;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.regex.Pattern;
import org.springframework.boot.context.properties.ConfigurationPropertiesBean;
import org.springframework.boot.convert.DurationStyle;
import org.springframework.context.ApplicationContext;
import org.springframework.core.env.Environment;
import org.springframework.stereotype.Component;

/**
 * Every {@code neurojepa.*} setting with the value the service runs with: read from the bound
 * configuration records (so defaults are included, and an area added later appears without
 * changes here), plus {@code neurojepa.http.*}, which feed Spring's {@code server.*}. Secrets are
 * never shown: a key naming a password, token, secret, credential or key shows {@link #HIDDEN}
 * when set (and "" when not), and credentials inside URLs are hidden as well.
 */
@Component
public final class EffectiveConfiguration {
  public static final String HIDDEN = "******";
  private static final String PREFIX = "neurojepa.";
  private static final Pattern SECRET_KEY =
      Pattern.compile("(?i).*(password|passphrase|secret|token|credential|private-key|api-key).*");
  /** user:password@ in a URL, and password=/token=/secret= parameters (as in a JDBC URL). */
  private static final Pattern URL_USER_INFO = Pattern.compile("(//[^/@:]*:)[^/@]*@");
  private static final Pattern URL_SECRET_PARAMETER =
      Pattern.compile("(?i)((?:password|secret|token|access_token|key)=)[^&;]*");

  private final ApplicationContext context;
  private final Environment environment;

  public EffectiveConfiguration(ApplicationContext context, Environment environment) {
    this.context = context;
    this.environment = environment;
  }

  /** Key (in the documented kebab-case form) to value, sorted by key. */
  public SortedMap<String, Object> properties() {
    SortedMap<String, Object> out = new TreeMap<>();
    for (ConfigurationPropertiesBean bean : ConfigurationPropertiesBean.getAll(context).values()) {
      String prefix = bean.getAnnotation().prefix();
      if ((prefix + ".").startsWith(PREFIX)) {
        flatten(prefix, bean.getInstance(), out);
      }
    }
    // the HTTP server is Spring's: neurojepa.http.port and .bind are defaults of server.port and server.address
    out.put("neurojepa.http.port", environment.getProperty("local.server.port",
        environment.getProperty("server.port", "8080")));
    out.put("neurojepa.http.bind", environment.getProperty("server.address", "127.0.0.1"));
    return out;
  }

  private static void flatten(String key, Object value, Map<String, Object> out) {
    if (value instanceof Record record) {
      for (RecordComponent c : record.getClass().getRecordComponents()) {
        flatten(key + "." + kebab(c.getName()), read(c, record), out);
      }
      return;
    }
    out.put(key, shown(key, value));
  }

  private static Object read(RecordComponent c, Record record) {
    try {
      return c.getAccessor().invoke(record);
    } catch (IllegalAccessException | InvocationTargetException e) {
      throw new IllegalStateException("cannot read " + c.getName() + " of " + record.getClass().getSimpleName(), e);
    }
  }

  /** A value as JSON shows it: numbers and booleans as such, durations as in the configuration (10s). */
  static Object shown(String key, Object value) {
    if (value == null) {
      return null;
    }
    String last = key.substring(key.lastIndexOf('.') + 1);
    if (SECRET_KEY.matcher(last).matches()) {
      return value.toString().isEmpty() ? "" : HIDDEN;
    }
    if (value instanceof Number || value instanceof Boolean) {
      return value;
    }
    if (value instanceof Duration d) {
      return duration(d);
    }
    if (value instanceof Collection<?> items) {
      return items.stream().map(i -> shown(key, i)).toList();
    }
    if (value instanceof Path || value instanceof Enum<?>) {
      return value.toString();
    }
    return hideUrlSecrets(value.toString());
  }

  /** In the largest unit that holds it exactly: 10s, 500ms, 5m. */
  private static String duration(Duration d) {
    for (ChronoUnit unit : List.of(ChronoUnit.DAYS, ChronoUnit.HOURS, ChronoUnit.MINUTES, ChronoUnit.SECONDS,
        ChronoUnit.MILLIS, ChronoUnit.MICROS)) {
      if (d.toNanos() % unit.getDuration().toNanos() == 0) {
        return DurationStyle.SIMPLE.print(d, unit);
      }
    }
    return DurationStyle.SIMPLE.print(d, ChronoUnit.NANOS);
  }

  static String hideUrlSecrets(String text) {
    String s = URL_USER_INFO.matcher(text).replaceAll("$1" + HIDDEN + "@");
    return URL_SECRET_PARAMETER.matcher(s).replaceAll("$1" + HIDDEN);
  }

  /** freeDiskWatermarkBytes → free-disk-watermark-bytes, the form the README and the properties use. */
  static String kebab(String camel) {
    return camel.replaceAll("([a-z0-9])([A-Z])", "$1-$2").toLowerCase(java.util.Locale.ROOT);
  }
}
