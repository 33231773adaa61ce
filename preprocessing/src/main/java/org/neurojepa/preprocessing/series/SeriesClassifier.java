package org.neurojepa.preprocessing.series;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import org.neurojepa.preprocessing.convert.DicomSeries;
import org.neurojepa.preprocessing.convert.SeriesConverter;

/**
 * Decides whether a series is a T1-weighted, T2-weighted or FLAIR brain MR acquisition, or why it
 * is not. Rejections come first, from the most specific evidence (SOP class, ImageType, b-values)
 * to names; then the contrast from timing (TR, TE, TI and the scanning sequence) and from name
 * keywords, timing winning a conflict except where a name is the only sign of an inversion pulse.
 */
public final class SeriesClassifier {
  /** Fewer images than this cannot make a brain volume (scouts have 1–9). */
  public static final int DEFAULT_MIN_SLICES = 16;

  private static final Set<String> BRAIN_BODY_PARTS =
      Set.of("HEAD", "BRAIN", "SKULL", "HEADNECK", "HEAD_NECK", "HEAD NECK", "CEREBRUM", "NEURO");
  private static final Set<String> NO_AGENT = Set.of("NONE", "NO", "N/A", "NA", "0", "-", "NIL", "NO CONTRAST");

  private final int minSlices;

  public SeriesClassifier() {
    this(DEFAULT_MIN_SLICES);
  }

  public SeriesClassifier(int minSlices) {
    if (minSlices < 1) {
      throw new IllegalArgumentException("minimum slice count must be at least 1: " + minSlices);
    }
    this.minSlices = minSlices;
  }

  /**
   * Classifies a series found on disk from its headers: the first image's attributes, the number
   * of images (frames) and whether they form one regular volume.
   */
  public Classification classify(DicomSeries series) {
    String problem = SeriesConverter.geometryProblem(series).map(Throwable::getMessage).orElse("");
    SeriesHeader header;
    try {
      header = SeriesHeader.of(series.firstHeader(), SeriesConverter.frameCount(series.headers()), problem);
    } catch (NumberFormatException e) {
      header = SeriesHeader.builder().geometryProblem("unreadable header value: " + e.getMessage())
          .sliceCount(series.headers().size()).build();
    }
    return classify(header);
  }

  public Classification classify(SeriesHeader h) {
    List<String> evidence = new ArrayList<>();
    NameKeywords names = new NameKeywords(h.seriesDescription(), h.protocolName(), h.sequenceName());
    if (!names.text().isEmpty()) {
      evidence.add("names: " + names.text());
    }
    if (!h.imageType().isEmpty()) {
      evidence.add("ImageType=" + String.join("\\", h.imageType()));
    }
    boolean post = postContrast(h, names, evidence);
    Optional<Classification> rejected = reject(h, names, evidence, post);
    if (rejected.isPresent()) {
      return rejected.get();
    }
    return contrast(h, names, evidence, post);
  }

