package org.neurojepa.training.heads;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * The EHR-derived labels of the paper, defined by ICD-10 codes. A code is compared without its dot
 * and in upper case ({@code I61.0}, {@code i610} and {@code I610} are one code), so ICD-10 and
 * ICD-10-CM codes with their extra characters both match their category. Each label is a list of
 * ranges of code prefixes: {@code I61.0–I61.4} takes every code whose first four characters lie
 * between {@code I610} and {@code I614}; {@code C71.*} every code starting {@code C71}.
 *
 * <p>The paper also counts anti-dementia drugs towards Dementia; those come from medication
 * records, not Conditions, and are not used here.
 */
public final class Icd10Rules {
  /** One range of prefixes of equal length, inclusive. */
  private record PrefixRange(String from, String to) {
    boolean matches(String code) {
      if (code.length() < from.length()) {
        return false;
      }
      String head = code.substring(0, from.length());
      return head.compareTo(from) >= 0 && head.compareTo(to) <= 0;
    }
  }

  private static final Map<String, List<PrefixRange>> DIRECT = new LinkedHashMap<>();

  static {
    rule("Cancer", "C71", "C793", "D33");
    rule("Hydrocephalus", "G91");
    rule("Edema", "G931", "G935", "G936", "G9382", "S061");
    rule("Dementia", "G30", "G310", "G3183-G3185", "G319", "G311", "G231", "F01-F03");
    rule("IPH", "I610-I614", "I618", "I619");
    rule("IVH", "I615", "P521-P523");
    rule("SDH", "S065", "I620");
    rule("SAH", "I60", "S066", "P525", "P103");
    rule("Major depressive disorder", "F32", "F33");
  }

  /** The 11 labels in the paper's order; ICH and Haemorrhage are unions of the others. */
  public static final List<String> LABELS = List.of("Cancer", "Hydrocephalus", "Edema", "Dementia", "IPH", "IVH",
      "SDH", "SAH", "ICH", "Major depressive disorder", "Haemorrhage");

  private Icd10Rules() {}

  private static void rule(String label, String... ranges) {
    List<PrefixRange> out = new ArrayList<>();
    for (String r : ranges) {
      String[] ends = r.split("-");
      out.add(new PrefixRange(ends[0], ends.length == 1 ? ends[0] : ends[1]));
    }
    DIRECT.put(label, out);
  }

  /** A code as compared: upper case, without dots and spaces. */
  public static String normalise(String code) {
    return code.replace(".", "").replace(" ", "").trim().toUpperCase(Locale.ROOT);
  }

  /** The labels one ICD-10 code makes positive, including the unions (ICH, Haemorrhage). */
  public static Set<String> labelsOf(String code) {
    String c = normalise(code);
    Set<String> out = new TreeSet<>();
    DIRECT.forEach((label, ranges) -> {
      if (ranges.stream().anyMatch(r -> r.matches(c))) {
        out.add(label);
      }
    });
    if (out.contains("IPH") || out.contains("IVH")) {
      out.add("ICH");
    }
    if (out.contains("IPH") || out.contains("IVH") || out.contains("SDH") || out.contains("SAH")
        || out.contains("ICH")) {
      out.add("Haemorrhage");
    }
    return out;
  }
}
