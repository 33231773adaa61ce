package org.neurojepa.training.heads;

import java.io.IOException;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import org.neurojepa.model.Embedding;
import org.neurojepa.model.InferenceEngine;
import org.neurojepa.model.NeuroJepaConfig;
import org.neurojepa.training.dataset.DatasetEntry;
import org.neurojepa.training.dataset.DatasetManifest;

/**
 * The labelled scans of a dataset and what a head learns from: the frozen encoder's tokens,
 * computed with the service's own {@link InferenceEngine} so that heads learn from exactly the
 * features they will see in service, or the model inputs themselves when the encoder is trained
 * too. Both are kept in memory (the base encoder: 1.8 MB of tokens or 4 MB of input per scan).
 */
public final class ScanFeatures {
  private static final int CHUNK = 8;

  private ScanFeatures() {}

  /** The entries that have a row in {@code labels}, with it; the others are counted on the console. */
  public static List<LabelledScan> labelled(List<DatasetEntry> entries, LabelTable labels, PrintStream console) {
    List<LabelledScan> out = new ArrayList<>();
    for (DatasetEntry e : entries) {
      Optional<Boolean[]> row = labels.of(e);
      row.ifPresent(r -> out.add(new LabelledScan(e, r)));
    }
    if (out.size() < entries.size()) {
      console.printf(Locale.ROOT, "%d of %d scans have no labels and are left out%n", entries.size() - out.size(),
          entries.size());
    }
    return out;
  }

  /** The encoder's embedding of each scan, in order. A damaged or unreadable input is an error naming it. */
  public static List<Embedding> embed(InferenceEngine encoder, DatasetManifest data, List<LabelledScan> scans,
      PrintStream console) throws IOException, InterruptedException {
    List<Embedding> out = new ArrayList<>();
    long t0 = System.nanoTime();
    for (int start = 0; start < scans.size(); start += CHUNK) {
      int end = Math.min(scans.size(), start + CHUNK);
      List<float[]> inputs = new ArrayList<>();
      for (int i = start; i < end; i++) {
        inputs.add(data.modelInput(scans.get(i).entry(), encoder.config()));
      }
      out.addAll(encoder.embedAll(inputs));
      double s = (System.nanoTime() - t0) / 1e9;
      console.printf(Locale.ROOT, "embedding scans %d/%d  %.1f scans/s%n", end, scans.size(), end / s);
    }
    return out;
  }

  /** Each scan's model input for {@code config}, in model order. */
  public static List<float[]> inputs(DatasetManifest data, List<LabelledScan> scans, NeuroJepaConfig config)
      throws IOException {
    List<float[]> out = new ArrayList<>();
    for (LabelledScan s : scans) {
      out.add(data.modelInput(s.entry(), config));
    }
    return out;
  }
}