  private Optional<Classification> reject(SeriesHeader h, NameKeywords names, List<String> ev, boolean post) {
    List<String> type = h.imageType();
    if (!h.modality().isEmpty() && !h.modality().equalsIgnoreCase("MR")) {
      return no(RejectionReason.NOT_MR, post, 0.99, ev, "modality is " + h.modality() + ", not MR");
    }
    if (h.sopClassUid().equals(SeriesHeader.MR_SPECTROSCOPY_STORAGE) || type.contains("SPECTROSCOPY")) {
      return no(RejectionReason.SPECTROSCOPY, post, 0.99, ev, "MR spectroscopy object");
    }
    Optional<String> word = names.find(NameKeywords.SPECTROSCOPY);
    if (word.isPresent()) {
      return no(RejectionReason.SPECTROSCOPY, post, 0.8, ev, "spectroscopy name '" + word.get() + "'");
    }
    if (type.contains("LOCALIZER")) {
      return no(RejectionReason.LOCALIZER, post, 0.99, ev, "ImageType says LOCALIZER");
    }
    if ((word = names.find(NameKeywords.LOCALIZER)).isPresent()) {
      return no(RejectionReason.LOCALIZER, post, 0.9, ev, "localizer name '" + word.get() + "'");
    }
    if (h.maxBValue() > 50) {
      return no(RejectionReason.DIFFUSION, post, 0.99, ev, "diffusion b-value " + fmt(h.maxBValue()) + " s/mm²");
    }
    for (String t : List.of("DIFFUSION", "ADC", "TRACEW", "TRACE", "FA", "EADC", "EXP")) {
      if (type.contains(t) && (!t.equals("EXP") && !t.equals("FA") || type.contains("DIFFUSION"))) {
        return no(RejectionReason.DIFFUSION, post, 0.97, ev, "ImageType value " + t);
      }
    }
    if ((word = names.find(NameKeywords.DIFFUSION)).isPresent()) {
      return no(RejectionReason.DIFFUSION, post, 0.85, ev, "diffusion name '" + word.get() + "'");
    }
    if (type.contains("PERFUSION") || type.contains("ASL")) {
      return no(RejectionReason.PERFUSION, post, 0.97, ev, "ImageType says perfusion");
    }
    if ((word = names.find(NameKeywords.PERFUSION)).isPresent()) {
      return no(RejectionReason.PERFUSION, post, 0.85, ev, "perfusion name '" + word.get() + "'");
    }
    if (type.contains("FMRI") || type.contains("MOSAIC") && names.has(NameKeywords.FUNCTIONAL)) {
      return no(RejectionReason.FUNCTIONAL, post, 0.95, ev, "functional (BOLD) series");
    }
    if ((word = names.find(NameKeywords.FUNCTIONAL)).isPresent()) {
      return no(RejectionReason.FUNCTIONAL, post, 0.85, ev, "functional name '" + word.get() + "'");
    }
    if (type.contains("SWI") || type.contains("MNIP") || type.contains("MIN IP")) {
      return no(RejectionReason.SWI, post, 0.97, ev, "ImageType says susceptibility-weighted");
    }
    if (names.has(NameKeywords.SWIP) && named(names) == null) {
      return no(RejectionReason.SWI, post, 0.8, ev, "susceptibility name 'SWIp'");
    }
    if ((word = names.find(NameKeywords.SWI)).isPresent()) {
      return no(RejectionReason.SWI, post, 0.85, ev, "susceptibility name '" + word.get() + "'");
    }
    if ((word = names.find(NameKeywords.ANGIOGRAPHY)).isPresent()) {
      return no(RejectionReason.ANGIOGRAPHY, post, 0.85, ev, "angiography name '" + word.get() + "'");
    }
    if (!type.isEmpty() && type.get(0).equals("DERIVED")
        || type.contains("SECONDARY") || type.contains("MPR") || type.contains("REFORMATTED")
        || type.contains("PROJECTION IMAGE") || type.contains("MIP") || type.contains("SUBTRACTION")) {
      return no(RejectionReason.DERIVED, post, 0.95, ev, "derived/secondary image (ImageType " + String.join("\\", type) + ")");
    }
    if ((word = names.find(NameKeywords.DERIVED)).isPresent()) {
      return no(RejectionReason.DERIVED, post, 0.8, ev, "reformat/derived name '" + word.get() + "'");
    }
    String part = h.bodyPartExamined().toUpperCase(Locale.ROOT);
    if (!part.isEmpty() && !BRAIN_BODY_PARTS.contains(part)) {
      return no(RejectionReason.NON_BRAIN, post, 0.95, ev, "BodyPartExamined is " + part);
    }
    if ((word = names.find(NameKeywords.NON_BRAIN)).isPresent()) {
      return no(RejectionReason.NON_BRAIN, post, 0.8, ev, "body-part name '" + word.get() + "'");
    }
    if (!h.geometryProblem().isEmpty()) {
      return no(RejectionReason.INCONSISTENT_GEOMETRY, post, 0.99, ev, h.geometryProblem());
    }
    if (h.sliceCount() < minSlices) {
      return no(RejectionReason.TOO_FEW_SLICES, post, 0.99, ev,
          h.sliceCount() + " images, fewer than the " + minSlices + " a volume needs");
    }
    return Optional.empty();
  }

