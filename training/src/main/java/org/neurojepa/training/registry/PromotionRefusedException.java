package org.neurojepa.training.registry;

import java.util.List;

/** A promotion refused because the version's evaluation does not meet the bar; says every reason. */
public final class PromotionRefusedException extends IllegalStateException {
  private final List<String> shortfalls;

  public PromotionRefusedException(String version, List<String> shortfalls) {
    super("version " + version + " is not promoted: " + String.join("; ", shortfalls));
    this.shortfalls = List.copyOf(shortfalls);
  }

  public List<String> shortfalls() {
    return shortfalls;
  }
}
