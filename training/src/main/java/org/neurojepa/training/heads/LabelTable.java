package org.neurojepa.training.heads;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.SplittableRandom;
import org.neurojepa.training.dataset.DatasetEntry;

/**
 * Labels for training and evaluating findings heads, keyed by patient (the dataset's pseudonymous
 * patient key: labels from the EHR belong to a patient) or by study UID (labels read off a
 * radiology report belong to one study). A value is known positive, known negative, or unknown:
 * an unknown label is left out of that label's loss and metrics, never taken as negative.
 */
public final class LabelTable {
  /** What the keys are. */
  public enum KeyKind {
    PATIENT("patient"),
    STUDY("study_uid");

    private final String column;

    KeyKind(String column) {
      this.column = column;
    }

    public String column() {
      return column;
    }
  }

  private final KeyKind keyKind;
  private final List<String> labels;
  private final Map<String, Boolean[]> rows;

  public LabelTable(KeyKind keyKind, List<String> labels, Map<String, Boolean[]> rows) {
    if (labels.isEmpty()) {
      throw new IllegalArgumentException("a label table needs at least one label");
    }
    if (labels.stream().distinct().count() != labels.size()) {
      throw new IllegalArgumentException("label names must be distinct: " + labels);
    }
    this.keyKind = keyKind;
    this.labels = List.copyOf(labels);
    Map<String, Boolean[]> copy = new LinkedHashMap<>();
    rows.forEach((k, v) -> {
      if (v.length != labels.size()) {
        throw new IllegalArgumentException("row " + k + " has " + v.length + " values for " + labels.size() + " labels");
      }
      copy.put(k, v.clone());
    });
    this.rows = Collections.unmodifiableMap(copy);
  }

  /**
   * Reads a CSV file whose header is {@code patient} or {@code study_uid} followed by the label
   * names; values are 1/0, true/false, yes/no, or empty for unknown. A malformed line, an unknown
   * value or a key given twice is an error naming the line.
   */
  public static LabelTable readCsv(Path csv) throws IOException {
    List<String> lines = Files.readAllLines(csv, StandardCharsets.UTF_8);
    int first = 0;
    while (first < lines.size() && lines.get(first).isBlank()) {
      first++;
    }
    if (first == lines.size()) {
      throw new IOException(csv + " is empty; expected a header 'patient,<label>,…' or 'study_uid,<label>,…'");
    }
    String[] header = split(lines.get(first));
    KeyKind kind = Arrays.stream(KeyKind.values()).filter(k -> k.column.equals(header[0].trim())).findFirst()
        .orElseThrow(() -> new IOException(csv + ": the first column must be 'patient' or 'study_uid', was '"
            + header[0].trim() + "'"));
    List<String> labels = new ArrayList<>();
    for (int c = 1; c < header.length; c++) {
      String name = header[c].trim();
      if (name.isEmpty()) {
        throw new IOException(csv + ": column " + (c + 1) + " of the header has no label name");
      }
      labels.add(name);
    }
    if (labels.isEmpty()) {
      throw new IOException(csv + ": the header names no label");
    }
    Map<String, Boolean[]> rows = new LinkedHashMap<>();
    for (int i = first + 1; i < lines.size(); i++) {
      String line = lines.get(i);
      if (line.isBlank()) {
        continue;
      }
      String[] cells = split(line);
      if (cells.length > labels.size() + 1) {
        throw new IOException(csv + " line " + (i + 1) + ": " + cells.length + " columns, the header has "
            + (labels.size() + 1));
      }
      String key = cells[0].trim();
      if (key.isEmpty()) {
        throw new IOException(csv + " line " + (i + 1) + ": no " + kind.column);
      }
      Boolean[] values = new Boolean[labels.size()];
      for (int c = 1; c < cells.length; c++) {
        try {
          values[c - 1] = parse(cells[c]);
        } catch (IllegalArgumentException e) {
          throw new IOException(csv + " line " + (i + 1) + ", " + labels.get(c - 1) + ": " + e.getMessage());
        }
      }
      if (rows.put(key, values) != null) {
        throw new IOException(csv + " line " + (i + 1) + ": " + kind.column + " " + key + " is listed twice");
      }
    }
    return new LabelTable(kind, labels, rows);
  }