  private static Optional<Classification> no(
      RejectionReason reason, boolean post, double confidence, List<String> ev, String why) {
    ev.add("rejected: " + why);
    return Optional.of(Classification.rejected(reason, post, confidence, ev, why));
  }

  /** The contrast a series' timing points to, or OTHER for contrasts the model does not take. */
  private enum Weighting { T1, T2, FLAIR, OTHER }

  private Classification contrast(SeriesHeader h, NameKeywords names, List<String> ev, boolean post) {
    double tr = h.repetitionTime(), te = h.echoTime(), ti = h.inversionTime();
    ev.add("ScanningSequence=" + String.join("\\", h.scanningSequence()) + " SequenceVariant="
        + String.join("\\", h.sequenceVariant()) + " MRAcquisitionType=" + h.mrAcquisitionType()
        + " TR=" + fmt(tr) + " TE=" + fmt(te) + " TI=" + fmt(ti));
    boolean tiKnown = ti > 0;
    String[] why = {""};
    Weighting timing = timing(h, tiKnown, why);
    if (timing != null) {
      ev.add("timing: " + why[0]);
    }
    Weighting named = named(names);
    if (named != null) {
      ev.add("names say " + named);
    }
    if (timing == null && named == null) {
      return Classification.rejected(RejectionReason.UNRECOGNISED, post, 0.5, ev,
          "neither timing (TR/TE/TI) nor names identify the contrast");
    }
    Weighting decided;
    double confidence;
    if (timing == null) {
      decided = named;
      confidence = 0.6;
    } else if (named == null) {
      decided = timing;
      confidence = 0.8;
    } else if (timing == named) {
      decided = timing;
      confidence = 0.95;
    } else if (timing == Weighting.T2 && named == Weighting.FLAIR && !tiKnown) {
      // No inversion time in the header (stripped, or a vendor that omits it): the name is the only
      // sign of the inversion pulse.
      decided = Weighting.FLAIR;
      confidence = 0.7;
      ev.add("conflict: long TR/TE without TI but named FLAIR: FLAIR");
    } else {
      decided = timing;
      confidence = timing == Weighting.FLAIR && named == Weighting.T2 ? 0.75 : 0.5;
      ev.add("conflict: timing says " + timing + ", names say " + named + ": timing wins");
    }
    return switch (decided) {
      case T1 -> Classification.accepted(SequenceType.T1W, post, confidence, ev, "T1-weighted");
      case T2 -> Classification.accepted(SequenceType.T2W, post, confidence, ev, "T2-weighted");
      case FLAIR -> Classification.accepted(SequenceType.FLAIR, post, confidence, ev, "FLAIR");
      case OTHER -> Classification.rejected(RejectionReason.OTHER_CONTRAST, post, confidence, ev,
          "contrast the model does not take (" + (timing == Weighting.OTHER ? why[0] : "named " + names.text()) + ")");
    };
  }

