package org.neurojepa.training.harvest;

import java.time.LocalDate;
import java.time.format.DateTimeFormatter;
import java.util.Objects;
import java.util.Optional;

/**
 * Which archived studies a harvest takes: MR studies dated within [from, to] (either bound open),
 * with a series of the body part when one is given, at most {@code limit} of them (0: all), the
 * earliest first.
 *
 * @param bodyPart DICOM's Body Part Examined, e.g. BRAIN or HEAD; matched exactly, as the archive does
 */
public record StudySelection(Optional<LocalDate> from, Optional<LocalDate> to, Optional<String> bodyPart, int limit) {
  /** The modality a harvest selects: the model reads MR only. */
  public static final String MODALITY = "MR";

  public StudySelection {
    Objects.requireNonNull(from, "from");
    Objects.requireNonNull(to, "to");
    Objects.requireNonNull(bodyPart, "bodyPart");
    if (from.isPresent() && to.isPresent() && to.get().isBefore(from.get())) {
      throw new IllegalArgumentException("the date range ends before it starts: " + from.get() + " .. " + to.get());
    }
    if (bodyPart.filter(String::isBlank).isPresent()) {
      throw new IllegalArgumentException("the body part is blank");
    }
    bodyPart = bodyPart.map(String::trim);
    if (limit < 0) {
      throw new IllegalArgumentException("the study limit must be ≥ 0 (0: all): " + limit);
    }
  }

  /** Every MR study. */
  public static StudySelection all() {
    return new StudySelection(Optional.empty(), Optional.empty(), Optional.empty(), 0);
  }

  /** The DICOM date range for StudyDate: {@code YYYYMMDD-YYYYMMDD}, open where a bound is absent; "" for none. */
  public String dicomDateRange() {
    if (from.isEmpty() && to.isEmpty()) {
      return "";
    }
    DateTimeFormatter f = DateTimeFormatter.BASIC_ISO_DATE;
    return from.map(f::format).orElse("") + "-" + to.map(f::format).orElse("");
  }

  @Override
  public String toString() {
    return MODALITY + (from.isEmpty() && to.isEmpty() ? ", any date"
        : ", " + from.map(LocalDate::toString).orElse("…") + " to " + to.map(LocalDate::toString).orElse("…"))
        + bodyPart.map(b -> ", body part " + b).orElse("") + (limit > 0 ? ", at most " + limit + " studies" : "");
  }
}