  private static String[] split(String line) {
    return line.split(",", -1);
  }

  private static Boolean parse(String cell) {
    String v = cell.trim().toLowerCase(Locale.ROOT);
    return switch (v) {
      case "" -> null;
      case "1", "true", "yes" -> Boolean.TRUE;
      case "0", "false", "no" -> Boolean.FALSE;
      default -> throw new IllegalArgumentException("'" + cell.trim() + "' is not 1/0, true/false, yes/no or empty");
    };
  }

  /** The row of a dataset entry, by patient key or study UID. */
  public Optional<Boolean[]> of(DatasetEntry e) {
    String key = keyKind == KeyKind.PATIENT ? e.patient() : e.studyUid();
    Boolean[] row = rows.get(key);
    return row == null ? Optional.empty() : Optional.of(row.clone());
  }

  /**
   * The table with only {@code chosen} labels, in that order: the EHR labels a site has too few
   * cases of, say, left out of a run. Keys that know none of them are dropped.
   *
   * @throws IllegalArgumentException for a name the table does not have, naming those it has
   */
  public LabelTable only(List<String> chosen) {
    int[] columns = new int[chosen.size()];
    for (int i = 0; i < chosen.size(); i++) {
      columns[i] = labels.indexOf(chosen.get(i));
      if (columns[i] < 0) {
        throw new IllegalArgumentException("no label '" + chosen.get(i) + "'; the labels are " + labels);
      }
    }
    Map<String, Boolean[]> out = new LinkedHashMap<>();
    rows.forEach((key, row) -> {
      Boolean[] picked = new Boolean[columns.length];
      boolean known = false;
      for (int i = 0; i < columns.length; i++) {
        picked[i] = row[columns[i]];
        known |= picked[i] != null;
      }
      if (known) {
        out.put(key, picked);
      }
    });
    return new LabelTable(keyKind, chosen, out);
  }

  /** The same keys with every label's values permuted among the keys that know it (a leakage check). */
  public LabelTable shuffled(long seed) {
    List<String> keys = new ArrayList<>(rows.keySet());
    Map<String, Boolean[]> out = new LinkedHashMap<>();
    for (String k : keys) {
      out.put(k, new Boolean[labels.size()]);
    }
    SplittableRandom rng = new SplittableRandom(seed);
    for (int l = 0; l < labels.size(); l++) {
      List<Boolean> column = new ArrayList<>();
      for (String k : keys) {
        column.add(rows.get(k)[l]);
      }
      for (int i = column.size() - 1; i > 0; i--) {
        Collections.swap(column, i, rng.nextInt(i + 1));
      }
      for (int i = 0; i < keys.size(); i++) {
        out.get(keys.get(i))[l] = column.get(i);
      }
    }
    return new LabelTable(keyKind, labels, out);
  }

  /** Writes the table as CSV in the format {@link #readCsv} reads. */
  public void writeCsv(Path csv) throws IOException {
    StringBuilder b = new StringBuilder(keyKind.column);
    for (String l : labels) {
      b.append(',').append(l);
    }
    b.append('\n');
    rows.forEach((k, v) -> {
      b.append(k);
      for (Boolean x : v) {
        b.append(',').append(x == null ? "" : x ? "1" : "0");
      }
      b.append('\n');
    });
    Files.writeString(csv, b.toString(), StandardCharsets.UTF_8);
  }

  public KeyKind keyKind() {
    return keyKind;
  }

  public List<String> labels() {
    return labels;
  }

  public int size() {
    return rows.size();
  }
}