  private static Weighting timing(SeriesHeader h, boolean tiKnown, String[] why) {
    double tr = h.repetitionTime(), te = h.echoTime(), ti = h.inversionTime();
    boolean inversion = h.scanningSequence().contains("IR");
    boolean gradient = h.scanningSequence().contains("GR") && !h.scanningSequence().contains("SE");
    if (tiKnown && te >= 0) {
      if (ti >= 1400 && te >= 60) {
        why[0] = "TI " + fmt(ti) + " ≥ 1400 with TE " + fmt(te) + " ≥ 60: fluid-suppressed (FLAIR)";
        return Weighting.FLAIR;
      }
      if (ti >= 300 && ti < 1400 && te < 30) {
        why[0] = "TI " + fmt(ti) + " in [300, 1400) with TE " + fmt(te) + " < 30: inversion-prepared T1";
        return Weighting.T1;
      }
      if (ti < 300 && (inversion || h.sequenceVariant().contains("MP"))) {
        why[0] = "TI " + fmt(ti) + " < 300 with an inversion pulse: STIR";
        return Weighting.OTHER;
      }
      if (ti >= 300) {
        why[0] = "TI " + fmt(ti) + " with TE " + fmt(te) + " fits no known inversion recipe";
        return null;
      }
      // A small TI on a sequence without inversion is a vendor artefact (Philips TFE): ignore it.
    }
    if (!(tr > 0) || !(te >= 0)) {
      return null;
    }
    if (inversion) {
      if (te >= 60 && tr >= 4000) {
        why[0] = "inversion recovery (TI absent) with TR " + fmt(tr) + ", TE " + fmt(te) + ": FLAIR";
        return Weighting.FLAIR;
      }
      if (te < 30) {
        why[0] = "inversion recovery (TI absent) with TE " + fmt(te) + " < 30: T1";
        return Weighting.T1;
      }
      return null;
    }
    if (gradient) {
      if (te < 10 && tr < 1000) {
        why[0] = "gradient echo, TR " + fmt(tr) + " < 1000, TE " + fmt(te) + " < 10: T1 (spoiled GRE/TFE)";
        return Weighting.T1;
      }
      if (te >= 10) {
        why[0] = "gradient echo with TE " + fmt(te) + " ≥ 10: T2*";
        return Weighting.OTHER;
      }
      return null;
    }
    if (tr < 1000 && te < 30) {
      why[0] = "TR " + fmt(tr) + " < 1000, TE " + fmt(te) + " < 30: T1";
      return Weighting.T1;
    }
    if (tr >= 1500 && te >= 60) {
      why[0] = "TR " + fmt(tr) + " ≥ 1500, TE " + fmt(te) + " ≥ 60, no inversion: T2";
      return Weighting.T2;
    }
    if (tr >= 1500 && te < 40) {
      why[0] = "TR " + fmt(tr) + " ≥ 1500, TE " + fmt(te) + " < 40: proton density";
      return Weighting.OTHER;
    }
    return null;
  }

  private static Weighting named(NameKeywords names) {
    boolean flair = names.has(NameKeywords.FLAIR);
    boolean t1 = names.has(NameKeywords.T1);
    boolean t2 = names.has(NameKeywords.T2);
    if (flair && !(t1 && !t2)) {
      return Weighting.FLAIR;
    }
    if (t1) {
      return Weighting.T1;
    }
    if (names.has(NameKeywords.OTHER_CONTRAST)) {
      return Weighting.OTHER;
    }
    return t2 ? Weighting.T2 : null;
  }

  private static boolean postContrast(SeriesHeader h, NameKeywords names, List<String> ev) {
    String agent = h.contrastBolusAgent();
    if (!agent.isEmpty() && !NO_AGENT.contains(agent.toUpperCase(Locale.ROOT))) {
      ev.add("ContrastBolusAgent=" + agent);
      return true;
    }
    Optional<String> post = names.find(NameKeywords.POST_CONTRAST);
    if (post.isPresent() && !names.has(NameKeywords.PRE_CONTRAST)) {
      ev.add("post-contrast name '" + post.get() + "'");
      return true;
    }
    return false;
  }

  private static String fmt(double v) {
    if (Double.isNaN(v)) {
      return "-";
    }
    return v == Math.rint(v) ? Long.toString((long) v) : String.format(Locale.ROOT, "%.3g", v);
  }
}
